// Hugging Face model configuration (config.json) and image processor (preprocessor_config.json) of
// every supported Vision Transformer family, with the defaults `transformers` uses where a key is
// missing. Pure data: no Node here. Adding a family: docs/CONTRIBUTING.md, "Adding a model family".
//
//   parseViTConfig(configJson)                      → ViTConfig (discriminated on `family`)
//   parsePreprocessorConfig(json, {imageSize, numChannels, family}) → PreprocessorConfig
//   parseModelConfigs(configJson, preprocessorJson) → both, checked against each other
import { ConfigError, isObject } from './config-fields';
import { parseClipVision, parseDinov2, parseSiglipVision, parseVitFamily } from './family-parsers';
import { checkInputSize, type ModelFamily, type ViTConfig } from './families';
import { refuseUnsupportedConfig } from './unsupported-configs';
import { parsePreprocessorConfig, processorOutputSize, type PreprocessorConfig } from './preprocessor-config';

export { ConfigError } from './config-fields';
export type { Activation } from './config-fields';
export * from './families';
export * from './preprocessor-config';
export * from './tensor-names';

/**
 * model_type → family. CLIP/SigLIP: the two-tower config (vision tower read) or the tower's own.
 * DeiT checkpoints run when saved as ViT (model_type "vit"); "deit" itself has a distillation token.
 */
export const MODEL_TYPES: Readonly<Record<string, ModelFamily>> = {
  vit: 'vit',
  dinov2: 'dinov2',
  dinov2_with_registers: 'dinov2',
  clip: 'clip',
  clip_vision_model: 'clip',
  siglip: 'siglip',
  siglip_vision_model: 'siglip',
};

export function parseViTConfig(raw: unknown): ViTConfig {
  if (!isObject(raw)) throw new ConfigError('config.json must be a JSON object');
  const modelType = typeof raw.model_type === 'string' ? raw.model_type : 'vit';
  refuseUnsupportedConfig(raw, modelType);
  switch (MODEL_TYPES[modelType]) {
    case 'vit':
      return parseVitFamily(raw, modelType);
    case 'dinov2':
      return parseDinov2(raw, modelType);
    case 'clip':
      return parseClipVision(raw, modelType);
    case 'siglip':
      return parseSiglipVision(raw, modelType);
    default:
      throw new ConfigError(
        `config.json: model_type "${modelType}" is not a ViT family ViT Studio runs (${Object.keys(MODEL_TYPES).join(', ')})`,
      );
  }
}

/** config.json + preprocessor_config.json (undefined when absent), checked to fit together. */
export function parseModelConfigs(configJson: unknown, preprocessorJson: unknown): { config: ViTConfig; preprocessor: PreprocessorConfig } {
  const config = parseViTConfig(configJson);
  const preprocessor = parsePreprocessorConfig(preprocessorJson, config);
  const problem = checkInputSize(config, processorOutputSize(preprocessor));
  if (problem) throw new ConfigError(problem);
  return { config, preprocessor };
}
