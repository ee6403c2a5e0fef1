// ViTSelfAttention: multi-head scaled dot-product attention over all N+1 tokens.
import * as tf from '@tensorflow/tfjs';
import type { ViTConfig } from '../../../shared/model/vit-config';
import { linear } from './ops';
import type { ViTLayerParams } from './params';

/** [B, T, D] → [B, H, T, dh] */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  return tf.transpose(x.reshape([B, T, heads, D / heads]), [0, 2, 1, 3]);
}

/** hidden [B, T, D] (T = N+1) → context [B, T, D]. */
export function vitSelfAttention(hidden: tf.Tensor, p: ViTLayerParams, config: ViTConfig): tf.Tensor {
  const [B, T, D] = hidden.shape as [number, number, number];
  const H = config.numAttentionHeads;
  const dh = D / H;
  // Scaling q before QKᵀ equals HF's scaling of the scores, on T·D values instead of H·T·T.
  const q = splitHeads(tf.mul(linear(hidden, p.query), 1 / Math.sqrt(dh)), H); // [B, H, T, dh]
  const k = splitHeads(linear(hidden, p.key), H); // [B, H, T, dh]
  const v = splitHeads(linear(hidden, p.value), H); // [B, H, T, dh]
  const context = tf.getBackend() === 'wasm' ? attendPerHead(q, k, v) : attendBatched(q, k, v); // [B, H, T, dh]
  return tf.transpose(context, [0, 2, 1, 3]).reshape([B, T, D]); // [B, T, D]
}

/** softmax(q kᵀ) v with batched matMuls: [B, H, T, dh] → [B, H, T, dh]. */
function attendBatched(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const scores = tf.matMul(q, k, false, true); // [B, H, T, T]
  const probs = tf.softmax(scores, -1); // [B, H, T, T]
  return tf.matMul(probs, v); // [B, H, T, dh]
}

/**
 * The same on WASM, one 2-D matMul per (image, head): the WASM backend runs plain 2-D products on
 * XNNPACK but batched or transposed-operand products on a slow generic loop (≈3× slower here).
 */
function attendPerHead(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const [B, H, T, dh] = q.shape as [number, number, number, number];
  const kT = tf.transpose(k, [0, 1, 3, 2]).reshape([B * H, dh, T]); // [B·H, dh, T]
  const qs = tf.unstack(q.reshape([B * H, T, dh])); // B·H × [T, dh]
  const ks = tf.unstack(kT); // B·H × [dh, T]
  const vs = tf.unstack(v.reshape([B * H, T, dh])); // B·H × [T, dh]
  const contexts = qs.map((qi, i) => tf.matMul(tf.softmax(tf.matMul(qi, ks[i]!), -1), vs[i]!)); // B·H × [T, dh]
  return tf.stack(contexts).reshape([B, H, T, dh]);
}
