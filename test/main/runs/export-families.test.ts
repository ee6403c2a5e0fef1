// A run of each family exported as a Hugging Face folder: our loader reads it back to the same
// tensors, and transformers loads it (AutoModelForImageClassification + the family's image
// processor) with the same probabilities. Python does not run in CI: check_exports.py ran the
// exported folders through transformers 5.18 and stored its probabilities with the sha256 of every
// exported file in test/fixtures/export-check/expected.json; this test exports again, requires the
// same bytes (so that check covers exactly these files) and compares our predictions with it.
// Regenerate: EXPORT_CHECK_DIR=/tmp/export-check npx vitest run test/main/train/export-families.test.ts
//             python3 test/fixtures/export-check/check_exports.py /tmp/export-check
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/main/model/backend';
import { loadCheckpoint } from '../../../src/main/model/checkpoint';
import { preprocessImage } from '../../../src/main/model/preprocess';
import { writeSafetensors } from '../../../src/main/model/safetensors';
import { ViT } from '../../../src/main/model/vit/model';
import { exportRun } from '../../../src/main/runs/export';
import type { RunConfig } from '../../../src/shared/api/runs';
import { maxAbsDiff, softmax } from '../onnx/onnx-fixture';
import { tmpDir } from '../../helpers/make-images';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const REFS = ['vit-gray-ref', 'dinov2-ref', 'clip-ref', 'siglip-ref', 'variants/dinov2-registers'];
const checked = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'export-check/expected.json'), 'utf8')) as Record<
  string,
  { files: Record<string, string>; images: { image: string; probs: number[]; top1: string }[] }
>;
const root = process.env.EXPORT_CHECK_DIR ?? tmpDir('vit-export-families-');

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(() => {
  if (!process.env.EXPORT_CHECK_DIR) fs.rmSync(root, { recursive: true, force: true });
});

/** A trained head as a run stores it: here the fixture's classifier with its rows reversed, under reversed label names. */
function exportedRun(ref: string): { folder: string; labels: string[] } {
  const base = loadCheckpoint(path.join(FIXTURES, ref));
  const { weight, bias, outFeatures: L, inFeatures: F } = base.weights.classifier!;
  const reversed = (a: Float32Array, width: number) => {
    const out = new Float32Array(a.length);
    for (let r = 0; r < L; r++) out.set(a.subarray((L - 1 - r) * width, (L - r) * width), r * width);
    return out;
  };
  const work = path.join(root, '.heads');
  fs.mkdirSync(work, { recursive: true });
  const head = path.join(work, `${ref.replace('/', '_')}.safetensors`);
  writeSafetensors(head, [
    { name: 'classifier.weight', shape: [L, F], data: reversed(weight, F) },
    { name: 'classifier.bias', shape: [L], data: reversed(bias!, 1) },
  ]);
  const labels = [...base.config.id2label].reverse().map((n) => `${n}-x`);
  const config = { modelFolder: base.folder, fromScratch: false, labels: labels.map((name, id) => ({ id, name })) } as RunConfig;
  const folder = path.join(root, ref.replace('/', '_'));
  exportRun(config, head, folder);
  return { folder, labels };
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe.each(REFS)('an exported %s run', (ref) => {
  it('is what transformers checked, and gives the probabilities transformers gave', async () => {
    const { folder, labels } = exportedRun(ref);
    const files = Object.fromEntries(['config.json', 'preprocessor_config.json', 'model.safetensors'].map((f) => [f, sha256(path.join(folder, f))]));
    if (process.env.EXPORT_CHECK_DIR) return; // regenerating: check_exports.py runs next
    const expected = checked[ref.replace('/', '_')]!;
    expect(files).toEqual(expected.files);

    const exported = loadCheckpoint(folder);
    const base = loadCheckpoint(path.join(FIXTURES, ref));
    expect(exported.config).toMatchObject({ ...base.config, id2label: labels, modelType: base.config.modelType });
    expect(exported.preprocessor).toEqual(base.preprocessor);
    const before = tf.memory().numTensors;
    const vit = ViT.fromCheckpoint(exported);
    try {
      let worst = 0;
      for (const img of expected.images) {
        const pixels = await preprocessImage(path.join(base.folder, img.image), exported.preprocessor);
        const { logits } = await vit.extract(pixels, 1);
        const probs = softmax(logits!);
        worst = Math.max(worst, maxAbsDiff(probs, img.probs));
        expect(labels[probs.indexOf(Math.max(...probs))]).toBe(img.top1);
      }
      console.log(`[export ${ref}] max |Δprob| vs transformers on the exported folder: ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(1e-4);
    } finally {
      vit.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
