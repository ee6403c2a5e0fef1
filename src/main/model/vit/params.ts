// The ViT's parameters as tf.Variables, in TF layouts (Dense kernels [in, out]).
//
//   paramsFromWeights(config, weights, {trainable, inputSize}) → ViTParams   PyTorch [out,in] transposed
//                                                    once, positions resampled to the input grid
//   randomParams(config, {seed, numLabels, trainable})  → ViTParams   HF init: trunc-normal(0.02),
//                                                                    zero biases, LayerNorm 1/0
//   paramsToWeights(config, params) → ViTWeights       back to PyTorch layouts (for saving)
//   paramList(params) → tf.Variable[]                  every variable, e.g. for an optimizer
//   disposeParams(params)
import * as tf from '@tensorflow/tfjs';
import { featureSize, requireFamily, type ViTConfig } from '../../../shared/model/vit-config';
import type { LayerNormWeights, LinearWeights, ViTWeights } from '../checkpoint';
import { positionsForInput } from '../position-interpolation';
import { hashString } from '../../../shared/random';

export interface DenseParams {
  kernel: tf.Variable; // [in, out]
  bias: tf.Variable | null; // [out]
}

export interface LayerNormParams {
  gamma: tf.Variable; // [D]
  beta: tf.Variable; // [D]
}

export interface ViTLayerParams {
  layernormBefore: LayerNormParams;
  query: DenseParams;
  key: DenseParams;
  value: DenseParams;
  attentionOutput: DenseParams;
  layernormAfter: LayerNormParams;
  intermediate: DenseParams;
  output: DenseParams;
  /** DINOv2's LayerScale lambda1 of the attention and MLP branches. [D] */
  layerScale1?: tf.Variable;
  layerScale2?: tf.Variable;
}

export interface ViTParams {
  /** The Conv2d kernel [D, C, P, P] flattened per output and transposed: [C*P*P, D]. */
  patchKernel: tf.Variable;
  patchBias: tf.Variable; // [D]
  /** [1, 1, D]; null for SigLIP (no [CLS]). */
  clsToken: tf.Variable | null;
  /** [1, cls + N, D] at the grid of the input size the model runs at. */
  positionEmbeddings: tf.Variable;
  /** CLIP's pre_layrnorm on the embeddings. */
  preLayernorm: LayerNormParams | null;
  /** DINOv2 with registers: [1, R, D], inserted after [CLS] (after the positions are added). */
  registerTokens?: tf.Variable;
  layers: ViTLayerParams[];
  layernorm: LayerNormParams;
  classifier: DenseParams | null;
}

/** [rows, cols] row-major → [cols, rows] row-major. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[base + c]!;
  }
  return out;
}

function variable(data: Float32Array, shape: number[], trainable: boolean): tf.Variable {
  // tf.variable shares the tensor's data (no copy), so only one WASM-heap copy exists; tidy
  // releases the temporary tensor handle, which otherwise stays counted (and leaks) forever.
  return tf.tidy(() => tf.variable(tf.tensor(data, shape, 'float32'), trainable));
}

export interface FromWeightsOptions {
  trainable?: boolean;
  /** Side of the square pixel_values (the image processor's output); default config.imageSize. */
  inputSize?: number;
}

