// preprocessor_config.json → PreprocessorConfig, with the defaults of the image processor class the
// file names (ViTImageProcessor, DeiTImageProcessor, BitImageProcessor for DINOv2,
// CLIPImageProcessor, SiglipImageProcessor; their Fast/Pil variants and legacy *FeatureExtractor
// names alike). Without a file (or class name) the model family's own processor is assumed.
import { ConfigError, isObject, type Json } from './config-fields';
import type { ModelFamily } from './families';
import { preprocessorSizeProblem } from './preprocessor-bounds';

export type ProcessorClass =
  | 'ViTImageProcessor'
  | 'DeiTImageProcessor'
  | 'BitImageProcessor'
  | 'CLIPImageProcessor'
  | 'SiglipImageProcessor';

export interface PreprocessorConfig {
  processorClass: ProcessorClass;
  /** Channels of pixel_values: 1 converts to luminance as PIL's convert("L"), 3 is RGB. */
  numChannels: 1 | 3;
  doResize: boolean;
  /** Target size of the resize. `shortestEdge` set means: resize the short side, keep aspect. */
  size: { height: number; width: number; shortestEdge?: number };
  /** PIL resample code: 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming. */
  resample: number;
  doCenterCrop: boolean;
  cropSize: { height: number; width: number };
  doRescale: boolean;
  rescaleFactor: number;
  doNormalize: boolean;
  /** One value per channel (numChannels long). */
  imageMean: number[];
  imageStd: number[];
}

const OPENAI_CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const OPENAI_CLIP_STD = [0.26862954, 0.26130258, 0.27577711];
const IMAGENET_DEFAULT_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_DEFAULT_STD = [0.229, 0.224, 0.225];
const IMAGENET_STANDARD = [0.5, 0.5, 0.5];

interface ClassDefaults {
  /** An integer `size` means the shortest edge (not a square). */
  intSizeIsShortestEdge: boolean;
  size: PreprocessorConfig['size'];
  resample: number;
  doCenterCrop: boolean;
  cropSize: number;
  mean: number[];
  std: number[];
}

const CLASS_DEFAULTS: Record<ProcessorClass, ClassDefaults> = {
  ViTImageProcessor: { intSizeIsShortestEdge: false, size: { height: 224, width: 224 }, resample: 2, doCenterCrop: false, cropSize: 224, mean: IMAGENET_STANDARD, std: IMAGENET_STANDARD },
  DeiTImageProcessor: { intSizeIsShortestEdge: false, size: { height: 256, width: 256 }, resample: 3, doCenterCrop: true, cropSize: 224, mean: IMAGENET_DEFAULT_MEAN, std: IMAGENET_DEFAULT_STD },
  BitImageProcessor: { intSizeIsShortestEdge: true, size: { height: 224, width: 224, shortestEdge: 224 }, resample: 3, doCenterCrop: true, cropSize: 224, mean: OPENAI_CLIP_MEAN, std: OPENAI_CLIP_STD },
  CLIPImageProcessor: { intSizeIsShortestEdge: true, size: { height: 224, width: 224, shortestEdge: 224 }, resample: 3, doCenterCrop: true, cropSize: 224, mean: OPENAI_CLIP_MEAN, std: OPENAI_CLIP_STD },
  SiglipImageProcessor: { intSizeIsShortestEdge: false, size: { height: 224, width: 224 }, resample: 3, doCenterCrop: false, cropSize: 224, mean: IMAGENET_STANDARD, std: IMAGENET_STANDARD },
};

const FAMILY_PROCESSOR: Record<ModelFamily, ProcessorClass> = {
  vit: 'ViTImageProcessor',
  dinov2: 'BitImageProcessor',
  clip: 'CLIPImageProcessor',
  siglip: 'SiglipImageProcessor',
};

const WHERE = 'preprocessor_config.json';

function processorClass(r: Json, family: ModelFamily): ProcessorClass {
  const raw = r.image_processor_type ?? r.feature_extractor_type;
  if (raw === undefined || raw === null) return FAMILY_PROCESSOR[family];
  const name = String(raw).replace(/FeatureExtractor$/, 'ImageProcessor').replace(/(Fast|Pil)$/, '');
  if (!(name in CLASS_DEFAULTS)) {
    throw new ConfigError(`${WHERE}: image processor "${String(raw)}" is not supported (${Object.keys(CLASS_DEFAULTS).join(', ')})`);
  }
  return name as ProcessorClass;
}

/** A side as written; whole-pixel and size bounds are preprocessor-bounds.ts's, checked on the result. */
function side(v: unknown, key: string): number {
  if (typeof v !== 'number') throw new ConfigError(`${WHERE}: "${key}" must be a number of pixels, got ${JSON.stringify(v)}`);
  return v;
}

