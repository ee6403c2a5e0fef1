// Tiny ViT checkpoints with seeded random weights, written exactly as HF saves them
// (config.json + preprocessor_config.json + model.safetensors), for tests of anything that loads
// a model. No TF.js needed: the weights come from a seeded PRNG.
//
//   const ck = makeTinyCheckpoint(dir, {hiddenSize: 32, layers: 2, heads: 4, imageSize: 32,
//                                       patchSize: 8, labels: ['cat', 'dog'], seed: 1});
//   ck.folder, ck.config, ck.preprocessor, ck.weights
import fs from 'node:fs';
import {
  parsePreprocessorConfig,
  parseViTConfig,
  type PreprocessorConfig,
  type ViTConfig,
} from '../../src/shared/model/vit-config';
import type { LayerNormWeights, LinearWeights, ViTWeights } from '../../src/main/model/checkpoint';
import { configToJson, preprocessorToJson, saveCheckpoint } from '../../src/main/model/save-checkpoint';

export interface TinyViTOptions {
  hiddenSize?: number;
  layers?: number;
  heads?: number;
  imageSize?: number;
  patchSize?: number;
  /** Class names, or a count (names "class_0"…); 0 / [] writes a bare backbone without classifier. */
  labels?: string[] | number;
  seed?: number;
  /** Spread of the random weights; larger than HF's 0.02 so outputs differ visibly between images. */
  std?: number;
  intermediateSize?: number;
  hiddenAct?: ViTConfig['hiddenAct'];
  /** Extra preprocessor_config.json keys (HF names), e.g. {resample: 3}. */
  preprocessor?: Record<string, unknown>;
}

export interface TinyCheckpoint {
  folder: string;
  config: ViTConfig;
  preprocessor: PreprocessorConfig;
  weights: ViTWeights;
}

/** mulberry32 + Box–Muller: deterministic normal samples. */
function normalSampler(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

export function makeTinyCheckpoint(folder: string, opts: TinyViTOptions = {}): TinyCheckpoint {
  const D = opts.hiddenSize ?? 32;
  const layers = opts.layers ?? 2;
  const heads = opts.heads ?? 4;
  const imageSize = opts.imageSize ?? 32;
  const P = opts.patchSize ?? 8;
  const I = opts.intermediateSize ?? D * 2;
  const std = opts.std ?? 0.1;
  const labels =
    typeof opts.labels === 'number'
      ? Array.from({ length: opts.labels }, (_, i) => `class_${i}`)
      : (opts.labels ?? ['class_0', 'class_1', 'class_2']);
  const config = parseViTConfig({
    model_type: 'vit',
    hidden_size: D,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    intermediate_size: I,
    hidden_act: opts.hiddenAct ?? 'gelu',
    layer_norm_eps: 1e-12,
    image_size: imageSize,
    patch_size: P,
    num_channels: 3,
    qkv_bias: true,
    num_labels: labels.length,
    id2label: Object.fromEntries(labels.map((n, i) => [String(i), n])),
  });
  const preprocessor = parsePreprocessorConfig(
    { ...preprocessorToJson(parsePreprocessorConfig({}, imageSize)), ...opts.preprocessor },
    imageSize,
  );

  const normal = normalSampler(opts.seed ?? 0);
  const rand = (n: number, scale = std, offset = 0) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = offset + scale * normal();
    return out;
  };
  const linear = (outF: number, inF: number): LinearWeights => ({
    weight: rand(outF * inF),
    bias: rand(outF),
    outFeatures: outF,
    inFeatures: inF,
  });
  const norm = (): LayerNormWeights => ({ weight: rand(D, 0.1, 1), bias: rand(D) });
  const N = (imageSize / P) ** 2;
  const weights: ViTWeights = {
    patchProjection: { weight: rand(D * 3 * P * P), bias: rand(D) },
    clsToken: rand(D),
    positionEmbeddings: rand((N + 1) * D),
    layers: Array.from({ length: layers }, () => ({
      layernormBefore: norm(),
      query: linear(D, D),
      key: linear(D, D),
      value: linear(D, D),
      attentionOutput: linear(D, D),
      layernormAfter: norm(),
      intermediate: linear(I, D),
      output: linear(D, I),
    })),
    layernorm: norm(),
    classifier: labels.length ? linear(labels.length, D) : null,
  };
  fs.mkdirSync(folder, { recursive: true });
  saveCheckpoint(folder, { config, preprocessor, weights });
  return { folder, config, preprocessor, weights };
}

export { configToJson };