export function paramsFromWeights(config: ViTConfig, w: ViTWeights, opts: FromWeightsOptions = {}): ViTParams {
  requireFamily(config, 'The TF.js engine', ['vit', 'dinov2', 'clip', 'siglip']);
  const trainable = opts.trainable ?? false;
  const D = config.hiddenSize;
  const CPP = config.numChannels * config.patchSize * config.patchSize;
  const positions = positionsForInput(config, w.positionEmbeddings, opts.inputSize ?? config.imageSize); // [cls + N, D]
  const dense = (l: LinearWeights): DenseParams => ({
    kernel: variable(transpose2d(l.weight, l.outFeatures, l.inFeatures), [l.inFeatures, l.outFeatures], trainable),
    bias: l.bias ? variable(l.bias, [l.outFeatures], trainable) : null,
  });
  const norm = (n: LayerNormWeights): LayerNormParams => ({
    gamma: variable(n.weight, [D], trainable),
    beta: variable(n.bias, [D], trainable),
  });
  return {
    patchKernel: variable(transpose2d(w.patchProjection.weight, D, CPP), [CPP, D], trainable),
    patchBias: variable(w.patchProjection.bias, [D], trainable),
    clsToken: w.clsToken ? variable(w.clsToken, [1, 1, D], trainable) : null,
    positionEmbeddings: variable(positions, [1, positions.length / D, D], trainable),
    preLayernorm: w.preLayernorm ? norm(w.preLayernorm) : null,
    ...(w.registerTokens ? { registerTokens: variable(w.registerTokens, [1, config.numRegisterTokens, D], trainable) } : {}),
    layers: w.layers.map((l) => ({
      layernormBefore: norm(l.layernormBefore),
      query: dense(l.query),
      key: dense(l.key),
      value: dense(l.value),
      attentionOutput: dense(l.attentionOutput),
      layernormAfter: norm(l.layernormAfter),
      intermediate: dense(l.intermediate),
      output: dense(l.output),
      ...(l.layerScale1 && l.layerScale2
        ? { layerScale1: variable(l.layerScale1, [D], trainable), layerScale2: variable(l.layerScale2, [D], trainable) }
        : {}),
    })),
    layernorm: norm(w.layernorm),
    classifier: w.classifier ? dense(w.classifier) : null,
  };
}

export interface RandomInitOptions {
  /** Same seed, same weights (per backend). */
  seed?: number;
  /** Classifier outputs; 0 = no classifier. Defaults to config.id2label.length. */
  numLabels?: number;
  /** HF's initializer_range. */
  std?: number;
  trainable?: boolean;
}

/** A freshly initialised ViT the way HF's ViTPreTrainedModel._init_weights does it. */
export function randomParams(config: ViTConfig, opts: RandomInitOptions = {}): ViTParams {
  const trainable = opts.trainable ?? true;
  const std = opts.std ?? 0.02;
  const baseSeed = opts.seed ?? 0;
  let tensorIndex = 0;
  // One seed per tensor, never 0: TF.js treats a falsy seed as "unseeded" (Math.random).
  const nextSeed = () => hashString(`vit-init:${baseSeed}:${tensorIndex++}`) || 1;
  const D = config.hiddenSize;
  const I = config.intermediateSize;
  const CPP = config.numChannels * config.patchSize * config.patchSize;
  const T = (config.imageSize / config.patchSize) ** 2 + (config.clsToken ? 1 : 0);
  const L = opts.numLabels ?? config.id2label.length;
  const lambda = config.family === 'dinov2' ? config.layerscaleValue : 1;
  // tidy: only the variables survive, not the tensors they were made from.
  const normal = (shape: number[]) => tf.tidy(() => tf.variable(tf.truncatedNormal(shape, 0, std, 'float32', nextSeed()), trainable));
  const zeros = (shape: number[]) => tf.tidy(() => tf.variable(tf.zeros(shape), trainable));
  const ones = (shape: number[]) => tf.tidy(() => tf.variable(tf.ones(shape), trainable));
  const filled = (shape: number[], v: number) => tf.tidy(() => tf.variable(tf.fill(shape, v), trainable));
  const dense = (inF: number, outF: number, bias = true): DenseParams => ({
    kernel: normal([inF, outF]),
    bias: bias ? zeros([outF]) : null,
  });
  const norm = (): LayerNormParams => ({ gamma: ones([D]), beta: zeros([D]) });
  return {
    patchKernel: normal([CPP, D]),
    patchBias: zeros([D]),
    clsToken: config.clsToken ? normal([1, 1, D]) : null,
    positionEmbeddings: normal([1, T, D]),
    preLayernorm: config.preLayernorm ? norm() : null,
    ...(config.numRegisterTokens ? { registerTokens: normal([1, config.numRegisterTokens, D]) } : {}),
    layers: Array.from({ length: config.numHiddenLayers }, () => ({
      layernormBefore: norm(),
      query: dense(D, D, config.qkvBias),
      key: dense(D, D, config.qkvBias),
      value: dense(D, D, config.qkvBias),
      attentionOutput: dense(D, D),
      layernormAfter: norm(),
      intermediate: dense(D, I),
      output: dense(I, D),
      ...(config.layerScale ? { layerScale1: filled([D], lambda), layerScale2: filled([D], lambda) } : {}),
    })),
    layernorm: norm(),
    classifier: L > 0 ? dense(featureSize(config), L) : null,
  };
}