function sizeOf(v: unknown, key: string, fallback: PreprocessorConfig['size'], intIsShortestEdge: boolean): PreprocessorConfig['size'] {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') {
    const s = side(v, key);
    return intIsShortestEdge ? { height: s, width: s, shortestEdge: s } : { height: s, width: s };
  }
  if (isObject(v)) {
    if (v.longest_edge !== undefined) {
      throw new ConfigError(`${WHERE}: "${key}" with longest_edge is not supported (use height/width or shortest_edge)`);
    }
    if (v.height !== undefined || v.width !== undefined) {
      return { height: side(v.height, `${key}.height`), width: side(v.width, `${key}.width`) };
    }
    if (v.shortest_edge !== undefined) {
      const s = side(v.shortest_edge, `${key}.shortest_edge`);
      return { height: s, width: s, shortestEdge: s };
    }
  }
  throw new ConfigError(`${WHERE}: "${key}" must be a number, {height, width} or {shortest_edge}, got ${JSON.stringify(v)}`);
}

/** image_mean / image_std: one number (broadcast), or one per channel, as transformers' normalize. */
function perChannel(r: Json, key: string, fallback: number[], channels: 1 | 3): number[] {
  const v = r[key];
  if (v === undefined || v === null) return channels === 1 ? [fallback[0]!] : fallback.slice(0, 3);
  const values = typeof v === 'number' ? Array<number>(channels).fill(v) : v;
  if (!Array.isArray(values) || !values.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new ConfigError(`${WHERE}: "${key}" must be a number or a list of numbers`);
  }
  if (values.length !== channels) {
    throw new ConfigError(`${WHERE}: "${key}" has ${values.length} value(s) but the model takes ${channels} channel(s)`);
  }
  return values as number[];
}

/** What the parser needs to know of the model: its image size (defaults without a file), channels, family. */
export interface ProcessorModelInfo {
  imageSize: number;
  numChannels?: 1 | 3;
  family?: ModelFamily;
}

/**
 * The model's image processor. A missing file (raw undefined) means the family's processor with its
 * defaults; fixed-size processors (ViT, SigLIP) default to the model's image_size.
 */
export function parsePreprocessorConfig(raw: unknown, model: number | ProcessorModelInfo = 224): PreprocessorConfig {
  const info = typeof model === 'number' ? { imageSize: model } : model;
  const family = info.family ?? 'vit';
  const channels = info.numChannels ?? 3;
  const r = isObject(raw) ? raw : {};
  const cls = processorClass(r, family);
  const d = CLASS_DEFAULTS[cls];
  const fixedSize = !d.intSizeIsShortestEdge && !d.doCenterCrop;
  // A fixed-size processor without `size` runs at the model's own image_size (the class's 224 would
  // not fit a model of another size; transformers would fail there).
  const sizeDefault = fixedSize ? { height: info.imageSize, width: info.imageSize } : d.size;
  const cropDefault = fixedSize ? info.imageSize : d.cropSize;
  const std = perChannel(r, 'image_std', d.std, channels);
  if (std.some((s) => s === 0)) throw new ConfigError(`${WHERE}: image_std must not contain 0`);
  const resample = r.resample ?? d.resample;
  if (typeof resample !== 'number' || !Number.isInteger(resample) || resample < 0 || resample > 5) {
    throw new ConfigError(`${WHERE}: "resample" must be a PIL filter code from 0 to 5, got ${JSON.stringify(resample)}`);
  }
  const rescaleFactor = r.rescale_factor ?? 1 / 255;
  if (typeof rescaleFactor !== 'number' || !Number.isFinite(rescaleFactor)) {
    throw new ConfigError(`${WHERE}: "rescale_factor" must be a number`);
  }
  const pre: PreprocessorConfig = {
    processorClass: cls,
    numChannels: channels,
    doResize: r.do_resize === undefined ? true : Boolean(r.do_resize),
    size: sizeOf(r.size, 'size', sizeDefault, d.intSizeIsShortestEdge),
    resample,
    doCenterCrop: r.do_center_crop === undefined || r.do_center_crop === null ? d.doCenterCrop : Boolean(r.do_center_crop),
    cropSize: sizeOf(r.crop_size, 'crop_size', { height: cropDefault, width: cropDefault }, false),
    doRescale: r.do_rescale === undefined ? true : Boolean(r.do_rescale),
    rescaleFactor,
    doNormalize: r.do_normalize === undefined ? true : Boolean(r.do_normalize),
    imageMean: perChannel(r, 'image_mean', d.mean, channels),
    imageStd: std,
  };
  const sizeProblem = preprocessorSizeProblem(pre, info.imageSize);
  if (sizeProblem) throw new ConfigError(sizeProblem);
  return pre;
}

/** pixel_values' spatial size: the crop when centre-cropping, else the fixed resize size. */
export function processorOutputSize(pre: PreprocessorConfig): { height: number; width: number } {
  if (pre.doCenterCrop) return { height: pre.cropSize.height, width: pre.cropSize.width };
  if (pre.size.shortestEdge) {
    throw new ConfigError(`${WHERE}: shortest_edge resize without do_center_crop gives images of varying size`);
  }
  return { height: pre.size.height, width: pre.size.width };
}
