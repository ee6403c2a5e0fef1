// ViTEmbeddings + ViTPatchEmbeddings: the strided Conv2d(C, D, kernel=P, stride=P) written as
// patchify (reshape/transpose) + one matMul, because the WASM backend has no conv2d filter
// gradient; it computes exactly the same sums. Then [CLS] in front (not for SigLIP) and position
// embeddings added (CLIPVisionEmbeddings and SiglipVisionEmbeddings are the same block).
import * as tf from '@tensorflow/tfjs';
import type { ViTConfig } from '../../../shared/model/vit-config';
import type { ViTParams } from './params';

/** [B, C, H, W] → [B, N, C*P*P], each patch flattened in (c, y, x) order like the conv kernel. */
export function patchify(pixelValues: tf.Tensor, patchSize: number): tf.Tensor3D {
  const [B, C, H, W] = pixelValues.shape as [number, number, number, number];
  const P = patchSize;
  const h = H / P;
  const w = W / P;
  const grid = pixelValues.reshape([B, C, h, P, w, P]); // [B, C, h, P, w, P]
  const patches = tf.transpose(grid, [0, 2, 4, 1, 3, 5]); // [B, h, w, C, P, P]
  return patches.reshape([B, h * w, C * P * P]);
}

/** Side of the square input the position embeddings were built for. */
export function inputSizeOf(params: ViTParams, config: ViTConfig): number {
  const patches = params.positionEmbeddings.shape[1]! - (params.clsToken ? 1 : 0);
  return Math.round(Math.sqrt(patches)) * config.patchSize;
}

/** ViTPatchEmbeddings: [B, C, H, W] → [B, N, D]. */
export function patchEmbeddings(pixelValues: tf.Tensor, params: ViTParams, config: ViTConfig): tf.Tensor3D {
  const [B, C, H, W] = pixelValues.shape as [number, number, number, number];
  const S = inputSizeOf(params, config);
  if (C !== config.numChannels || H !== S || W !== S) {
    throw new Error(`pixel_values are [${B}, ${C}, ${H}, ${W}], the model expects [B, ${config.numChannels}, ${S}, ${S}]`);
  }
  const patches = patchify(pixelValues, config.patchSize); // [B, N, C*P*P]
  const N = patches.shape[1];
  const D = config.hiddenSize;
  const flat = patches.reshape([B * N, -1]); // [B*N, C*P*P]
  return tf.add(tf.matMul(flat, params.patchKernel), params.patchBias).reshape([B, N, D]);
}

/** ViTEmbeddings: [B, C, H, W] → [B, 1+R+N, D] ([B, N, D] without [CLS]; R registers for DINOv2 with registers). */
export function vitEmbeddings(pixelValues: tf.Tensor, params: ViTParams, config: ViTConfig): tf.Tensor3D {
  const embeddings = patchEmbeddings(pixelValues, params, config); // [B, N, D]
  if (!params.clsToken) return tf.add(embeddings, params.positionEmbeddings) as tf.Tensor3D; // SigLIP: + [1, N, D]
  const B = embeddings.shape[0];
  const cls = tf.tile(params.clsToken, [B, 1, 1]); // [B, 1, D]
  const tokens = tf.add(tf.concat([cls, embeddings], 1), params.positionEmbeddings) as tf.Tensor3D; // [B, N+1, D] + [1, N+1, D]
  if (!params.registerTokens) return tokens;
  // Dinov2WithRegistersEmbeddings: the registers (no positions) go between [CLS] and the patches.
  const [, T, D] = tokens.shape;
  const registers = tf.tile(params.registerTokens, [B, 1, 1]); // [B, R, D]
  return tf.concat([tokens.slice([0, 0, 0], [B, 1, D]), registers, tokens.slice([0, 1, 0], [B, T - 1, D])], 1) as tf.Tensor3D; // [B, 1+R+N, D]
}
