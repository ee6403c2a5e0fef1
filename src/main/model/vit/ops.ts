// Building blocks shared by the ViT modules: nn.Linear, nn.LayerNorm and the activations of
// transformers' ACT2FN, as differentiable TF.js ops (no tidy here: callers own the scope).
import * as tf from '@tensorflow/tfjs';
import type { ViTConfig } from '../../../shared/model/vit-config';
import type { DenseParams, LayerNormParams } from './params';

/** nn.Linear on the last axis: [..., in] → [..., out] (flattened to 2-D for one matMul). */
export function linear(x: tf.Tensor, p: DenseParams): tf.Tensor {
  const [inF, outF] = p.kernel.shape as [number, number];
  const lead = x.shape.slice(0, -1);
  let y = tf.matMul(x.reshape([-1, inF]), p.kernel); // [M, out]
  if (p.bias) y = tf.add(y, p.bias);
  return y.reshape([...lead, outF]);
}

/** nn.LayerNorm over the last axis, biased variance like PyTorch. */
export function layerNorm(x: tf.Tensor, p: LayerNormParams, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, p.gamma), p.beta);
}

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** transformers' ACT2FN[hidden_act]. 'gelu' is the exact erf form, the *_tanh ones the approximation. */
export function activation(x: tf.Tensor, kind: ViTConfig['hiddenAct']): tf.Tensor {
  switch (kind) {
    case 'gelu':
      // 0.5 · x · (1 + erf(x / √2))
      return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, SQRT1_2)), 1));
    case 'gelu_new':
    case 'gelu_pytorch_tanh': {
      // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 x³)))
      const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_2_OVER_PI);
      return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
    }
    case 'quick_gelu':
      return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
    case 'relu':
      return tf.relu(x);
  }
}
