// ViTAttention = ViTSelfAttention + ViTSelfOutput (the output projection; its residual is added
// in ViTLayer, as in modeling_vit.py).
import type * as tf from '@tensorflow/tfjs';
import type { ViTConfig } from '../../../shared/model/vit-config';
import { linear } from './ops';
import type { ViTLayerParams } from './params';
import { vitSelfAttention } from './self-attention';

/** ViTSelfOutput: [B, T, D] → [B, T, D]. */
export function vitSelfOutput(context: tf.Tensor, p: ViTLayerParams): tf.Tensor {
  return linear(context, p.attentionOutput);
}

/** ViTAttention: normalised hidden [B, T, D] → attention output [B, T, D]. */
export function vitAttention(hidden: tf.Tensor, p: ViTLayerParams, config: ViTConfig): tf.Tensor {
  return vitSelfOutput(vitSelfAttention(hidden, p, config), p);
}
