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

/** ViTOutput: [B, T, I] → [B, T, D], plus the residual input [B, T, D]. */
export function vitOutput(intermediate: tf.Tensor, residual: tf.Tensor, p: ViTLayerParams): tf.Tensor {
  return tf.add(linear(intermediate, p.output), residual);
}
