// config.json → ViTConfig for each family, with the defaults of that family's transformers config
// class (ViTConfig, Dinov2Config, CLIPVisionConfig, SiglipVisionConfig) where a key is missing.
import { activation, bool, ConfigError, int, isObject, num, parseId2Label, type Json } from './config-fields';
import type { ClipVisionConfig, Dinov2Config, SiglipVisionConfig, ViTConfig, VitFamilyConfig } from './families';

type EncoderDefaults = Pick<
  ViTConfig,
  'hiddenSize' | 'numHiddenLayers' | 'numAttentionHeads' | 'intermediateSize' | 'hiddenAct' | 'layerNormEps' | 'imageSize' | 'patchSize'
>;

/** The encoder sizes every family shares, checked for consistency. */
function readEncoder(r: Json, d: EncoderDefaults, where: string) {
  const numChannels = int(r, 'num_channels', 3, 1, 16, where);
  if (numChannels !== 1 && numChannels !== 3) {
    throw new ConfigError(`${where}: num_channels ${numChannels} is not supported (1 = grey, 3 = RGB)`);
  }
  const e = {
    hiddenSize: int(r, 'hidden_size', d.hiddenSize, 1, 16384, where),
    numHiddenLayers: int(r, 'num_hidden_layers', d.numHiddenLayers, 1, 256, where),
    numAttentionHeads: int(r, 'num_attention_heads', d.numAttentionHeads, 1, 1024, where),
    intermediateSize: int(r, 'intermediate_size', d.intermediateSize, 1, 65536, where),
    hiddenAct: activation(r, d.hiddenAct, where),
    layerNormEps: num(r, 'layer_norm_eps', d.layerNormEps, 0, 1, where),
    imageSize: int(r, 'image_size', d.imageSize, 1, 4096, where),
    patchSize: int(r, 'patch_size', d.patchSize, 1, 1024, where),
    numChannels: numChannels as 1 | 3,
  };
  if (e.hiddenSize % e.numAttentionHeads !== 0) {
    throw new ConfigError(`${where}: hidden_size ${e.hiddenSize} is not a multiple of num_attention_heads ${e.numAttentionHeads}`);
  }
  if (e.imageSize % e.patchSize !== 0) {
    throw new ConfigError(`${where}: image_size ${e.imageSize} is not a multiple of patch_size ${e.patchSize}`);
  }
  return e;
}

const fixedStructure = { numRegisterTokens: 0, preLayernorm: false, layerScale: false, interpolatePositions: false };

export function parseVitFamily(r: Json, modelType: string): VitFamilyConfig {
  const e = readEncoder(r, {
    hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072,
    hiddenAct: 'gelu', layerNormEps: 1e-12, imageSize: 224, patchSize: 16,
  }, 'config.json');
  return {
    family: 'vit', modelType, ...e, ...fixedStructure,
    qkvBias: bool(r, 'qkv_bias', true),
    id2label: parseId2Label(r),
    clsToken: true, patchBias: true, pooling: 'cls', normBeforePooling: true,
  };
}

export function parseDinov2(r: Json, modelType: string): Dinov2Config {
  if (bool(r, 'use_swiglu_ffn', false)) {
    throw new ConfigError('config.json: use_swiglu_ffn true (the SwiGLU MLP of dinov2-giant) is not supported; DINOv2 small, base and large use the GELU MLP');
  }
  const hiddenSize = int(r, 'hidden_size', 768, 1, 16384);
  const mlpRatio = num(r, 'mlp_ratio', 4, 0.01, 64);
  // Dinov2MLP: hidden_features = int(hidden_size * mlp_ratio); intermediate_size is not read.
  const intermediateSize = Math.trunc(hiddenSize * mlpRatio);
  const e = readEncoder({ ...r, intermediate_size: intermediateSize }, {
    hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize,
    hiddenAct: 'gelu', layerNormEps: 1e-6, imageSize: 224, patchSize: 14,
  }, 'config.json');
  const withRegisters = modelType === 'dinov2_with_registers';
  return {
    family: 'dinov2', modelType, ...e, mlpRatio,
    layerscaleValue: num(r, 'layerscale_value', 1, -1e6, 1e6),
    qkvBias: bool(r, 'qkv_bias', true),
    id2label: parseId2Label(r),
    clsToken: true,
    numRegisterTokens: withRegisters ? int(r, 'num_register_tokens', 4, 0, 256) : 0,
    patchBias: true, preLayernorm: false, layerScale: true, interpolatePositions: true,
    pooling: 'cls+mean-patch', normBeforePooling: true,
  };
}

/** CLIP and SigLIP: a full two-tower config (vision_config nested) or the vision tower's own. */
function visionSection(r: Json, family: string): { v: Json; where: string; nested: boolean } {
  if (r.model_type === `${family}_vision_model`) return { v: r, where: 'config.json', nested: false };
  const v = r.vision_config ?? {};
  if (!isObject(v)) throw new ConfigError(`config.json: "vision_config" must be an object`);
  return { v, where: 'config.json vision_config', nested: true };
}

export function parseClipVision(r: Json, modelType: string): ClipVisionConfig {
  const { v, where, nested } = visionSection(r, 'clip');
  const e = readEncoder(v, {
    hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072,
    hiddenAct: 'quick_gelu', layerNormEps: 1e-5, imageSize: 224, patchSize: 32,
  }, where);
  return {
    family: 'clip', modelType, ...e, ...fixedStructure, nested,
    qkvBias: true,
    id2label: parseId2Label(r),
    clsToken: true, patchBias: false, preLayernorm: true, pooling: 'mean-patch', normBeforePooling: false,
  };
}

export function parseSiglipVision(r: Json, modelType: string): SiglipVisionConfig {
  const { v, where, nested } = visionSection(r, 'siglip');
  const e = readEncoder(v, {
    hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072,
    hiddenAct: 'gelu_pytorch_tanh', layerNormEps: 1e-6, imageSize: 224, patchSize: 16,
  }, where);
  return {
    family: 'siglip', modelType, ...e, ...fixedStructure, nested,
    visionUseHead: bool(v, 'vision_use_head', true),
    qkvBias: true,
    id2label: parseId2Label(r),
    clsToken: false, patchBias: true, pooling: 'mean-all', normBeforePooling: true,
  };
}
