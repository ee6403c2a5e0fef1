import fs from 'node:fs';
import path from 'node:path';
import {
  ConfigError,
  parsePreprocessorConfig,
  parseViTConfig,
  type PreprocessorConfig,
  type ViTConfig,
} from '../../shared/model/vit-config';
import { CheckpointError } from './checkpoint-error';
import { readModelJson, readModelJsonSync } from './model-files';
import { SafetensorsError, SafetensorsFile } from './safetensors';

export { CheckpointError };

// Weights of ViTForImageClassification (or a bare ViTModel), as float32 in PyTorch layouts:
// Linear weights are [out, in]; the patch projection is the Conv2d kernel [D, C, P, P].

export interface LayerNormWeights {
  weight: Float32Array; // [D]
  bias: Float32Array; // [D]
}

export interface LinearWeights {
  weight: Float32Array; // [out, in]
  bias: Float32Array | null; // [out]
  outFeatures: number;
  inFeatures: number;
}

export interface ViTLayerWeights {
  layernormBefore: LayerNormWeights;
  query: LinearWeights;
  key: LinearWeights;
  value: LinearWeights;
  attentionOutput: LinearWeights;
  layernormAfter: LayerNormWeights;
  intermediate: LinearWeights;
  output: LinearWeights;
}

export interface ViTWeights {
  patchProjection: { weight: Float32Array; bias: Float32Array }; // [D, C, P, P], [D]
  clsToken: Float32Array; // [D]
  positionEmbeddings: Float32Array; // [N+1, D]
  layers: ViTLayerWeights[];
  layernorm: LayerNormWeights;
  /** null for a backbone-only checkpoint (ViTModel, or in21k without a head). */
  classifier: LinearWeights | null;
}

export interface Checkpoint {
  folder: string;
  config: ViTConfig;
  preprocessor: PreprocessorConfig;
  weights: ViTWeights;
}

/** The folder's model.safetensors, or an error that says what is there instead. */
export function requireWeightsFile(folder: string): string {
  const weightsFile = path.join(folder, 'model.safetensors');
  if (!fs.existsSync(weightsFile)) {
    const hasBin = fs.existsSync(path.join(folder, 'pytorch_model.bin'));
    throw new CheckpointError(
      hasBin
        ? `${folder} has only pytorch_model.bin; ViT Studio reads model.safetensors (convert with transformers' save_pretrained(safe_serialization=True))`
        : `model.safetensors not found in ${folder}`,
    );
  }
  return weightsFile;
}

type ModelConfig = { config: ViTConfig; preprocessor: PreprocessorConfig };

function parseModelConfig(rawConfig: unknown, rawPreprocessor: unknown): ModelConfig {
  try {
    const config = parseViTConfig(rawConfig);
    return { config, preprocessor: parsePreprocessorConfig(rawPreprocessor, config.imageSize) };
  } catch (e) {
    if (e instanceof ConfigError) throw new CheckpointError(e.message);
    throw e;
  }
}

/**
 * config.json and preprocessor_config.json of a model folder, without reading any weights, off
 * the event loop (a FIFO or /dev/zero in their place is refused, see model-files.ts).
 */
export async function loadModelConfig(folder: string): Promise<ModelConfig> {
  const config = await readModelJson(path.join(folder, 'config.json'), true);
  return parseModelConfig(config, await readModelJson(path.join(folder, 'preprocessor_config.json'), false));
}

/** loadModelConfig for worker-side loaders that are synchronous anyway (same checks, same caps). */
export function loadModelConfigSync(folder: string): ModelConfig {
  const config = readModelJsonSync(path.join(folder, 'config.json'), true);
  return parseModelConfig(config, readModelJsonSync(path.join(folder, 'preprocessor_config.json'), false));
}

/** Reads a Hugging Face model folder: config.json, preprocessor_config.json, model.safetensors. */
export function loadCheckpoint(folder: string): Checkpoint {
  const weightsFile = requireWeightsFile(folder);
  const { config, preprocessor } = loadModelConfigSync(folder);
  try {
    const file = SafetensorsFile.open(weightsFile);
    try {
      return { folder, config, preprocessor, weights: readViTWeights(file, config) };
    } finally {
      file.close();
    }
  } catch (e) {
    if (e instanceof SafetensorsError) throw new CheckpointError(e.message);
    throw e;
  }
}

/**
 * Every tensor a ViT checkpoint must hold, by its Hugging Face name, with the shape config.json
 * implies. `prefix` is "vit." for ViTForImageClassification and "" for a bare ViTModel.
 */
