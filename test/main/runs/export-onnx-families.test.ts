// ONNX export of every family: the one-file model.onnx that any ONNX runtime runs (standard ops,
// fp32) gives transformers' probabilities and features on the reference checkpoints, at the image
// processor's input size (DINOv2's positions resampled inside), with the metadata a deployer reads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelConfigSync } from '../../../src/main/model/checkpoint';
import { preprocessImage } from '../../../src/main/model/preprocess';
import { exportOnnx } from '../../../src/main/runs/export-onnx';
import { processorOutputSize } from '../../../src/shared/model/vit-config';
import { REFERENCE_FIXTURES } from '../../helpers/family-fixtures';
import { maxAbsDiff, softmax } from '../onnx/onnx-fixture';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'export-onnx-families-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(REFERENCE_FIXTURES.map((f) => [f.name, f] as const))('ONNX export of %s', (name, fixture) => {
  it('runs on plain ONNX Runtime to transformers\' probabilities and features', async () => {
    const target = path.join(work, name);
    const files = exportOnnx(fixture.folder, target, 7);
    expect(files.map((f) => path.basename(f))).toEqual(['model.onnx', 'config.json', 'preprocessor_config.json']);
    const { config, preprocessor } = loadModelConfigSync(target);
    const session = await ort.InferenceSession.create(path.join(target, 'model.onnx'));
    try {
      expect(session.inputNames).toEqual(['pixel_values']);
      expect([...session.outputNames].sort()).toEqual(['features', 'logits']);
      const { height, width } = processorOutputSize(preprocessor);
      let worst = 0;
      for (const im of fixture.images.filter((i) => i.exact)) {
        const pixels = await preprocessImage(path.join(fixture.folder, im.image), preprocessor);
        const out = await session.run({ pixel_values: new ort.Tensor('float32', pixels, [1, config.numChannels, height, width]) });
        worst = Math.max(worst, maxAbsDiff(softmax(out.logits!.data as Float32Array), im.probs!), maxAbsDiff(out.features!.data as Float32Array, im.features));
      }
      expect(worst).toBeLessThan(fixture.tolerance);
      const meta = JSON.parse(fs.readFileSync(path.join(fixture.folder, 'config.json'), 'utf8')) as { architectures: string[] };
      const modelMeta = fs.readFileSync(path.join(target, 'model.onnx')).subarray(0, 4096).toString('latin1');
      expect(modelMeta).toContain(meta.architectures[0]!); // e.g. SiglipForImageClassification, not ViT's name
    } finally {
      await session.release();
    }
  });
});
