// ViTForImageClassification in TF.js: embeddings → encoder → final LayerNorm → classifier on [CLS];
// CLIPForImageClassification and SiglipForImageClassification are the same model with the
// family's traits (CLIP: pre_layrnorm, mean of patches; SigLIP: no [CLS], mean of all tokens).
//
//   ViT.fromWeights(config, weights, {trainable?, inputSize?})   pretrained (from loadCheckpoint)
//   ViT.fromCheckpoint(checkpoint)                    same, frozen, at the image processor's size
//   ViT.random(config, {seed, numLabels, trainable})  from scratch (HF init), all weights trainable
//   vit.apply(pixels)      differentiable, no tidy: for tf.variableGrads / optimizer.minimize
//   vit.forward(pixels)    inference inside tf.tidy → {features [B, F], logits [B, L] | null}
//   vit.extract(pixels, B) Float32Array in/out convenience (awaits the data, disposes tensors)
//   vit.trainableVariables(), vit.toWeights(), vit.dispose()
//
// Training from scratch on WASM:
//   const vit = ViT.random(config, {seed: 1});
//   const opt = tf.train.adam(1e-3);
//   opt.minimize(() => tf.losses.softmaxCrossEntropy(oneHot, vit.apply(x).logits!), false, vit.trainableVariables());
import * as tf from '@tensorflow/tfjs';
import { processorOutputSize, type ViTConfig } from '../../../shared/model/vit-config';
import type { Checkpoint, ViTWeights } from '../checkpoint';
import { inputSizeOf, vitEmbeddings } from './embeddings';
import { vitEncoder } from './layer';
import { layerNorm, linear } from './ops';
import { pooledFeatures } from './pooling';
import {
  disposeParams,
  paramList,
  paramsFromWeights,
  paramsToWeights,
  randomParams,
  type FromWeightsOptions,
  type RandomInitOptions,
  type ViTParams,
} from './params';

export interface ViTOutputs<T extends tf.Tensor = tf.Tensor2D> {
  /** The classifier's input, pooled as the family's *ForImageClassification does: the frozen-backbone feature. [B, F] */
  features: T;
  /** Classifier logits [B, L], null without a classifier. */
  logits: T | null;
}

export class ViT {
  private disposed = false;

  constructor(
    readonly config: ViTConfig,
    readonly params: ViTParams,
  ) {}

  static fromWeights(config: ViTConfig, weights: ViTWeights, opts: FromWeightsOptions = {}): ViT {
    return new ViT(config, paramsFromWeights(config, weights, opts));
  }

  static fromCheckpoint(checkpoint: Checkpoint, opts: { trainable?: boolean } = {}): ViT {
    const inputSize = processorOutputSize(checkpoint.preprocessor).height;
    return ViT.fromWeights(checkpoint.config, checkpoint.weights, { ...opts, inputSize });
  }

  /** Side of the square pixel_values the model takes. */
  get inputSize(): number {
    return inputSizeOf(this.params, this.config);
  }

  static random(config: ViTConfig, opts: RandomInitOptions = {}): ViT {
    return new ViT(config, randomParams(config, opts));
  }

  get numLabels(): number {
    return this.params.classifier ? this.params.classifier.kernel.shape[1]! : 0;
  }

  /** pixelValues [B, C, H, W] → outputs; differentiable, tensors belong to the caller's scope. */
  apply(pixelValues: tf.Tensor): ViTOutputs {
    if (this.disposed) throw new Error('ViT used after dispose()');
    const p = this.params;
    let embeddings: tf.Tensor = vitEmbeddings(pixelValues, p, this.config); // [B, S, D]
    if (p.preLayernorm) embeddings = layerNorm(embeddings, p.preLayernorm, this.config.layerNormEps); // CLIP's pre_layrnorm
    const encoded = vitEncoder(embeddings, p.layers, this.config); // [B, S, D]
    const features = pooledFeatures(encoded, p, this.config); // [B, F]
    const logits = p.classifier ? (linear(features, p.classifier) as tf.Tensor2D) : null; // [B, L]
    return { features, logits };
  }

  /** Inference: intermediates freed, only the outputs survive. */
  forward(pixelValues: tf.Tensor4D): ViTOutputs {
    const kept = tf.tidy(() => {
      const out = this.apply(pixelValues);
      return out.logits ? [out.features, out.logits] : [out.features];
    }) as tf.Tensor2D[];
    return { features: kept[0]!, logits: kept[1] ?? null };
  }

  /** Float32Array [B, C, H, W] → {features [B, D], logits [B, L] | null}, nothing left on the backend. */
  async extract(pixelValues: Float32Array, batchSize: number): Promise<{ features: Float32Array; logits: Float32Array | null }> {
    const C = this.config.numChannels;
    const S = this.inputSize;
    if (pixelValues.length !== batchSize * C * S * S) {
      throw new Error(`pixel_values hold ${pixelValues.length} values, expected ${batchSize}×${C}×${S}×${S}`);
    }
    const input = tf.tensor4d(pixelValues, [batchSize, C, S, S]);
    try {
      const out = this.forward(input);
      try {
        const features = (await out.features.data()) as Float32Array;
        const logits = out.logits ? ((await out.logits.data()) as Float32Array) : null;
        return { features, logits };
      } finally {
        out.features.dispose();
        out.logits?.dispose();
      }
    } finally {
      input.dispose();
    }
  }

  trainableVariables(): tf.Variable[] {
    return paramList(this.params).filter((v) => v.trainable);
  }

  variables(): tf.Variable[] {
    return paramList(this.params);
  }

  /** PyTorch-layout weights (e.g. to save with saveCheckpoint). */
  toWeights(): ViTWeights {
    return paramsToWeights(this.config, this.params);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeParams(this.params);
  }
}
