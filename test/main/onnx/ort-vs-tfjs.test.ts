// The ONNX graph against the TF.js ViT (an independent implementation of modeling_vit.py) on tiny
// random checkpoints: every hidden_act, with and without a classifier, both attention graphs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ViT } from '../../../src/main/model/vit/model';
import { createOrtFeatureEngine } from '../../../src/main/onnx/ort-engine';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';
import { maxAbsDiff, tmpDir } from './onnx-fixture';

const work = tmpDir('ort-vs-tfjs-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const ACTS = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'quick_gelu', 'relu'] as const;

describe('ORT graph vs TF.js ViT', () => {
  it.each(ACTS)('agrees for hidden_act=%s (both attention graphs, batch 2)', async (act) => {
    const ck = makeTinyCheckpoint(path.join(work, act), { hiddenAct: act, labels: act === 'relu' ? 0 : 3, seed: 7, layers: 2 });
    const { numChannels: C, imageSize: S } = ck.config;
    const pixels = Float32Array.from({ length: 2 * C * S * S }, (_, i) => Math.sin(i * 0.13) * 1.7);
    const vit = ViT.fromCheckpoint(ck);
    const ref = await vit.extract(pixels, 2);
    vit.dispose();
    for (const attention of ['onnx', 'mha'] as const) {
      const e = await createOrtFeatureEngine(ck.folder, { cacheDir: path.join(work, 'cache'), device: 'cpu', attention });
      try {
        const out = await e.extract(pixels, 2);
        expect(maxAbsDiff(out.features, ref.features)).toBeLessThan(1e-4);
        if (act === 'relu') expect(out.logits).toBeNull();
        else expect(maxAbsDiff(out.logits!, ref.logits!)).toBeLessThan(1e-4);
      } finally {
        await e.dispose();
      }
    }
  });
});
