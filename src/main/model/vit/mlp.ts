// ViTIntermediate (D → I with the activation) and ViTOutput (I → D, residual added here as in
// modeling_vit.py).
import * as tf from '@tensorflow/tfjs';
import type { ViTConfig } from '../../../shared/model/vit-config';
import { activation, linear } from './ops';
import type { ViTLayerParams } from './params';

/** ViTIntermediate: [B, T, D] → [B, T, I]. */
export function vitIntermediate(hidden: tf.Tensor, p: ViTLayerParams, config: ViTConfig): tf.Tensor {
  return activation(linear(hidden, p.intermediate), config.hiddenAct);
}

/** ViTOutput: [B, T, I] → [B, T, D] (× DINOv2's layer_scale2), plus the residual input [B, T, D]. */
export function vitOutput(intermediate: tf.Tensor, residual: tf.Tensor, p: ViTLayerParams): tf.Tensor {
  const output = linear(intermediate, p.output); // [B, T, D]
  return tf.add(p.layerScale2 ? tf.mul(output, p.layerScale2) : output, residual); // Dinov2LayerScale
}
