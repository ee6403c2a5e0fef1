// ViTLayer (pre-norm transformer block; Dinov2Layer adds LayerScale on both branches; CLIP's and
// SigLIP's EncoderLayer are the same block under other names) and ViTEncoder (the stack of them).
import * as tf from '@tensorflow/tfjs';
import type { ViTConfig } from '../../../shared/model/vit-config';
import { vitAttention } from './attention';
import { vitIntermediate, vitOutput } from './mlp';
import { layerNorm } from './ops';
import type { ViTLayerParams } from './params';

/** ViTLayer: [B, T, D] → [B, T, D]. */
export function vitLayer(hidden: tf.Tensor, p: ViTLayerParams, config: ViTConfig): tf.Tensor {
  const eps = config.layerNormEps;
  let attention = vitAttention(layerNorm(hidden, p.layernormBefore, eps), p, config); // [B, T, D]
  if (p.layerScale1) attention = tf.mul(attention, p.layerScale1); // Dinov2LayerScale
  const afterAttention = tf.add(attention, hidden); // first residual
  const intermediate = vitIntermediate(layerNorm(afterAttention, p.layernormAfter, eps), p, config); // [B, T, I]
  return vitOutput(intermediate, afterAttention, p); // (× layer_scale2) second residual, [B, T, D]
}

/** ViTEncoder: [B, T, D] → [B, T, D]. */
export function vitEncoder(hidden: tf.Tensor, layers: ViTLayerParams[], config: ViTConfig): tf.Tensor {
  let h = hidden;
  // One tidy per layer bounds inference memory to one layer's activations; under a gradient tape
  // TF.js keeps what backprop needs, so training is unaffected.
  for (const p of layers) {
    const input = h;
    h = tf.tidy(() => vitLayer(input, p, config));
  }
  return h;
}
