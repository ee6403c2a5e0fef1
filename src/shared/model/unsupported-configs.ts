// Checkpoints that look like one of the supported families but that the engines cannot run exactly,
// refused while config.json is parsed (before any weight is read) with one line naming what is
// missing. Options inside a supported family (DINOv2's SwiGLU MLP, an activation, a channel count)
// are refused by that family's parser (family-parsers.ts).
import { ConfigError, isObject, type Json } from './config-fields';

/** model_types people reach for next to the supported ones, each with what the engines lack. */
export const UNSUPPORTED_MODEL_TYPES: Readonly<Record<string, string>> = {
  deit:
    'DeiT with its distillation token (DeiTModel) is not supported; DeiT checkpoints saved as ViT (model_type "vit", e.g. facebook/deit-base-patch16-224) are',
  siglip2: 'SigLIP 2 (variable-resolution NaFlex patches) is not supported; SigLIP checkpoints (model_type "siglip") are',
  dinov3_vit: 'DINOv3 (rotary position embeddings) is not supported; DINOv2 checkpoints (model_type "dinov2") are',
};

/**
 * A timm checkpoint's config.json (the hub's timm/… repos): `architecture` and `pretrained_cfg`,
 * no model_type. Without this check it would parse as a default ViT and fail later on sizes or
 * tensor names. timm's SigLIP pools with the attention-pooling head (global_pool "map"): that
 * feature is not the one transformers' SiglipForImageClassification defines (the mean of the tokens).
 */
function timmRefusal(raw: Json): string | null {
  if (raw.model_type !== undefined) return null;
  const architecture = raw.architecture;
  if (typeof architecture !== 'string' && !isObject(raw.pretrained_cfg)) return null;
  const name = typeof architecture === 'string' ? ` ("${architecture}")` : '';
  const modelArgs = isObject(raw.model_args) ? raw.model_args : {};
  if ((raw.global_pool ?? modelArgs.global_pool) === 'map') {
    return (
      `config.json: a timm checkpoint${name} whose feature is the attention-pooling head (global_pool "map") is not supported; ` +
      'use its transformers checkpoint (e.g. google/siglip-base-patch16-224), whose feature is the mean of the tokens'
    );
  }
  return `config.json: a timm checkpoint${name} is not supported; ViT Studio reads transformers checkpoints (config.json with a model_type)`;
}

/** Throws a one-line ConfigError for a config of a kind no engine runs; returns otherwise. */
export function refuseUnsupportedConfig(raw: Json, modelType: string): void {
  const timm = timmRefusal(raw);
  if (timm) throw new ConfigError(timm);
  const reason = UNSUPPORTED_MODEL_TYPES[modelType];
  if (reason) throw new ConfigError(`config.json: model_type "${modelType}": ${reason}`);
}
