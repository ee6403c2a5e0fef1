// The model families ViT Studio runs, as one discriminated union on `family`. All of them are
// Vision Transformers (patchify → pre-norm encoder → LayerNorm); they differ in a few structural
// traits, which every config carries explicitly so the engines branch on a trait, never on a name:
//
//   family   model_type(s)                      [CLS] regs patch-bias pre-LN layer-scale positions  feature (classifier input)
//   vit      vit (DeiT saved as ViT too)         yes   0    yes        no     no          fixed      [CLS] after final LN
//   dinov2   dinov2, dinov2_with_registers       yes   0|R  yes        no     yes         interp.    concat([CLS], mean patches) after final LN
//   clip     clip, clip_vision_model             yes   0    no         yes    no          fixed      mean patches of the encoder output (no final LN)
//   siglip   siglip, siglip_vision_model         no    0    yes        no     no          fixed      mean of all tokens after post_layernorm
import { ConfigError, type Activation } from './config-fields';

export type ModelFamily = 'vit' | 'dinov2' | 'clip' | 'siglip';

/** How the UI and the CLI name each family. */
export const FAMILY_NAMES: Readonly<Record<ModelFamily, string>> = {
  vit: 'ViT / DeiT',
  dinov2: 'DINOv2',
  clip: 'CLIP vision',
  siglip: 'SigLIP vision',
};

/** Which encoder tokens the classifier reads, as transformers' *ForImageClassification does. */
export type FeaturePooling = 'cls' | 'cls+mean-patch' | 'mean-patch' | 'mean-all';

interface ViTConfigBase {
  family: ModelFamily;
  /** config.json's model_type (of the vision tower for CLIP/SigLIP). */
  modelType: string;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  /** MLP width: intermediate_size, or int(hidden_size · mlp_ratio) for DINOv2. */
  intermediateSize: number;
  hiddenAct: Activation;
  layerNormEps: number;
  /** The size the position embeddings were trained at (config.json image_size). */
  imageSize: number;
  patchSize: number;
  /** 1 (grey, PIL convert("L")) or 3 (RGB). */
  numChannels: 1 | 3;
  qkvBias: boolean;
  /** Index → name, from id2label; empty for a bare backbone (no classifier). */
  id2label: string[];

  // Structure (see the table above).
  clsToken: boolean;
  /** DINOv2 with registers: learned tokens after [CLS], read by no feature. */
  numRegisterTokens: number;
  patchBias: boolean;
  /** CLIP's pre_layrnorm on the embeddings, before the encoder. */
  preLayernorm: boolean;
  /** DINOv2's per-channel LayerScale (lambda1) on both residual branches. */
  layerScale: boolean;
  /** Position embeddings resampled to the input's patch grid (DINOv2: trained at 518, used at 224). */
  interpolatePositions: boolean;
  pooling: FeaturePooling;
  /** The final LayerNorm applies before pooling; false for CLIP, whose post_layernorm only norms the
   *  pooled [CLS] that CLIPForImageClassification does not read. */
  normBeforePooling: boolean;
}

export interface VitFamilyConfig extends ViTConfigBase {
  family: 'vit';
  clsToken: true;
  pooling: 'cls';
}

export interface Dinov2Config extends ViTConfigBase {
  family: 'dinov2';
  clsToken: true;
  mlpRatio: number;
  /** Initial LayerScale value (only used for random init; checkpoints hold lambda1). */
  layerscaleValue: number;
  pooling: 'cls+mean-patch';
}

export interface ClipVisionConfig extends ViTConfigBase {
  family: 'clip';
  clsToken: true;
  pooling: 'mean-patch';
  /** Full CLIPModel / CLIPForImageClassification config.json (vision_config nested) or a bare CLIPVisionConfig. */
  nested: boolean;
}

export interface SiglipVisionConfig extends ViTConfigBase {
  family: 'siglip';
  clsToken: false;
  pooling: 'mean-all';
  nested: boolean;
  /** The attention-pooling head exists in the checkpoint (vision_use_head); the feature never reads it. */
  visionUseHead: boolean;
}

/** Any supported Vision Transformer; branch on `family` or on the structural traits. */
export type ViTConfig = VitFamilyConfig | Dinov2Config | ClipVisionConfig | SiglipVisionConfig;

/** Tokens in front of the patch tokens: [CLS] and registers. */
export function prefixTokens(c: ViTConfig): number {
  return (c.clsToken ? 1 : 0) + c.numRegisterTokens;
}

/** Length of the feature (the classifier's input): 2·D for DINOv2's concat, else D. */
export function featureSize(c: ViTConfig): number {
  return c.pooling === 'cls+mean-patch' ? 2 * c.hiddenSize : c.hiddenSize;
}

/** Patch-grid side the position embeddings were trained at. */
export function positionGrid(c: ViTConfig): number {
  return c.imageSize / c.patchSize;
}

/** Square input side the model accepts for a preprocessor output of `inputSize`, or a one-line reason. */
export function checkInputSize(c: ViTConfig, input: { height: number; width: number }): string | null {
  if (input.height % c.patchSize !== 0 || input.width % c.patchSize !== 0) {
    return `the image processor makes ${input.width}×${input.height} images, not a multiple of patch_size ${c.patchSize}`;
  }
  if (c.interpolatePositions) return null;
  if (input.height !== c.imageSize || input.width !== c.imageSize) {
    return `the image processor makes ${input.width}×${input.height} images but ${c.modelType} only runs at image_size ${c.imageSize} (its position embeddings are not interpolated)`;
  }
  return null;
}

/** Throws a one-line ConfigError when `engine` does not run `c`'s family (yet). */
export function requireFamily(c: ViTConfig, engine: string, families: readonly ModelFamily[]): void {
  if (!families.includes(c.family)) {
    throw new ConfigError(`${engine} does not run ${c.modelType} models yet (it runs: ${families.join(', ')})`);
  }
}
