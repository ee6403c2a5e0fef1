// The TF.js model's family traits on random weights: the feature's shape per family (DINOv2's
// concat is 2·D), DINOv2 at an input size other than its trained grid (positions interpolated once,
// freed with the model), one training step that moves every parameter kind (LayerScale, registers,
// pre-LayerNorm included), toWeights → weightsToTensors under the family's names, and no leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/main/model/backend';
import { weightsToTensors } from '../../../src/main/model/save-checkpoint';
import { ViT } from '../../../src/main/model/vit/model';
import { expectedTensorShapes, featureSize, parseViTConfig, tensorPrefixes } from '../../../src/shared/model/vit-config';

const sizes = { hidden_size: 16, num_hidden_layers: 2, num_attention_heads: 2, image_size: 16, patch_size: 4 };
const labels = { id2label: { 0: 'a', 1: 'b', 2: 'c' } };
const CONFIGS = {
  vit: parseViTConfig({ model_type: 'vit', ...sizes, intermediate_size: 32, num_channels: 1, ...labels }),
  dinov2: parseViTConfig({ model_type: 'dinov2', ...sizes, mlp_ratio: 2, layerscale_value: 0.5, ...labels }),
  dinov2_with_registers: parseViTConfig({ model_type: 'dinov2_with_registers', ...sizes, mlp_ratio: 2, num_register_tokens: 3, ...labels }),
  clip: parseViTConfig({ model_type: 'clip_vision_model', ...sizes, intermediate_size: 32, ...labels }),
  siglip: parseViTConfig({ model_type: 'siglip_vision_model', ...sizes, intermediate_size: 32, ...labels }),
};

beforeAll(async () => {
  await initBackend('wasm');
});

describe.each(Object.entries(CONFIGS))('%s in TF.js', (_, config) => {
  it('gives [B, F] features and [B, L] logits, nothing left behind', async () => {
    const before = tf.memory().numTensors;
    const vit = ViT.random(config, { seed: 4 });
    const x = tf.randomNormal([3, config.numChannels, 16, 16], 0, 1, 'float32', 5) as tf.Tensor4D;
    const out = vit.forward(x);
    expect(out.features.shape).toEqual([3, featureSize(config)]);
    expect(out.logits!.shape).toEqual([3, 3]);
    const extracted = await vit.extract(x.dataSync() as Float32Array, 3);
    expect(Math.max(...Array.from(extracted.features, (v, i) => Math.abs(v - out.features.dataSync()[i]!)))).toBeLessThan(1e-6);
    tf.dispose([x, out.features, out.logits!]);
    vit.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('one training step moves every parameter', () => {
    const vit = ViT.random(config, { seed: 6 });
    try {
      const x = tf.randomNormal([4, config.numChannels, 16, 16], 0, 1, 'float32', 7);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3);
      const vars = vit.trainableVariables();
      const before = vars.map((v) => v.dataSync().slice());
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, vit.apply(x).logits!) as tf.Scalar, vars);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      const opt = tf.train.sgd(0.1);
      opt.applyGradients(grads);
      const unmoved = vars.filter((v, i) => Math.max(...Array.from(v.dataSync(), (a, j) => Math.abs(a - before[i]![j]!))) === 0).map((v) => v.shape.join('x'));
      // CLIP's post_layernorm is read by no feature (as in CLIPForImageClassification): its gradient is 0.
      expect(unmoved).toEqual(config.family === 'clip' ? [`${config.hiddenSize}`, `${config.hiddenSize}`] : []);
      tf.dispose([x, y, value, ...Object.values(grads)]);
      opt.dispose();
    } finally {
      vit.dispose();
    }
  });

  it('writes its weights under the family names, with the shapes config.json implies', () => {
    const vit = ViT.random(config, { seed: 8 });
    try {
      const tensors = weightsToTensors(config, vit.toWeights());
      const expected = expectedTensorShapes(config, tensorPrefixes(config)[0]!, true);
      expect(new Map(tensors.map((t) => [t.name, t.shape]))).toEqual(expected);
    } finally {
      vit.dispose();
    }
  });
});

describe('DINOv2 at another input size', () => {
  it('interpolates the positions once (16 px grid → 24 px input) and frees them with the model', async () => {
    const source = ViT.random(CONFIGS.dinov2, { seed: 2 });
    const weights = source.toWeights();
    source.dispose();
    const before = tf.memory().numTensors;
    const vit = ViT.fromWeights(CONFIGS.dinov2, weights, { inputSize: 24 });
    const { features } = await vit.extract(new Float32Array(2 * 3 * 24 * 24).fill(0.1), 2);
    expect(features.length).toBe(2 * 32);
    const small = tf.zeros([1, 3, 16, 16]) as tf.Tensor4D;
    expect(() => vit.forward(small)).toThrow(/expects \[B, 3, 24, 24\]/);
    small.dispose();
    vit.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => ViT.fromWeights(CONFIGS.vit, weights, { inputSize: 24 })).toThrow(/runs at image_size 16 only/);
  });
});
