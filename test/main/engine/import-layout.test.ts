import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { makeDataset, type ImageSpec } from '../../helpers/make-images';
import { useTempDirs } from '../../helpers/temp-dirs';

// Split folders (the imagefolder / Kaggle / Roboflow layout): train/<class>/…, test/<class>/….
const tmp = useTempDirs();

const CLASSES = Array.from({ length: 10 }, (_, i) => `class${i}`);

/** train/<class>/ × 3 and Test/<class>/ × 1 per class (any case is recognised). */
async function splitTree(extra: Record<string, ImageSpec> = {}) {
  const root = tmp('vit-splits-');
  const spec: Record<string, ImageSpec> = { ...extra };
  for (const c of CLASSES) {
    for (let i = 0; i < 3; i++) spec[`train/${c}/${i}.png`] = { format: 'png', width: 8, height: 8 };
    spec[`Test/${c}/t.png`] = { format: 'png', width: 8, height: 8 };
  }
  return makeDataset(root, spec);
}

async function withEngine<T>(f: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = new Engine(tmp('vit-ws-'));
  try {
    return await f(engine);
  } finally {
    engine.close();
  }
}

describe('import: split folders', () => {
  it('takes the 10 classes from below train/ and Test/, and keeps the folder splits', async () => {
    const root = await splitTree();
    await withEngine(async (engine) => {
      const report = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' });
      expect(Object.keys(report.labels).sort()).toEqual(CLASSES);
      expect(Object.values(report.labels)).toEqual(CLASSES.map(() => 4));
      expect(report.splits).toEqual({ train: 30, val: 0, test: 10 });
      expect(report.layout.splitFolders).toEqual([
        { folder: 'Test', split: 'test' },
        { folder: 'train', split: 'train' },
      ]);
      expect(report.layout.labelLevel).toBe(1);
      expect(report.layout.summary).toMatch(/split folders/i);
      // Each image keeps the split of its folder: nothing re-split 80/10/10.
      const test = await engine.invoke('images.query', { datasetId: report.dataset, split: 'test', limit: 100 });
      expect(test.items.every((i) => i.relPath.startsWith('Test/'))).toBe(true);
      // The test folder is locked: re-splitting (to carve a val split out of train) leaves it alone.
      expect(await engine.invoke('datasets.get', { datasetId: report.dataset })).toMatchObject({ testLocked: true, splitFolders: true });
      expect(report.layout.summary).toMatch(/test split is locked/);
      const resplit = await engine.invoke('splits.apply', { datasetId: report.dataset, ratios: [0.8, 0.2, 0], mode: 'all' });
      expect([resplit.train + resplit.val, resplit.val > 0, resplit.test]).toEqual([30, true, 10]);
      const after = await engine.invoke('images.query', { datasetId: report.dataset, split: 'test', limit: 100 });
      expect(after.items.map((i) => i.id).sort()).toEqual(test.items.map((i) => i.id).sort());
      // A rescan adds a new train image to train, not to a random split.
      await makeDataset(root, { 'train/class0/new.png': { format: 'png', width: 8, height: 8, seed: 99 } });
      const again = await engine.invoke('datasets.rescan', { datasetId: report.dataset });
      expect(again.added).toBe(1);
      expect(again.splits.train + again.splits.val).toBe(31);
      expect(again.splits.test).toBe(10);
    });
  });

  it('recognises val, valid and validation; images outside split folders get a split of their own', async () => {
    const root = await makeDataset(tmp('vit-splits-'), {
      'TRAIN/a/1.png': { format: 'png' }, 'TRAIN/b/2.png': { format: 'png' },
      'valid/a/3.png': { format: 'png' }, 'validation/b/4.png': { format: 'png' }, 'val/a/5.png': { format: 'png' },
      'loose.png': { format: 'png' },
    });
    await withEngine(async (engine) => {
      const report = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' });
      expect(report.labels).toEqual({ a: 3, b: 2 });
      expect(report.unlabeled).toBe(1);
      expect(report.splits.val).toBeGreaterThanOrEqual(3);
      expect(report.splits.train + report.splits.val + report.splits.test).toBe(6);
    });
  });

  it('a class named "train" among other classes stays a class', async () => {
    const root = await makeDataset(tmp('vit-vehicles-'), {
      'train/1.png': { format: 'png' }, 'bus/2.png': { format: 'png' }, 'car/3.png': { format: 'png' },
    });
    await withEngine(async (engine) => {
      const report = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' });
      expect(report.labels).toEqual({ bus: 1, car: 1, train: 1 });
      expect(report.layout.splitFolders).toEqual([]);
    });
  });

  it('the user can turn split folders off (labels "train" and "test") or pick a deeper folder level', async () => {
    const root = await splitTree();
    await withEngine(async (engine) => {
      const flat = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders', splitFolders: false });
      expect(flat.labels).toEqual({ Test: 10, train: 30 });
      expect(flat.layout.splitFolders).toEqual([]);
    });
    const deep = await makeDataset(tmp('vit-deep-'), {
      'animals/cat/1.png': { format: 'png' }, 'animals/dog/2.png': { format: 'png' }, 'plants/fern/3.png': { format: 'png' },
      'top.png': { format: 'png' },
    });
    await withEngine(async (engine) => {
      const report = await engine.invoke('datasets.import', { folder: deep, labelsFrom: 'folders', labelLevel: 2 });
      expect(report.labels).toEqual({ cat: 1, dog: 1, fern: 1 });
      expect(report.unlabeled).toBe(1);
      expect(report.layout.labelLevel).toBe(2);
      expect(report.layout.levels).toEqual([
        { level: 1, count: 2, examples: ['animals', 'plants'] },
        { level: 2, count: 3, examples: ['cat', 'dog', 'fern'] },
      ]);
      const summary = await engine.invoke('datasets.get', { datasetId: report.dataset });
      expect(summary).toMatchObject({ labelLevel: 2, splitFolders: false });
    });
  });
});
