import fs from 'node:fs';
import path from 'node:path';
import {
  ConfigError,
  expectedTensorShapes,
  featureSize,
  parseModelConfigs,
  tensorNames,
  tensorPrefixes,
  type PreprocessorConfig,
  type ViTConfig,
} from '../../shared/model/vit-config';
import { CheckpointError } from './checkpoint-error';
import { readModelJson, readModelJsonSync } from './model-files';
import { SafetensorsError, SafetensorsFile } from './safetensors';

export { CheckpointError };

// Weights of any supported family's *ForImageClassification (or its bare model), as float32 in
// PyTorch layouts: Linear weights are [out, in]; the patch projection is the Conv2d kernel
// [D, C, P, P]. One layout for every family; the family's traits (ViTConfig) say which parts exist.

export { expectedTensorShapes };

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
  /** DINOv2's LayerScale lambda1 on the attention and MLP branches. [D] */
  layerScale1?: Float32Array;
  layerScale2?: Float32Array;
}

/** A checkpoint tensor no feature reads (DINOv2's mask_token, SigLIP's pooling head), kept for export. */
export interface UnusedTensor {
  /** Name without the model prefix. */
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface ViTWeights {
  patchProjection: { weight: Float32Array; bias: Float32Array }; // [D, C, P, P], [D]
  /** [D]; null for SigLIP (no [CLS]). */
  clsToken: Float32Array | null;
  /** [N + cls, D] at the config's image_size grid. */
  positionEmbeddings: Float32Array;
  /** DINOv2 with registers. [R, D] */
  registerTokens?: Float32Array;
  /** CLIP's pre_layrnorm. */
  preLayernorm?: LayerNormWeights;
  layers: ViTLayerWeights[];
  /** Final LayerNorm (CLIP/SigLIP: post_layernorm). */
  layernorm: LayerNormWeights;
  /** null for a backbone-only checkpoint (ViTModel, or in21k without a head). Reads featureSize inputs. */
  classifier: LinearWeights | null;
  unused?: UnusedTensor[];
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
    return parseModelConfigs(rawConfig, rawPreprocessor);
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
 * Maps HF tensor names onto ViTWeights (the family's names: tensorNames in shared/model), checking
 * every name and shape against the config before reading. Accepts the *ForImageClassification
 * prefix (`vit.`, `dinov2.`, `vision_model.`) and the bare model's names.
 */
export function readViTWeights(file: SafetensorsFile, config: ViTConfig): ViTWeights {
  const names = tensorNames(config);
  const prefix = tensorPrefixes(config).find((p) => file.has(`${p}${names.positionEmbeddings.name}`)) ?? tensorPrefixes(config)[0]!;
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
    throw new CheckpointError(`${file.path} (a ${config.modelType} checkpoint by config.json): ${parts.join('. ')}`);
  }

  const read = (name: string) => file.readFloat32(`${prefix}${name}`);
  const layerNorm = (p: string): LayerNormWeights => ({ weight: read(`${p}.weight`), bias: read(`${p}.bias`) });
  const linear = (p: string, outFeatures: number, inFeatures: number, bias = true): LinearWeights => ({
    weight: read(`${p}.weight`),
    bias: bias ? read(`${p}.bias`) : null,
    outFeatures,
    inFeatures,
  });
  const layers: ViTLayerWeights[] = [];
  for (let l = 0; l < config.numHiddenLayers; l++) {
    const n = names.layer(l);
    layers.push({
      layernormBefore: layerNorm(n.layernormBefore),
      query: linear(n.query, D, D, config.qkvBias),
      key: linear(n.key, D, D, config.qkvBias),
      value: linear(n.value, D, D, config.qkvBias),
      attentionOutput: linear(n.attentionOutput, D, D),
      layernormAfter: layerNorm(n.layernormAfter),
      intermediate: linear(n.intermediate, I, D),
      output: linear(n.output, D, I),
      ...(n.layerScale1 && n.layerScale2 ? { layerScale1: read(n.layerScale1), layerScale2: read(n.layerScale2) } : {}),
    });
  }
  const unused: UnusedTensor[] = [];
  for (const [name, info] of file.tensors) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (names.unusedPrefixes.some((u) => rest.startsWith(u))) unused.push({ name: rest, shape: info.shape, data: read(rest) });
  }
  return {
    patchProjection: {
      weight: read(`${names.patchProjection}.weight`),
      // CLIP's patch embedding has no bias: a zero bias gives the same sums.
      bias: config.patchBias ? read(`${names.patchProjection}.bias`) : new Float32Array(D),
    },
    clsToken: names.clsToken ? read(names.clsToken.name) : null,
    positionEmbeddings: read(names.positionEmbeddings.name),
    ...(names.registerTokens ? { registerTokens: read(names.registerTokens.name) } : {}),
    ...(names.preLayernorm ? { preLayernorm: layerNorm(names.preLayernorm) } : {}),
    layers,
    layernorm: layerNorm(names.layernorm),
    classifier: hasClassifier
      ? { weight: file.readFloat32('classifier.weight'), bias: file.readFloat32('classifier.bias'), outFeatures: config.id2label.length, inFeatures: featureSize(config) }
      : null,
    ...(unused.length ? { unused } : {}),
  };
}
