// The classifier's input from the encoder output, as each family's *ForImageClassification pools
// it (shared/model/families.ts, FeaturePooling), with the final LayerNorm where the family has it.
import * as tf from '@tensorflow/tfjs';
import { prefixTokens, type ViTConfig } from '../../../shared/model/vit-config';
import { layerNorm } from './ops';
import type { ViTParams } from './params';

/** encoded [B, S, D] → features [B, F] (F = 2D for DINOv2's concat, else D). */
export function pooledFeatures(encoded: tf.Tensor, p: ViTParams, config: ViTConfig): tf.Tensor2D {
  const [B, S, D] = encoded.shape as [number, number, number];
  const eps = config.layerNormEps;
  const R = prefixTokens(config);
  const cls = (x: tf.Tensor) => x.slice([0, 0, 0], [B, 1, D]).reshape([B, D]); // [B, D]
  const patchMean = (x: tf.Tensor) => tf.mean(x.slice([0, R, 0], [B, S - R, D]), 1); // [B, D]
  switch (config.pooling) {
    case 'cls':
      // ViT: only [CLS] is read, and LayerNorm is per token: normalising it alone is exact.
      return layerNorm(cls(encoded), p.layernorm, eps) as tf.Tensor2D;
    case 'cls+mean-patch': {
      // DINOv2: concat([CLS], mean of the patch tokens, registers excluded) after the final LayerNorm.
      const normed = layerNorm(encoded, p.layernorm, eps);
      return tf.concat([cls(normed), patchMean(normed)], 1) as tf.Tensor2D; // [B, 2D]
    }
    case 'mean-patch':
      // CLIP: mean of the patch tokens of the encoder output; post_layernorm is not on this path.
      return patchMean(encoded) as tf.Tensor2D;
    case 'mean-all':
      // SigLIP: mean of every token after post_layernorm.
      return tf.mean(layerNorm(encoded, p.layernorm, eps), 1) as tf.Tensor2D;
  }
}