export function paramList(p: ViTParams): tf.Variable[] {
  const out: tf.Variable[] = [p.patchKernel, p.patchBias, ...(p.clsToken ? [p.clsToken] : []), p.positionEmbeddings];
  const dense = (d: DenseParams) => (d.bias ? out.push(d.kernel, d.bias) : out.push(d.kernel));
  const norm = (n: LayerNormParams) => out.push(n.gamma, n.beta);
  if (p.preLayernorm) norm(p.preLayernorm);
  if (p.registerTokens) out.push(p.registerTokens);
  for (const l of p.layers) {
    norm(l.layernormBefore);
    dense(l.query);
    dense(l.key);
    dense(l.value);
    dense(l.attentionOutput);
    norm(l.layernormAfter);
    dense(l.intermediate);
    dense(l.output);
    if (l.layerScale1 && l.layerScale2) out.push(l.layerScale1, l.layerScale2);
  }
  norm(p.layernorm);
  if (p.classifier) dense(p.classifier);
  return out;
}

export function disposeParams(p: ViTParams): void {
  for (const v of paramList(p)) v.dispose();
}

/** Reads the variables back into PyTorch layouts, e.g. to save a from-scratch model as safetensors. */
export function paramsToWeights(config: ViTConfig, p: ViTParams): ViTWeights {
  const D = config.hiddenSize;
  const CPP = config.numChannels * config.patchSize * config.patchSize;
  const read = (v: tf.Variable) => v.dataSync() as Float32Array;
  const linear = (d: DenseParams): LinearWeights => {
    const [inF, outF] = d.kernel.shape as [number, number];
    return {
      weight: transpose2d(read(d.kernel), inF, outF),
      bias: d.bias ? read(d.bias).slice() : null,
      outFeatures: outF,
      inFeatures: inF,
    };
  };
  const norm = (n: LayerNormParams): LayerNormWeights => ({ weight: read(n.gamma).slice(), bias: read(n.beta).slice() });
  return {
    patchProjection: { weight: transpose2d(read(p.patchKernel), CPP, D), bias: read(p.patchBias).slice() },
    clsToken: p.clsToken ? read(p.clsToken).slice() : null,
    positionEmbeddings: read(p.positionEmbeddings).slice(),
    ...(p.preLayernorm ? { preLayernorm: norm(p.preLayernorm) } : {}),
    ...(p.registerTokens ? { registerTokens: read(p.registerTokens).slice() } : {}),
    layers: p.layers.map((l) => ({
      layernormBefore: norm(l.layernormBefore),
      query: linear(l.query),
      key: linear(l.key),
      value: linear(l.value),
      attentionOutput: linear(l.attentionOutput),
      layernormAfter: norm(l.layernormAfter),
      intermediate: linear(l.intermediate),
      output: linear(l.output),
      ...(l.layerScale1 && l.layerScale2 ? { layerScale1: read(l.layerScale1).slice(), layerScale2: read(l.layerScale2).slice() } : {}),
    })),
    layernorm: norm(p.layernorm),
    classifier: p.classifier ? linear(p.classifier) : null,
  };
}
