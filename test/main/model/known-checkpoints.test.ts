// The six checkpoints ViT Studio must load, by their config.json (as published on the hub): the
// tensors our loader expects, by name and shape, add up to each model's published parameter count.
import { describe, expect, it } from 'vitest';
import { featureSize, parseViTConfig } from '../../../src/shared/model/vit-config';
import { KNOWN_MODELS } from '../../../src/shared/model/known-models';
import { expectedTensorShapes } from '../../../src/main/model/checkpoint';

const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), `LABEL_${i}`]));
const base = { model_type: 'vit', hidden_act: 'gelu', image_size: 224, patch_size: 16, num_channels: 3, qkv_bias: true, layer_norm_eps: 1e-12 };

// [repo, config.json fields, has a classifier (ViTForImageClassification) or is a bare ViTModel,
//  published parameter count of what the loader reads (the in21k pooler is not used)]
const CHECKPOINTS: [string, Record<string, unknown>, boolean, number][] = [
  ['google/vit-base-patch16-224', { ...base, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, id2label: labels(1000) }, true, 86_567_656],
  ['google/vit-base-patch16-224-in21k', { ...base, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072 }, false, 86_389_248 - 590_592],
  ['google/vit-large-patch16-224', { ...base, hidden_size: 1024, num_hidden_layers: 24, num_attention_heads: 16, intermediate_size: 4096, id2label: labels(1000) }, true, 304_326_632],
  ['facebook/deit-tiny-patch16-224', { ...base, hidden_size: 192, num_hidden_layers: 12, num_attention_heads: 3, intermediate_size: 768, id2label: labels(1000) }, true, 5_717_416],
  ['facebook/deit-small-patch16-224', { ...base, hidden_size: 384, num_hidden_layers: 12, num_attention_heads: 6, intermediate_size: 1536, id2label: labels(1000) }, true, 22_050_664],
  ['facebook/deit-base-patch16-224', { ...base, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, id2label: labels(1000) }, true, 86_567_656],
];

// The other families, by their hub config.json; parameter counts of what the loader reads, counted
// by transformers 5.18 on the same configs (Dinov2Model less its mask token; CLIPVisionModel;
// SiglipVisionModel less its attention-pooling head, which no feature reads).
const FAMILIES: [string, Record<string, unknown>, number, number][] = [
  ['facebook/dinov2-small', { model_type: 'dinov2', hidden_size: 384, num_attention_heads: 6, num_hidden_layers: 12, mlp_ratio: 4, image_size: 518, patch_size: 14 }, 22_056_192, 768],
  ['facebook/dinov2-base', { model_type: 'dinov2', hidden_size: 768, num_attention_heads: 12, num_hidden_layers: 12, mlp_ratio: 4, image_size: 518, patch_size: 14 }, 86_579_712, 1536],
  ['openai/clip-vit-base-patch16', { model_type: 'clip', vision_config: { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, image_size: 224, patch_size: 16 } }, 85_799_424, 768],
  ['google/siglip-base-patch16-224', { model_type: 'siglip', vision_config: { image_size: 224, patch_size: 16 } }, 85_797_120, 768],
];

describe('the other families the Train screen offers', () => {
  it.each(FAMILIES)('%s: names and shapes add up to what transformers counts; the list says the same', (repo, raw, params, feature) => {
    const config = parseViTConfig(raw);
    const shapes = expectedTensorShapes(config, '', false);
    expect([...shapes.values()].reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0)).toBe(params);
    expect(featureSize(config)).toBe(feature);
    const known = KNOWN_MODELS.find((m) => m.id === repo)!;
    expect(known).toMatchObject({ family: config.family, params, hiddenSize: config.hiddenSize, numLabels: 0, imageSize: 224 });
    expect(known.description.length).toBeGreaterThan(20);
  });
});

describe('the checkpoints ViT Studio must load', () => {
  it.each(CHECKPOINTS)('%s: names and shapes add up to the published parameter count', (repo, raw, hasClassifier, params) => {
    const config = parseViTConfig(raw);
    const shapes = expectedTensorShapes(config, hasClassifier ? 'vit.' : '', hasClassifier);
    const total = [...shapes.values()].reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
    expect(total).toBe(params);
    expect(shapes.has(hasClassifier ? 'vit.encoder.layer.0.attention.attention.query.weight' : 'encoder.layer.0.attention.attention.query.weight')).toBe(true);
    // The UI's list says the same model.
    const known = KNOWN_MODELS.find((m) => m.id === repo)!;
    expect(known.hiddenSize).toBe(config.hiddenSize);
    expect(known.numLabels).toBe(hasClassifier ? 1000 : 0);
    expect(Math.abs(known.params - (hasClassifier ? params : params + 590_592)) / params).toBeLessThan(0.01);
  });
});
