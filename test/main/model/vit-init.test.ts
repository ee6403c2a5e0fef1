import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseViTConfig } from '../../../src/shared/model/vit-config';
import { initBackend } from '../../../src/main/model/backend';
import { ViT } from '../../../src/main/model/vit/model';

describe('random ViT initialisation', () => {
  const config = parseViTConfig({ hidden_size: 16, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 32, image_size: 8, patch_size: 4, id2label: { 0: 'a', 1: 'b' } });

  it('is reproducible for a seed — seed 0 included — and differs between seeds', async () => {
    await initBackend('cpu');
    const weightsOf = (seed: number) => {
      const vit = ViT.random(config, { seed });
      const w = vit.toWeights();
      vit.dispose();
      return [w.patchProjection.weight, w.clsToken!, w.layers[0]!.query.weight, w.classifier!.weight];
    };
    const before = tf.memory().numTensors;
    const a = weightsOf(0);
    const b = weightsOf(0);
    const c = weightsOf(1);
    a.forEach((t, i) => expect(Array.from(t)).toEqual(Array.from(b[i]!)));
    expect(Array.from(a[0]!)).not.toEqual(Array.from(c[0]!));
    // Different tensors get different draws.
    expect(Array.from(a[1]!).slice(0, 8)).not.toEqual(Array.from(a[0]!).slice(0, 8));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loading weights and disposing the model leaves no tensor behind', async () => {
    await initBackend('cpu');
    const source = ViT.random(config, { seed: 3 });
    const weights = source.toWeights();
    source.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) ViT.fromWeights(config, weights).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
