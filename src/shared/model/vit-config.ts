// Hugging Face ViT configuration (config.json) and image processor (preprocessor_config.json),
// with the defaults `transformers` uses where a key is missing. Pure data: no Node here.
import { preprocessorSizeProblem } from './preprocessor-bounds';

export interface ViTConfig {
  modelType: string;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  hiddenAct: 'gelu' | 'gelu_new' | 'gelu_pytorch_tanh' | 'relu' | 'quick_gelu';
  layerNormEps: number;
  imageSize: number;
  patchSize: number;
  numChannels: number;
  qkvBias: boolean;
  /** Index → name, from id2label; empty for a bare backbone (no classifier). */
  id2label: string[];
}

export interface PreprocessorConfig {
  doResize: boolean;
  /** Target size of the resize. `shortestEdge` set means: resize the short side, keep aspect. */
  size: { height: number; width: number; shortestEdge?: number };
  /** PIL resample code: 0 nearest, 2 bilinear, 3 bicubic, 1 lanczos. */
  resample: number;
  doCenterCrop: boolean;
  cropSize: { height: number; width: number };
  doRescale: boolean;
  rescaleFactor: number;
  doNormalize: boolean;
  imageMean: [number, number, number];
  imageStd: [number, number, number];
}

/** The config is wrong in a way a user can fix; the message says which key. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;

function int(raw: Json, key: string, fallback: number, min: number, max: number): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(`config.json: "${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function num(raw: Json, key: string, fallback: number, min: number, max: number): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new ConfigError(`config.json: "${key}" must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

const ACTIVATIONS = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu', 'quick_gelu'] as const;

function parseId2Label(raw: Json): string[] {
  const map = raw.id2label;
  if (map === undefined || map === null) {
    // transformers' default: num_labels (2 unless given) generic names.
    const n = raw.num_labels === undefined ? 2 : int(raw, 'num_labels', 2, 0, 1_000_000);
    return Array.from({ length: n }, (_, i) => `LABEL_${i}`);
  }
  if (typeof map !== 'object' || Array.isArray(map)) {
    throw new ConfigError('config.json: "id2label" must be an object of index → name');
  }
  const entries = Object.entries(map as Json);
  const names: string[] = new Array(entries.length);
  for (const [k, v] of entries) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof v !== 'string') {
      throw new ConfigError(`config.json: "id2label" must map 0…${entries.length - 1} to names; bad entry ${JSON.stringify(k)}`);
    }
    names[i] = v;
  }
  return names;
}

export function parseViTConfig(raw: unknown): ViTConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('config.json must be a JSON object');
  }
  const r = raw as Json;
  const modelType = typeof r.model_type === 'string' ? r.model_type : 'vit';
  if (!['vit', 'deit'].includes(modelType)) {
    throw new ConfigError(`config.json: model_type "${modelType}" is not a ViT (expected "vit" or "deit")`);
  }
  const hiddenAct = (r.hidden_act ?? 'gelu') as ViTConfig['hiddenAct'];
  if (!ACTIVATIONS.includes(hiddenAct)) {
    throw new ConfigError(`config.json: hidden_act "${String(r.hidden_act)}" is not supported (${ACTIVATIONS.join(', ')})`);
  }
  const config: ViTConfig = {
    modelType,
    hiddenSize: int(r, 'hidden_size', 768, 1, 16384),
    numHiddenLayers: int(r, 'num_hidden_layers', 12, 1, 256),
    numAttentionHeads: int(r, 'num_attention_heads', 12, 1, 1024),
    intermediateSize: int(r, 'intermediate_size', 3072, 1, 65536),
    hiddenAct,
    layerNormEps: num(r, 'layer_norm_eps', 1e-12, 0, 1),
    imageSize: int(r, 'image_size', 224, 1, 4096),
    patchSize: int(r, 'patch_size', 16, 1, 1024),
    numChannels: int(r, 'num_channels', 3, 1, 4),
    qkvBias: r.qkv_bias === undefined ? true : Boolean(r.qkv_bias),
    id2label: parseId2Label(r),
  };
  if (config.hiddenSize % config.numAttentionHeads !== 0) {
    throw new ConfigError(
      `config.json: hidden_size ${config.hiddenSize} is not a multiple of num_attention_heads ${config.numAttentionHeads}`,
    );
  }
  if (config.imageSize % config.patchSize !== 0) {
    throw new ConfigError(`config.json: image_size ${config.imageSize} is not a multiple of patch_size ${config.patchSize}`);
  }
  return config;
}

function sizeOf(v: unknown, fallback: PreprocessorConfig['size']): PreprocessorConfig['size'] {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return { height: v, width: v };
  if (typeof v === 'object') {
    const o = v as Json;
    if (typeof o.height === 'number' && typeof o.width === 'number' && o.height > 0 && o.width > 0) {
      return { height: o.height, width: o.width };
    }
    if (typeof o.shortest_edge === 'number' && o.shortest_edge > 0) {
      return { height: o.shortest_edge, width: o.shortest_edge, shortestEdge: o.shortest_edge };
    }
  }
  throw new ConfigError(`preprocessor_config.json: bad size ${JSON.stringify(v)}`);
}

function triple(raw: Json, key: string, fallback: [number, number, number]): [number, number, number] {
  let v = raw[key] ?? fallback;
  if (typeof v === 'number') v = [v, v, v];
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new ConfigError(`preprocessor_config.json: "${key}" must be three numbers`);
  }
  return v as [number, number, number];
}

/** Defaults are ViTImageProcessor's; a missing file means all defaults at the model's image size. */
export function parsePreprocessorConfig(raw: unknown, imageSize = 224): PreprocessorConfig {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Json;
  const size = sizeOf(r.size, { height: imageSize, width: imageSize });
  const std = triple(r, 'image_std', [0.5, 0.5, 0.5]);
  if (std.some((s) => s === 0)) throw new ConfigError('preprocessor_config.json: image_std must not contain 0');
  const pre: PreprocessorConfig = {
    doResize: r.do_resize === undefined ? true : Boolean(r.do_resize),
    size,
    resample: typeof r.resample === 'number' ? r.resample : 2,
    doCenterCrop: Boolean(r.do_center_crop ?? false),
    cropSize: sizeOf(r.crop_size, { height: imageSize, width: imageSize }),
    doRescale: r.do_rescale === undefined ? true : Boolean(r.do_rescale),
    rescaleFactor: typeof r.rescale_factor === 'number' ? r.rescale_factor : 1 / 255,
    doNormalize: r.do_normalize === undefined ? true : Boolean(r.do_normalize),
    imageMean: triple(r, 'image_mean', [0.5, 0.5, 0.5]),
    imageStd: std,
  };
  const sizeProblem = preprocessorSizeProblem(pre, imageSize);
  if (sizeProblem) throw new ConfigError(sizeProblem);
  return pre;
}
