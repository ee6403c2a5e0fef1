// The model-family frame: config.json of every family (the fixtures' own, and transformers'
// defaults), its structural traits, the image processor classes, and one-line errors naming the key.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  featureSize,
  parseModelConfigs,
  parsePreprocessorConfig,
  parseViTConfig,
  processorOutputSize,
} from '../../../src/shared/model/vit-config';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const json = (ref: string, file: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, ref, file), 'utf8'));
const fixture = (ref: string) => parseModelConfigs(json(ref, 'config.json'), json(ref, 'preprocessor_config.json'));

describe('config.json of each family', () => {
  it('DINOv2: layer scale, mlp_ratio, interpolated positions, concat feature', () => {
    const { config, preprocessor } = fixture('dinov2-ref');
    expect(config).toMatchObject({
      family: 'dinov2', hiddenSize: 48, intermediateSize: 96, mlpRatio: 2, layerNormEps: 1e-6, imageSize: 48, patchSize: 8,
      clsToken: true, layerScale: true, interpolatePositions: true, pooling: 'cls+mean-patch', normBeforePooling: true,
    });
    expect(featureSize(config)).toBe(96);
    // The processor crops 32 while the positions were trained at 48: fine, DINOv2 interpolates.
    expect(preprocessor).toMatchObject({ processorClass: 'BitImageProcessor', size: { shortestEdge: 32 }, doCenterCrop: true, resample: 3 });
    expect(processorOutputSize(preprocessor)).toEqual({ height: 32, width: 32 });
  });

  it('CLIP: the vision tower of the two-tower config, quick_gelu, pre-LayerNorm, no patch bias', () => {
    const { config, preprocessor } = fixture('clip-ref');
    expect(config).toMatchObject({
      family: 'clip', modelType: 'clip', nested: true, hiddenSize: 48, numHiddenLayers: 2, hiddenAct: 'quick_gelu', layerNormEps: 1e-5,
      patchBias: false, preLayernorm: true, pooling: 'mean-patch', normBeforePooling: false, id2label: ['cat', 'dog', 'fox', 'owl', 'emu'],
    });
    expect(preprocessor.processorClass).toBe('CLIPImageProcessor');
    expect(preprocessor.imageMean).toEqual([0.48145466, 0.4578275, 0.40821073]);
  });

  it('SigLIP: no [CLS], gelu_pytorch_tanh, post_layernorm before the mean of all tokens', () => {
    const { config, preprocessor } = fixture('siglip-ref');
    expect(config).toMatchObject({
      family: 'siglip', hiddenAct: 'gelu_pytorch_tanh', clsToken: false, pooling: 'mean-all', normBeforePooling: true, visionUseHead: true,
    });
    expect(preprocessor).toMatchObject({ processorClass: 'SiglipImageProcessor', size: { height: 32, width: 32 }, doCenterCrop: false });
  });

  it('ViT with one channel: one mean and std value, grey pixel_values', () => {
    const { config, preprocessor } = fixture('vit-gray-ref');
    expect(config).toMatchObject({ family: 'vit', numChannels: 1, pooling: 'cls' });
    expect(preprocessor).toMatchObject({ numChannels: 1, imageMean: [0.5], imageStd: [0.5], resample: 2 });
  });

  it("fills each family's transformers defaults", () => {
    expect(parseViTConfig({ model_type: 'dinov2' })).toMatchObject({ patchSize: 14, layerNormEps: 1e-6, intermediateSize: 3072, numRegisterTokens: 0 });
    expect(parseViTConfig({ model_type: 'dinov2_with_registers' })).toMatchObject({ family: 'dinov2', numRegisterTokens: 4 });
    expect(parseViTConfig({ model_type: 'clip' })).toMatchObject({ patchSize: 32, hiddenAct: 'quick_gelu', layerNormEps: 1e-5 });
    expect(parseViTConfig({ model_type: 'clip_vision_model', patch_size: 16 })).toMatchObject({ family: 'clip', nested: false, patchSize: 16 });
    expect(parseViTConfig({ model_type: 'siglip_vision_model' })).toMatchObject({ family: 'siglip', patchSize: 16, layerNormEps: 1e-6 });
    // DINOv2's MLP width is int(hidden_size · mlp_ratio), whatever intermediate_size says.
    expect(parseViTConfig({ model_type: 'dinov2', hidden_size: 384, num_attention_heads: 6, mlp_ratio: 4, intermediate_size: 7 }).intermediateSize).toBe(1536);
  });

  it.each([
    [{ model_type: 'bert' }, /model_type "bert" is not a ViT family.*dinov2.*siglip/],
    [{ model_type: 'dinov2', use_swiglu_ffn: true }, /use_swiglu_ffn/],
    [{ num_channels: 4 }, /num_channels 4 is not supported/],
    [{ model_type: 'clip', vision_config: { hidden_act: 'silu' } }, /config.json vision_config: hidden_act "silu"/],
    [{ model_type: 'siglip', vision_config: { image_size: 30, patch_size: 16 } }, /vision_config: image_size 30 is not a multiple of patch_size 16/],
    [{ model_type: 'clip', vision_config: 3 }, /"vision_config" must be an object/],
    // Look-alikes no engine runs exactly: named, instead of parsed as a default ViT or failing on tensor names.
    [{ model_type: 'deit', hidden_size: 768 }, /model_type "deit": DeiT with its distillation token .* not supported; DeiT checkpoints saved as ViT/],
    [{ model_type: 'siglip2' }, /model_type "siglip2": SigLIP 2 \(variable-resolution NaFlex patches\) is not supported/],
    [{ model_type: 'dinov3_vit' }, /model_type "dinov3_vit": DINOv3 \(rotary position embeddings\)/],
    [
      { architecture: 'vit_base_patch16_siglip_224', num_classes: 0, global_pool: 'map', pretrained_cfg: { tag: 'webli' } },
      /timm checkpoint \("vit_base_patch16_siglip_224"\) whose feature is the attention-pooling head \(global_pool "map"\) is not supported/,
    ],
    [{ architecture: 'vit_small_patch14_dinov2', model_args: { img_size: 518 } }, /timm checkpoint \("vit_small_patch14_dinov2"\) is not supported/],
    [{ model_type: 'vit', hidden_act: { name: 'gelu' } }, /hidden_act \{"name":"gelu"\} is not supported/],
  ])('names what is wrong in one line: %j', (raw, message) => {
    expect(() => parseViTConfig(raw)).toThrow(ConfigError);
    expect(() => parseViTConfig(raw)).toThrow(message);
  });
});

