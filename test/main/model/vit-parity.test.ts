// Parity with the reference implementation in test/fixtures/vit-ref: probabilities and the
// final-LayerNorm [CLS] feature within the fixture's tolerance, on both WASM and CPU backends.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend, type BackendName } from '../../../src/main/model/backend';
import { loadCheckpoint } from '../../../src/main/model/checkpoint';
import { preprocessImage } from '../../../src/main/model/preprocess';
import { ViT } from '../../../src/main/model/vit/model';

const REF = path.resolve(__dirname, '../../fixtures/vit-ref');
const expected = JSON.parse(fs.readFileSync(path.join(REF, 'expected.json'), 'utf8')) as {
  tolerance_abs: number;
  images: { image: string; probs: number[]; logits: number[]; cls_feature: number[]; top1: string }[];
};

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.each(['wasm', 'cpu'] as BackendName[])('ViT parity with the reference on %s', (backend) => {
  it('matches probs and cls_feature for every image', async () => {
    const info = await initBackend(backend);
    expect(info.backend).toBe(backend);
    const ck = loadCheckpoint(REF);
    const vit = ViT.fromCheckpoint(ck);
    try {
      const size = 3 * ck.config.imageSize * ck.config.imageSize;
      const batch = new Float32Array(expected.images.length * size);
      for (const [i, img] of expected.images.entries()) {
        batch.set(await preprocessImage(path.join(REF, img.image), ck.preprocessor), i * size);
      }
      const { features, logits } = await vit.extract(batch, expected.images.length);
      const probs = tf.tidy(() => tf.softmax(tf.tensor2d(logits!, [expected.images.length, vit.numLabels])).dataSync());
      const D = ck.config.hiddenSize;
      const L = vit.numLabels;
      let worstProb = 0;
      let worstFeature = 0;
      for (const [i, img] of expected.images.entries()) {
        worstProb = Math.max(worstProb, maxAbsDiff(probs.slice(i * L, (i + 1) * L), img.probs));
        worstFeature = Math.max(worstFeature, maxAbsDiff(features.slice(i * D, (i + 1) * D), img.cls_feature));
        const top = Array.from(probs.slice(i * L, (i + 1) * L)).indexOf(Math.max(...probs.slice(i * L, (i + 1) * L)));
        expect(ck.config.id2label[top]).toBe(img.top1);
      }
      console.log(`[parity ${backend}] max |Δprob| = ${worstProb.toExponential(2)}, max |Δcls| = ${worstFeature.toExponential(2)}`);
      expect(worstProb).toBeLessThanOrEqual(expected.tolerance_abs);
      expect(worstFeature).toBeLessThanOrEqual(expected.tolerance_abs);
    } finally {
      vit.dispose();
    }
  });
});
