import { ConfigError, featureSize, prefixTokens, processorOutputSize, type PreprocessorConfig, type ViTConfig } from '../../shared/model/vit-config';
import type { ViTWeights } from '../model/checkpoint';
import { positionsForInput } from '../model/position-interpolation';
import { encoderLayer } from './encoder-graph';
import { GraphBuilder } from './graph-builder';
import { layerNorm, MS_DOMAIN, tokenSlice, type Ctx, type GraphOptions } from './graph-ops';

// Every supported family's *ForImageClassification as one ONNX graph, built from the checkpoint:
// embeddings → (CLIP's pre_layrnorm) → encoder layers → final LayerNorm → the family's pooling →
// classifier. The family's traits (ViTConfig) say which parts exist; see shared/model/families.ts.
// B = batch (symbolic), N = patches, R = prefix tokens ([CLS] + registers), S = R+N, D = hidden.

export type { AttentionKind, GraphOptions, GraphPrecision } from './graph-ops';

export const INPUT_NAME = 'pixel_values';
/** The classifier's input (the pooled feature of the family), [B, featureSize]. */
export const FEATURE_OUTPUT = 'features';
export const LOGITS_OUTPUT = 'logits';

/** The side of the square pixel_values a graph built with `options` takes. */
export function graphInputSize(config: ViTConfig, options: GraphOptions): number {
  return options.inputSize ?? config.imageSize;
}

/** The side of the image processor's (square) output: what a graph for this checkpoint takes. */
export function processorInputSize(preprocessor: PreprocessorConfig): number {
  const { height, width } = processorOutputSize(preprocessor);
  if (height !== width) throw new ConfigError(`the image processor makes ${width}×${height} images; the ONNX graph takes square ones`);
  return height;
}

/**
 * Patch embeddings, prefix tokens and position embeddings: pixels [B, C, H, W] → tokens [B, S, D].
 * Positions are resampled to the input's grid here, once (DINOv2); the [CLS] row and the registers
 * (which get no position) are one constant prefix, and the conv bias is folded into the patch positions.
 */
function embeddings(ctx: Ctx, pixels: string, w: ViTWeights, inputSize: number): string {
  const { g, config } = ctx;
  const { hiddenSize: D, numChannels: C, patchSize: P } = config;
  const N = (inputSize / P) ** 2;
  const cls = config.clsToken ? 1 : 0;
  const R = prefixTokens(config);
  const positions = positionsForInput(config, w.positionEmbeddings, inputSize); // [cls + N, D]
  const kernel = g.float('embeddings.patch_embeddings.projection.weight', [D, C, P, P], () => w.patchProjection.weight);
  const conv = g.op('Conv', [pixels, kernel], 'embeddings.patch_embeddings.projection', { kernel_shape: [P, P], strides: [P, P] }); // [B, D, h, w]
  const flat = g.op('Reshape', [conv, g.int64([0, D, -1])], 'embeddings.patch_embeddings/flatten'); // [B, D, N]
  const patches = g.op('Transpose', [flat], 'embeddings.patch_embeddings/transpose', { perm: [0, 2, 1] }); // [B, N, D]
  const patchPositions = g.float('embeddings.patch_position_embeddings', [1, N, D], () => {
    const out = positions.slice(cls * D); // [N, D]
    const bias = w.patchProjection.bias;
    for (let i = 0; i < out.length; i++) out[i]! += bias[i % D]!;
    return out;
  });
  const patchTokens = g.op('Add', [patches, patchPositions], 'embeddings/add_position'); // [B, N, D]
  if (R === 0) return patchTokens; // SigLIP: no [CLS]

  // [CLS] + its position, then the registers: the same R tokens for every image. [1, R, D]
  const prefix = g.float('embeddings.prefix_tokens', [1, R, D], () => {
    const out = new Float32Array(R * D);
    if (cls) for (let d = 0; d < D; d++) out[d] = w.clsToken![d]! + positions[d]!;
    if (w.registerTokens) out.set(w.registerTokens, cls * D);
    return out;
  });
  const inputShape = g.op('Shape', [pixels], 'embeddings/input_shape'); // [4]
  const batch = g.op('Slice', [inputShape, g.int64([0]), g.int64([1])], 'embeddings/batch'); // [1]
  const prefixShape = g.op('Concat', [batch, g.int64([R, D])], 'embeddings/prefix_shape', { axis: 0 }); // [3]
  const prefixTokensB = g.op('Expand', [prefix, prefixShape], 'embeddings/prefix_tokens'); // [B, R, D]
  return g.op('Concat', [prefixTokensB, patchTokens], 'embeddings/concat', { axis: 1 }); // [B, S, D]
}