export function expectedTensorShapes(config: ViTConfig, prefix: string, hasClassifier: boolean): Map<string, number[]> {
  const D = config.hiddenSize;
  const C = config.numChannels;
  const P = config.patchSize;
  const N = (config.imageSize / P) ** 2;
  const I = config.intermediateSize;
  const expected = new Map<string, number[]>();
  const want = (name: string, shape: number[]) => expected.set(name, shape);
  want(`${prefix}embeddings.cls_token`, [1, 1, D]);
  want(`${prefix}embeddings.position_embeddings`, [1, N + 1, D]);
  want(`${prefix}embeddings.patch_embeddings.projection.weight`, [D, C, P, P]);
  want(`${prefix}embeddings.patch_embeddings.projection.bias`, [D]);
  for (let l = 0; l < config.numHiddenLayers; l++) {
    const p = `${prefix}encoder.layer.${l}.`;
    for (const n of ['query', 'key', 'value']) {
      want(`${p}attention.attention.${n}.weight`, [D, D]);
      if (config.qkvBias) want(`${p}attention.attention.${n}.bias`, [D]);
    }
    want(`${p}attention.output.dense.weight`, [D, D]);
    want(`${p}attention.output.dense.bias`, [D]);
    want(`${p}intermediate.dense.weight`, [I, D]);
    want(`${p}intermediate.dense.bias`, [I]);
    want(`${p}output.dense.weight`, [D, I]);
    want(`${p}output.dense.bias`, [D]);
    for (const n of ['layernorm_before', 'layernorm_after']) {
      want(`${p}${n}.weight`, [D]);
      want(`${p}${n}.bias`, [D]);
    }
  }
  want(`${prefix}layernorm.weight`, [D]);
  want(`${prefix}layernorm.bias`, [D]);
  if (hasClassifier) {
    want('classifier.weight', [config.id2label.length, D]);
    want('classifier.bias', [config.id2label.length]);
  }
  return expected;
}

/**
 * Maps HF tensor names onto ViTWeights, checking every shape against the config before reading.
 * Accepts `vit.`-prefixed names (ViTForImageClassification) and bare ones (ViTModel).
 */
export function readViTWeights(file: SafetensorsFile, config: ViTConfig): ViTWeights {
  const prefix = file.has('vit.embeddings.cls_token') ? 'vit.' : '';
  const D = config.hiddenSize;
  const I = config.intermediateSize;

  // Check every expected name and shape first, so a bad file costs no allocation and lists all problems.
  const hasClassifier = file.has('classifier.weight');
  const expected = expectedTensorShapes(config, prefix, hasClassifier);
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const [name, shape] of expected) {
    const t = file.tensors.get(name);
    if (!t) missing.push(name);
    else if (t.shape.join('x') !== shape.join('x')) {
      wrong.push(`${name} is [${t.shape.join(', ')}], config.json implies [${shape.join(', ')}]`);
    }
  }
  if (missing.length || wrong.length) {
    const parts: string[] = [];
    if (missing.length) {
      parts.push(`missing ${missing.length} tensor(s): ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}`);
    }
    if (wrong.length) parts.push(`shape mismatch: ${wrong.slice(0, 5).join('; ')}${wrong.length > 5 ? '; …' : ''}`);
    throw new CheckpointError(`${file.path}: ${parts.join('. ')}`);
  }

  const read = (name: string) => file.readFloat32(name);
  const layerNorm = (p: string): LayerNormWeights => ({ weight: read(`${p}.weight`), bias: read(`${p}.bias`) });
  const linear = (p: string, outFeatures: number, inFeatures: number, bias = true): LinearWeights => ({
    weight: read(`${p}.weight`),
    bias: bias ? read(`${p}.bias`) : null,
    outFeatures,
    inFeatures,
  });
  const layers: ViTLayerWeights[] = [];
  for (let l = 0; l < config.numHiddenLayers; l++) {
    const p = `${prefix}encoder.layer.${l}.`;
    layers.push({
      layernormBefore: layerNorm(`${p}layernorm_before`),
      query: linear(`${p}attention.attention.query`, D, D, config.qkvBias),
      key: linear(`${p}attention.attention.key`, D, D, config.qkvBias),
      value: linear(`${p}attention.attention.value`, D, D, config.qkvBias),
      attentionOutput: linear(`${p}attention.output.dense`, D, D),
      layernormAfter: layerNorm(`${p}layernorm_after`),
      intermediate: linear(`${p}intermediate.dense`, I, D),
      output: linear(`${p}output.dense`, D, I),
    });
  }
  return {
    patchProjection: {
      weight: read(`${prefix}embeddings.patch_embeddings.projection.weight`),
      bias: read(`${prefix}embeddings.patch_embeddings.projection.bias`),
    },
    clsToken: read(`${prefix}embeddings.cls_token`),
    positionEmbeddings: read(`${prefix}embeddings.position_embeddings`),
    layers,
    layernorm: layerNorm(`${prefix}layernorm`),
    classifier: hasClassifier ? linear('classifier', config.id2label.length, D) : null,
  };
}