describe('the image processor classes', () => {
  it("reads each class's defaults and its meaning of an integer size", () => {
    expect(parsePreprocessorConfig({ image_processor_type: 'CLIPImageProcessor', size: 256 })).toMatchObject({
      size: { shortestEdge: 256 }, doCenterCrop: true, cropSize: { height: 224, width: 224 }, resample: 3,
    });
    expect(parsePreprocessorConfig({ image_processor_type: 'ViTImageProcessorFast', size: 256 })).toMatchObject({
      size: { height: 256, width: 256 }, doCenterCrop: false, resample: 2, imageMean: [0.5, 0.5, 0.5],
    });
    expect(parsePreprocessorConfig({ feature_extractor_type: 'DeiTFeatureExtractor' })).toMatchObject({
      processorClass: 'DeiTImageProcessor', size: { height: 256, width: 256 }, cropSize: { height: 224, width: 224 }, imageStd: [0.229, 0.224, 0.225],
    });
    // No file: the family's own processor.
    expect(parsePreprocessorConfig(undefined, { imageSize: 518, family: 'dinov2' })).toMatchObject({
      processorClass: 'BitImageProcessor', size: { shortestEdge: 224 }, cropSize: { height: 224, width: 224 },
    });
    expect(parsePreprocessorConfig(undefined, { imageSize: 384, family: 'siglip' }).size).toEqual({ height: 384, width: 384 });
  });

  it('broadcasts one mean/std number; a list must have one value per channel', () => {
    expect(parsePreprocessorConfig({ image_mean: 0.5, image_std: 0.25 }, { imageSize: 32, numChannels: 1 })).toMatchObject({ imageMean: [0.5], imageStd: [0.25] });
    expect(parsePreprocessorConfig({ image_mean: 0.5 }).imageMean).toEqual([0.5, 0.5, 0.5]);
    expect(() => parsePreprocessorConfig({ image_mean: [0.5] })).toThrow(/"image_mean" has 1 value\(s\) but the model takes 3 channel\(s\)/);
    expect(() => parsePreprocessorConfig({ image_std: [0.5, 0.5, 0.5] }, { imageSize: 32, numChannels: 1 })).toThrow(/takes 1 channel/);
  });

  it.each([
    [{ image_processor_type: 'ConvNextImageProcessor' }, /image processor "ConvNextImageProcessor" is not supported/],
    [{ size: { shortest_edge: 224, longest_edge: 1333 } }, /longest_edge is not supported/],
    [{ size: { height: 0, width: 4 } }, /size must be whole pixels/],
    [{ size: { height: '224', width: 4 } }, /"size.height" must be a number of pixels/],
    [{ crop_size: 1e6, do_center_crop: true }, /crop_size 1000000×1000000 is larger than this model can use/],
    [{ resample: 7 }, /"resample" must be a PIL filter code/],
    [{ image_std: [0, 1, 1] }, /image_std must not contain 0/],
  ])('rejects %j in one line', (raw, message) => {
    expect(() => parsePreprocessorConfig(raw)).toThrow(message);
  });

  it('refuses a processor size a fixed-position model cannot run, naming both sizes', () => {
    const config = { model_type: 'vit', image_size: 32, patch_size: 8 };
    expect(() => parseModelConfigs(config, { size: 48 })).toThrow(/makes 48×48 images but vit only runs at image_size 32/);
    expect(() => parseModelConfigs({ model_type: 'dinov2', image_size: 518, patch_size: 14 }, { crop_size: 225 })).toThrow(/not a multiple of patch_size 14/);
    expect(parseModelConfigs({ model_type: 'dinov2', image_size: 518, patch_size: 14 }, undefined).preprocessor.cropSize).toEqual({ height: 224, width: 224 });
  });
});

