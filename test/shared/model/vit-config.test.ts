import { describe, expect, it } from 'vitest';
import { ConfigError, parsePreprocessorConfig, parseViTConfig } from '../../../src/shared/model/vit-config';

describe('ViT config', () => {
  it("fills transformers' defaults for missing keys", () => {
    const c = parseViTConfig({});
    expect(c).toMatchObject({
      hiddenSize: 768,
      numHiddenLayers: 12,
      numAttentionHeads: 12,
      intermediateSize: 3072,
      layerNormEps: 1e-12,
      imageSize: 224,
      patchSize: 16,
      qkvBias: true,
      id2label: ['LABEL_0', 'LABEL_1'],
    });
  });

  it('reads id2label in index order', () => {
    const c = parseViTConfig({ id2label: { '1': 'dog', '0': 'cat' } });
    expect(c.id2label).toEqual(['cat', 'dog']);
  });

  it.each([
    [{ hidden_size: 50, num_attention_heads: 4 }, /multiple of num_attention_heads/],
    [{ image_size: 30, patch_size: 8 }, /multiple of patch_size/],
    [{ hidden_size: -1 }, /hidden_size/],
    [{ num_hidden_layers: 1e9 }, /num_hidden_layers/],
    [{ hidden_act: 'swish' }, /hidden_act/],
    [{ model_type: 'bert' }, /not a ViT/],
    [{ id2label: { '0': 'a', '5': 'b' } }, /id2label/],
  ])('rejects impossible values %j', (raw, message) => {
    expect(() => parseViTConfig(raw)).toThrow(ConfigError);
    expect(() => parseViTConfig(raw)).toThrow(message);
  });

  it.each([
    [{ size: { height: 8000, width: 8000 } }, 32, /size 8000×8000 is larger than this model can use \(image_size 32: at most 1024 pixels a side\)/],
    [{ size: { shortest_edge: 1e9 } }, 224, /size shortest_edge 1000000000 is larger/],
    [{ do_center_crop: true, crop_size: 5000 }, 1024, /crop_size 5000×5000 is larger .*at most 4096/],
    [{ size: { height: 1e300, width: 4 } }, 32, /size must be whole pixels/],
    [{ size: { height: 12.5, width: 12 } }, 32, /size must be whole pixels, got 12\.5×12/],
  ])('bounds preprocessor sizes before anything is allocated: %j on a %i-px model', (raw, imageSize, message) => {
    expect(() => parsePreprocessorConfig(raw, imageSize)).toThrow(ConfigError);
    expect(() => parsePreprocessorConfig(raw, imageSize)).toThrow(message);
  });

  it('accepts the sizes real checkpoints use', () => {
    expect(parsePreprocessorConfig({ size: { shortest_edge: 256 }, do_center_crop: true, crop_size: 224 }, 518).cropSize).toEqual({ height: 224, width: 224 });
    expect(parsePreprocessorConfig({ size: 384 }, 384).size).toEqual({ height: 384, width: 384 });
    expect(parsePreprocessorConfig({ size: 64, do_center_crop: true, crop_size: 16 }, 16).size).toEqual({ height: 64, width: 64 });
  });

  it('parses preprocessor sizes and defaults', () => {
    expect(parsePreprocessorConfig(undefined, 32).size).toEqual({ height: 32, width: 32 });
    const deit = parsePreprocessorConfig({ size: 256, do_center_crop: true, crop_size: 224, resample: 3 });
    expect(deit).toMatchObject({ size: { height: 256, width: 256 }, doCenterCrop: true, cropSize: { height: 224, width: 224 }, resample: 3 });
    expect(() => parsePreprocessorConfig({ image_std: [0, 1, 1] })).toThrow(/image_std/);
  });
});
