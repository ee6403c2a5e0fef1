// config.json and preprocessor_config.json as each family's transformers classes read them, so an
// exported folder loads with the family's *ForImageClassification.from_pretrained (and
// AutoModelForImageClassification) and its image processor, and gives the scores ViT Studio gives.
//
//   configToJson(config)    → ViTConfig / Dinov2(WithRegisters)Config / CLIPConfig / SiglipConfig JSON
//   preprocessorToJson(pre) → the processor class's JSON (ViT, DeiT, Bit, CLIP, SigLIP)
import type { PreprocessorConfig, ViTConfig } from '../../shared/model/vit-config';

/** The *ForImageClassification class of each family (a bare backbone: the base model class). */
function architecture(c: ViTConfig): string {
  const classifier = c.id2label.length > 0;
  switch (c.family) {
    case 'vit':
      return classifier ? 'ViTForImageClassification' : 'ViTModel';
    case 'dinov2': {
      const base = c.numRegisterTokens ? 'Dinov2WithRegisters' : 'Dinov2';
      return classifier ? `${base}ForImageClassification` : `${base}Model`;
    }
    case 'clip':
      return classifier ? 'CLIPForImageClassification' : 'CLIPVisionModel';
    case 'siglip':
      return classifier ? 'SiglipForImageClassification' : 'SiglipVisionModel';
  }
}

/** The encoder sizes, under the names every family's config class uses. */
function encoderJson(c: ViTConfig): Record<string, unknown> {
  return {
    hidden_size: c.hiddenSize,
    num_hidden_layers: c.numHiddenLayers,
    num_attention_heads: c.numAttentionHeads,
    hidden_act: c.hiddenAct,
    layer_norm_eps: c.layerNormEps,
    image_size: c.imageSize,
    patch_size: c.patchSize,
    num_channels: c.numChannels,
  };
}

export function configToJson(c: ViTConfig): Record<string, unknown> {
  const labels = {
    num_labels: c.id2label.length,
    id2label: Object.fromEntries(c.id2label.map((name, i) => [String(i), name])),
    label2id: Object.fromEntries(c.id2label.map((name, i) => [name, i])),
  };
  const architectures = [architecture(c)];
  switch (c.family) {
    case 'vit':
      return {
        architectures,
        model_type: c.modelType,
        ...encoderJson(c),
        intermediate_size: c.intermediateSize,
        hidden_dropout_prob: 0.0,
        attention_probs_dropout_prob: 0.0,
        initializer_range: 0.02,
        qkv_bias: c.qkvBias,
        ...labels,
      };
    case 'dinov2':
      return {
        architectures,
        model_type: c.numRegisterTokens ? 'dinov2_with_registers' : 'dinov2',
        ...encoderJson(c),
        mlp_ratio: c.mlpRatio,
        layerscale_value: c.layerscaleValue,
        use_swiglu_ffn: false,
        qkv_bias: c.qkvBias,
        hidden_dropout_prob: 0.0,
        attention_probs_dropout_prob: 0.0,
        drop_path_rate: 0.0,
        ...(c.numRegisterTokens ? { num_register_tokens: c.numRegisterTokens } : {}),
        ...labels,
      };
    case 'clip':
    case 'siglip': {
      // The two-tower config with the vision tower's sizes: *ForImageClassification reads only it.
      const vision = {
        model_type: `${c.family}_vision_model`,
        ...encoderJson(c),
        intermediate_size: c.intermediateSize,
        ...(c.family === 'siglip' ? { vision_use_head: c.visionUseHead } : {}),
      };
      if (c.id2label.length === 0) return { architectures, ...vision };
      return { architectures, model_type: c.family, vision_config: vision, ...labels };
    }
  }
}

/** Whether the class reads `size` as {shortest_edge} and centre-crops (Bit, CLIP, DeiT) or resizes to a fixed size. */
const CROPPING = new Set(['BitImageProcessor', 'CLIPImageProcessor', 'DeiTImageProcessor']);

export function preprocessorToJson(p: PreprocessorConfig): Record<string, unknown> {
  const crops = CROPPING.has(p.processorClass);
  return {
    image_processor_type: p.processorClass,
    do_resize: p.doResize,
    size: p.size.shortestEdge ? { shortest_edge: p.size.shortestEdge } : { height: p.size.height, width: p.size.width },
    resample: p.resample,
    ...(crops || p.doCenterCrop ? { do_center_crop: p.doCenterCrop, crop_size: { height: p.cropSize.height, width: p.cropSize.width } } : {}),
    ...(p.processorClass !== 'ViTImageProcessor' && p.processorClass !== 'DeiTImageProcessor' ? { do_convert_rgb: p.numChannels === 3 } : {}),
    do_rescale: p.doRescale,
    rescale_factor: p.rescaleFactor,
    do_normalize: p.doNormalize,
    image_mean: p.imageMean,
    image_std: p.imageStd,
  };
}

/** Fields transformers 5's config dataclasses type as float only: 1 is refused there, 1.0 is not. */
const FLOAT_FIELDS = new Set(['layer_norm_eps', 'layerscale_value', 'initializer_range', 'initializer_factor']);

/** JSON text of a config object, float-only fields written with a decimal point (JSON.stringify writes 1.0 as 1). */
export function configJsonText(json: Record<string, unknown>): string {
  const marker = '\u0000float:';
  const text = JSON.stringify(
    json,
    (key, value) => (FLOAT_FIELDS.has(key) && typeof value === 'number' && Number.isInteger(value) ? `${marker}${value}` : value),
    2,
  );
  return text.replace(/"\\u0000float:(-?\d+)"/g, '$1.0');
}