/** The classifier's input, as the family's *ForImageClassification pools the encoder output. */
function pooledFeature(ctx: Ctx, hidden: string, w: ViTWeights): string {
  const { g, config } = ctx;
  const normed = config.normBeforePooling ? layerNorm(ctx, hidden, 'layernorm', w.layernorm) : hidden; // [B, S, D]
  const meanOf = (x: string, name: string) => g.op('ReduceMean', [x], name, { axes: [1], keepdims: 0 }); // [B, D]
  const clsOf = (x: string) => g.op('Gather', [x, g.int64([0], true)], 'pooled_cls', { axis: 1 }); // [B, D]
  switch (config.pooling) {
    case 'cls': // ViT: the last layer ran for [CLS] alone, normed is [B, 1, D]
      return clsOf(normed);
    case 'cls+mean-patch': {
      // DINOv2: concat([CLS], mean of the patch tokens — registers excluded). [B, 2D]
      const patches = tokenSlice(ctx, normed, 'patch_tokens', prefixTokens(config));
      return g.op('Concat', [clsOf(normed), meanOf(patches, 'patch_mean')], 'pooled_cls_patch_mean', { axis: 1 });
    }
    case 'mean-patch': // CLIP: mean of the patch tokens of the encoder output (no post_layernorm)
      return meanOf(tokenSlice(ctx, normed, 'patch_tokens', prefixTokens(config)), 'patch_mean');
    case 'mean-all': // SigLIP: mean of every token after post_layernorm
      return meanOf(normed, 'token_mean');
  }
}

/**
 * The whole backbone (and classifier when the checkpoint has one) as an ONNX graph:
 * pixel_values [B, C, H, W] → features [B, F] (the classifier's input), logits [B, L].
 */
export function buildViTGraph(config: ViTConfig, weights: ViTWeights, options: GraphOptions): GraphBuilder {
  const g = new GraphBuilder(`${config.family}_${options.precision}_${options.attention}`);
  const ctx: Ctx = { g, config, ...options };
  const inputSize = graphInputSize(config, options);
  const F = featureSize(config);
  const pixels = g.input(INPUT_NAME, ['batch', config.numChannels, inputSize, inputSize]);
  let hidden = embeddings(ctx, pixels, weights, inputSize); // [B, S, D]
  if (weights.preLayernorm) hidden = layerNorm(ctx, hidden, 'pre_layrnorm', weights.preLayernorm);
  const last = weights.layers.length - 1;
  weights.layers.forEach((layer, i) => {
    hidden = encoderLayer(ctx, hidden, i, layer, i === last && config.pooling === 'cls'); // [B, S, D] ([B, 1, D] if cls-only)
  });
  const feature = pooledFeature(ctx, hidden, weights); // [B, F]
  g.output(feature, FEATURE_OUTPUT, ['batch', F]);
  if (weights.classifier) {
    const c = weights.classifier;
    const wc = g.float('classifier.weight', [c.outFeatures, F], () => c.weight); // PyTorch [L, F], Gemm transB
    const bc = g.float('classifier.bias', [c.outFeatures], () => c.bias!);
    const logits = g.op('Gemm', [feature, wc, bc], 'classifier', { transB: 1 }); // [B, L]
    g.output(logits, LOGITS_OUTPUT, ['batch', c.outFeatures]);
  }
  return g;
}

/** Opsets the graph imports: LayerNormalization needs 17; int8 and 'mha' use com.microsoft contrib ops. */
export function graphOpsets(options: GraphOptions) {
  const contrib = options.precision === 'int8' || options.attention === 'mha';
  return [{ domain: '', version: 17 }, ...(contrib ? [{ domain: MS_DOMAIN, version: 1 }] : [])];
}