// preprocessor_config.json of the known models as published on the hub.
const HUB_PROCESSORS: [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>][] = [
  [
    'facebook/dinov2-small',
    { model_type: 'dinov2', hidden_size: 384, num_attention_heads: 6, image_size: 518, patch_size: 14 },
    { crop_size: { height: 224, width: 224 }, do_center_crop: true, do_convert_rgb: true, do_normalize: true, do_rescale: true, do_resize: true, image_mean: [0.485, 0.456, 0.406], image_processor_type: 'BitImageProcessor', image_std: [0.229, 0.224, 0.225], resample: 3, rescale_factor: 0.00392156862745098, size: { shortest_edge: 256 } },
    { processorClass: 'BitImageProcessor', size: { shortestEdge: 256 }, cropSize: { height: 224, width: 224 }, resample: 3 },
  ],
  [
    'openai/clip-vit-base-patch16',
    { model_type: 'clip', vision_config: { patch_size: 16 } },
    { crop_size: 224, do_center_crop: true, do_normalize: true, do_resize: true, feature_extractor_type: 'CLIPFeatureExtractor', image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711], resample: 3, size: 224 },
    { processorClass: 'CLIPImageProcessor', size: { shortestEdge: 224 }, cropSize: { height: 224, width: 224 }, doCenterCrop: true },
  ],
  [
    'google/siglip-base-patch16-224',
    { model_type: 'siglip', vision_config: { patch_size: 16, image_size: 224 } },
    { do_normalize: true, do_rescale: true, do_resize: true, image_mean: [0.5, 0.5, 0.5], image_processor_type: 'SiglipImageProcessor', image_std: [0.5, 0.5, 0.5], processor_class: 'SiglipProcessor', resample: 3, rescale_factor: 0.00392156862745098, size: { height: 224, width: 224 } },
    { processorClass: 'SiglipImageProcessor', size: { height: 224, width: 224 }, doCenterCrop: false },
  ],
];

describe("the known models' published image processors", () => {
  it.each(HUB_PROCESSORS)('%s: read as its class, 224 px into the model', (_, config, processor, expected) => {
    const { preprocessor } = parseModelConfigs(config, processor);
    expect(preprocessor).toMatchObject(expected);
    expect(processorOutputSize(preprocessor)).toEqual({ height: 224, width: 224 });
  });
});

