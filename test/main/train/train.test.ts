import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { loadCheckpoint, loadModelConfig } from '../../../src/main/model/checkpoint';
import { preprocessImage } from '../../../src/main/model/preprocess';
import { LoadedModels, predictImages } from '../../../src/main/inference/predict';
import { tmpDir } from '../../helpers/make-images';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';
import { makeShapeDataset, useFreshWorkerBundle, waitForRun } from './helpers';

// End to end through the engine: import → split → train (worker process) → runs.* → export.
describe('training on a frozen tiny backbone', () => {
  let engine: Engine;
  let datasetId: number;
  let dataDir: string;
  let modelDir: string;
  const root = tmpDir('vit-train-');

  beforeAll(async () => {
    await useFreshWorkerBundle();
    dataDir = path.join(root, 'shapes');
    await makeShapeDataset(dataDir, 30);
    modelDir = makeTinyCheckpoint(path.join(root, 'tiny'), { hiddenSize: 32, layers: 2, heads: 4, imageSize: 32, patchSize: 8, labels: 0, seed: 3 }).folder;
    engine = new Engine(path.join(root, 'ws'));
    const report = await engine.invoke('datasets.import', { folder: dataDir, labelsFrom: 'folders' });
    datasetId = report.dataset;
    await engine.invoke('splits.apply', { datasetId });
  });

  afterAll(() => engine?.close());

  let firstRun = 0;

  it('a linear head on random frozen features beats chance by a wide margin', async () => {
    const events: string[] = [];
    engine.on((e) => {
      if (e.type === 'progress' && e.progress.runId) events.push(e.progress.kind);
    });
    const { runId } = await engine.invoke('train.start', { datasetId, model: modelDir, engine: 'tfjs', epochs: 40, lr: 0.01 });
    firstRun = runId;
    const run = await waitForRun(engine, runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.images.train + run.images.val + run.images.test).toBe(180);
    expect(run.timings!.extracted).toBe(180);
    expect(run.epochs.length).toBeGreaterThan(0);
    expect(run.epochs[0]!.valAcc).not.toBeNull();
    // 6 classes: chance is 1/6.
    console.log(`frozen tiny backbone + head: test accuracy ${(run.test!.accuracy * 100).toFixed(1)}% on ${run.test!.count} images (chance 16.7%)`);
    expect(run.test!.accuracy).toBeGreaterThan(0.6);
    expect(run.test!.confusion.length).toBe(6);
    expect(events).toContain('extract');
    expect(events).toContain('train');
    const preds = await engine.invoke('runs.predictions', { runId, split: 'test' });
    expect(preds.total).toBe(run.images.test);
    expect(preds.items[0]!.topK.length).toBe(5);
    const errors = await engine.invoke('runs.predictions', { runId, split: 'test', errorsOnly: true });
    expect(errors.total).toBe(Math.round(run.test!.count * (1 - run.test!.accuracy)));
    // Each confusion-matrix cell lists exactly its images.
    const labelIds = run.config.labels.map((l) => l.id);
    for (const [t, row] of run.test!.confusion.entries()) {
      for (const [p, count] of row.entries()) {
        const cell = await engine.invoke('runs.predictions', { runId, split: 'test', trueLabelId: labelIds[t]!, predictedLabelId: labelIds[p]! });
        expect(cell.total).toBe(count);
        for (const item of cell.items) expect([item.trueLabelId, item.predictedLabelId]).toEqual([labelIds[t], labelIds[p]]);
      }
    }
    const listed = await engine.invoke('runs.list', { datasetId });
    expect(listed.map((r) => r.id)).toContain(runId);
  });

  it('retraining extracts only what changed: a relabel costs nothing, a newly labeled image costs one', async () => {
    const img = (await engine.invoke('images.query', { datasetId, limit: 1 })).items[0]!;
    const labels = await engine.invoke('labels.list', { datasetId });
    const other = labels.find((l) => l.id !== img.labelId)!;
    await engine.invoke('images.setLabel', { imageIds: [img.id], labelId: other.id });
    const r1 = await waitForRun(engine, (await engine.invoke('train.start', { datasetId, model: modelDir, engine: 'tfjs', epochs: 2 })).runId);
    expect(r1.status).toBe('completed');
    expect(r1.timings!.extracted).toBe(0);

    // A new labeled image (content unlike any other) appears on rescan.
    await (await import('sharp')).default({ create: { width: 32, height: 32, channels: 3, background: { r: 210, g: 30, b: 30 } } })
      .png()
      .toFile(path.join(dataDir, 'red_circle', 'new.png'));
    await engine.invoke('datasets.rescan', { datasetId });
    await engine.invoke('splits.apply', { datasetId });
    const r2 = await waitForRun(engine, (await engine.invoke('train.start', { datasetId, model: modelDir, engine: 'tfjs', epochs: 2 })).runId);
    expect(r2.status).toBe('completed');
    expect(r2.timings!.extracted).toBe(1);
    expect(r2.timings!.cached).toBe(180);
  });

  it('an exported folder loads back and predicts the run\'s own scores', async () => {
    const out = path.join(root, 'export');
    const { files } = await engine.invoke('runs.export', { runId: firstRun, folder: out });
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['config.json', 'model.safetensors', 'preprocessor_config.json']);
    const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(config.architectures).toEqual(['ViTForImageClassification']);
    expect(Object.keys(config.label2id).sort()).toEqual(['blue_circle', 'blue_square', 'blue_triangle', 'red_circle', 'red_square', 'red_triangle']);
    const ck = loadCheckpoint(out);
    expect(ck.weights.classifier!.outFeatures).toBe(6);
    // The model engineer's predict path (vit-studio predict --model <folder>) gives the run's scores.
    const models = new LoadedModels();
    try {
      const preds = await engine.invoke('runs.predictions', { runId: firstRun, split: 'test', limit: 8 });
      const model = await models.get(out, { cacheDir: engine.ctx.ws.paths.graphs });
      const got = await predictImages(model, preds.items.map((p) => ({ name: p.relPath, input: path.join(dataDir, p.relPath) })), 1);
      preds.items.forEach((p, i) => {
        expect(got[i]!.predictions[0]!.label).toBe(p.predictedLabel);
        expect(got[i]!.predictions[0]!.score).toBeCloseTo(p.confidence, 4);
      });
    } finally {
      await models.clear();
    }
    // The same scores through the engine with the run itself as the model ("try an image").
    const preds = await engine.invoke('runs.predictions', { runId: firstRun, split: 'test', limit: 3 });
    const viaRun = await engine.invoke('model.predict', {
      model: `run:${firstRun}`,
      images: preds.items.map((p) => path.join(dataDir, p.relPath)),
      topK: 1,
    });
    preds.items.forEach((p, i) => {
      expect(viaRun[i]!.predictions[0]!.label).toBe(p.predictedLabel);
      expect(viaRun[i]!.predictions[0]!.score).toBeCloseTo(p.confidence, 4);
    });
    await expect(engine.invoke('model.predict', { model: 'run:9999', images: [path.join(dataDir, preds.items[0]!.relPath)] })).rejects.toThrow(
      /Run 9999 does not exist/,
    );
  });

  it('exports as one ONNX model that any ONNX runtime runs to the run\'s own scores', async () => {
    const out = path.join(root, 'export-onnx');
    const { files } = await engine.invoke('runs.export', { runId: firstRun, folder: out, format: 'onnx' });
    expect(files.map((f) => path.basename(f))).toEqual(['model.onnx', 'config.json', 'preprocessor_config.json']);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(path.join(out, 'model.onnx'));
    try {
      expect(session.inputNames).toEqual(['pixel_values']);
      expect([...session.outputNames].sort()).toEqual(['features', 'logits']);
      const pre = (await loadModelConfig(out)).preprocessor;
      const labels = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).id2label as Record<string, string>;
      const preds = await engine.invoke('runs.predictions', { runId: firstRun, split: 'test', limit: 4 });
      for (const p of preds.items) {
        const pixels = await preprocessImage(path.join(dataDir, p.relPath), pre);
        const size = pre.size.height;
        const { logits } = await session.run({ pixel_values: new ort.Tensor('float32', pixels, [1, 3, size, size]) });
        const z = Array.from(logits!.data as Float32Array);
        const best = z.indexOf(Math.max(...z));
        const score = 1 / z.reduce((s, v) => s + Math.exp(v - z[best]!), 0);
        expect(labels[String(best)]).toBe(p.predictedLabel);
        expect(score).toBeCloseTo(p.confidence, 4);
      }
    } finally {
      await session.release();
    }
  });

  it('with augmentation, K views per training image are cached (and reused)', async () => {
    const start = () => engine.invoke('train.start', { datasetId, model: modelDir, engine: 'tfjs', epochs: 2, augment: 'light' });
    const r1 = await waitForRun(engine, (await start()).runId);
    expect(r1.status).toBe('completed');
    expect(r1.config.views).toBe(2);
    // Clean views are cached from earlier runs; the 2 light views of every training image are new.
    expect(r1.timings!.extracted).toBe(2 * r1.images.train);
    const r2 = await waitForRun(engine, (await start()).runId);
    expect(r2.timings!.extracted).toBe(0);
  });

  it('int8 fast mode: its features are cached apart from fp32 ones, and run:<id> predicts on them', async () => {
    const start = () => engine.invoke('train.start', { datasetId, model: modelDir, engine: 'ort', precision: 'int8', epochs: 3, lr: 0.01 });
    const r1 = await waitForRun(engine, (await start()).runId);
    expect(r1.error).toBeNull();
    expect(r1.config.precision).toBe('int8');
    expect(r1.config.device).toMatch(/int8/);
    // Every image again (fp32 features from the earlier runs are not reused), then none.
    expect(r1.timings!.extracted).toBe(r1.images.train + r1.images.val + r1.images.test);
    expect((await waitForRun(engine, (await start()).runId)).timings!.extracted).toBe(0);
    // run:<id> predicts on int8 features too, and each image is quantized on its own: its scores.
    const preds = await engine.invoke('runs.predictions', { runId: r1.id, split: 'test', limit: 3 });
    const viaRun = await engine.invoke('model.predict', { model: `run:${r1.id}`, images: preds.items.map((p) => path.join(dataDir, p.relPath)), topK: 1 });
    preds.items.forEach((p, i) => {
      expect(viaRun[i]!.predictions[0]!.label).toBe(p.predictedLabel);
      expect(viaRun[i]!.predictions[0]!.score).toBeCloseTo(p.confidence, 4);
    });
    // It quantizes a frozen backbone on ONNX Runtime: TF.js or from scratch is refused, with the reason.
    await expect(engine.invoke('train.start', { datasetId, model: modelDir, engine: 'tfjs', precision: 'int8' })).rejects.toThrow(/runs on ONNX Runtime/);
    await expect(engine.invoke('train.start', { datasetId, model: 'scratch', fromScratch: true, precision: 'int8' })).rejects.toThrow(/from scratch/);
  });

  it('runs.delete removes the run, its rows and its folder', async () => {
    const { runId } = await engine.invoke('train.start', { datasetId, model: modelDir, engine: 'tfjs', epochs: 1 });
    await waitForRun(engine, runId);
    const folder = path.join(root, 'ws', 'runs', String(runId));
    expect(fs.existsSync(folder)).toBe(true);
    expect(await engine.invoke('runs.delete', { runId })).toEqual({ deleted: true });
    expect(fs.existsSync(folder)).toBe(false);
    expect((await engine.invoke('runs.list', {})).map((r) => r.id)).not.toContain(runId);
    await expect(engine.invoke('runs.predictions', { runId })).rejects.toThrow(/does not exist/);
  });

  it('refuses bad requests with a clear message', async () => {
    await expect(engine.invoke('train.start', { datasetId: 999, model: modelDir })).rejects.toThrow(/does not exist/);
    await expect(engine.invoke('runs.get', { runId: 999 })).rejects.toThrow(/does not exist/);
    await expect(engine.invoke('runs.export', { runId: 999, folder: root })).rejects.toThrow(/does not exist/);
  });
});
