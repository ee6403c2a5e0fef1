// The TF.js ViT's pieces: patchify+matMul equals the strided conv, output shapes, training from
// scratch on WASM, and no tensor leaks across repeated forward passes.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseViTConfig } from '../../../src/shared/model/vit-config';
import { initBackend } from '../../../src/main/model/backend';
import { loadCheckpoint } from '../../../src/main/model/checkpoint';
import { patchEmbeddings } from '../../../src/main/model/vit/embeddings';
import { ViT } from '../../../src/main/model/vit/model';
import { TfjsFeatureEngine } from '../../../src/main/model/tfjs-feature-engine';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';

const tiny = parseViTConfig({
  hidden_size: 24,
  num_hidden_layers: 2,
  num_attention_heads: 3,
  intermediate_size: 48,
  image_size: 16,
  patch_size: 4,
  id2label: { 0: 'a', 1: 'b', 2: 'c' },
});

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ViT in TF.js', () => {
  it('patch embedding as patchify + matMul equals tf.conv2d with stride P', () => {
    const vit = ViT.random(tiny, { seed: 3, std: 0.5 });
    try {
      const [maxDiff, scale] = tf.tidy(() => {
        const pixels = tf.randomNormal([2, 3, 16, 16], 0, 1, 'float32', 7); // [B, C, H, W]
        const ours = patchEmbeddings(pixels, vit.params, tiny); // [B, N, D]
        // Reference: conv2d on NHWC with the kernel in HWIO, from our [C*P*P, D] = [c, y, x] order.
        const kernel = vit.params.patchKernel.reshape([3, 4, 4, 24]).transpose([1, 2, 0, 3]); // [P, P, C, D]
        const conv = tf.conv2d(pixels.transpose([0, 2, 3, 1]) as tf.Tensor4D, kernel as tf.Tensor4D, 4, 'valid'); // [B, 4, 4, D]
        const reference = tf.add(conv.reshape([2, 16, 24]), vit.params.patchBias);
        return [tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0]!, tf.max(tf.abs(reference)).dataSync()[0]!];
      });
      expect(scale).toBeGreaterThan(0.5);
      expect(maxDiff).toBeLessThan(1e-5);
    } finally {
      vit.dispose();
    }
  });

  it('gives [B, D] features and [B, L] logits for a tiny config, none without a classifier', () => {
    const vit = ViT.random(tiny, { seed: 1 });
    const bare = ViT.random(tiny, { seed: 1, numLabels: 0 });
    try {
      const x = tf.randomNormal([5, 3, 16, 16]) as tf.Tensor4D;
      const out = vit.forward(x);
      expect(out.features.shape).toEqual([5, 24]);
      expect(out.logits!.shape).toEqual([5, 3]);
      const noHead = bare.forward(x);
      expect(noHead.logits).toBeNull();
      tf.dispose([x, out.features, out.logits!, noHead.features]);
      expect(() => vit.forward(tf.zeros([1, 3, 32, 32]) as tf.Tensor4D)).toThrow(/expects \[B, 3, 16, 16\]/);
    } finally {
      vit.dispose();
      bare.dispose();
    }
  });

  it('round-trips weights: toWeights → fromWeights gives the same outputs', () => {
    const a = ViT.random(tiny, { seed: 9, std: 0.3 });
    const b = ViT.fromWeights(tiny, a.toWeights());
    try {
      const diff = tf.tidy(() => {
        const x = tf.randomNormal([2, 3, 16, 16]) as tf.Tensor4D;
        return tf.max(tf.abs(tf.sub(a.apply(x).logits!, b.apply(x).logits!))).dataSync()[0]!;
      });
      expect(diff).toBeLessThan(1e-6);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('trains from scratch on WASM: gradients reach every weight and the loss goes down', () => {
    expect(tf.getBackend()).toBe('wasm');
    const vit = ViT.random(tiny, { seed: 2 });
    const x = tf.randomNormal([6, 3, 16, 16], 0, 1, 'float32', 11) as tf.Tensor4D;
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
    const lossFn = () => tf.losses.softmaxCrossEntropy(y, vit.apply(x).logits!) as tf.Scalar;
    try {
      const { grads, value } = tf.variableGrads(lossFn, vit.trainableVariables());
      const before = value.dataSync()[0]!;
      // Every parameter, the patch kernel included (the matMul patchify), gets a non-zero gradient.
      const zeroGrads = Object.entries(grads).filter(([, g]) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]!) === 0);
      expect(zeroGrads.map(([n]) => n)).toEqual([]);
      expect(Object.keys(grads).length).toBe(vit.trainableVariables().length);
      tf.dispose([value, ...Object.values(grads)]);
      const opt = tf.train.adam(1e-2);
      for (let step = 0; step < 5; step++) opt.minimize(lossFn, true, vit.trainableVariables())?.dispose();
      const after = tf.tidy(() => lossFn().dataSync()[0]!);
      expect(after).toBeLessThan(before * 0.9);
      opt.dispose();
    } finally {
      tf.dispose([x, y]);
      vit.dispose();
    }
  });

  it('keeps tf.memory().numTensors flat over repeated forward and extract calls', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-leak-'));
    const engine = TfjsFeatureEngine.fromCheckpoint(loadCheckpoint(makeTinyCheckpoint(dir, { imageSize: 16, patchSize: 4 }).folder), {
      backend: 'wasm',
      device: 'test',
    });
    try {
      const pixels = new Float32Array(2 * 3 * 16 * 16).fill(0.25);
      await engine.extract(pixels, 2); // warm-up
      const start = tf.memory().numTensors;
      for (let i = 0; i < 10; i++) {
        const out = await engine.extract(pixels, 2);
        expect(out.features.length).toBe(2 * 32);
        expect(out.logits!.length).toBe(2 * 3);
      }
      expect(tf.memory().numTensors).toBe(start);
    } finally {
      await engine.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
