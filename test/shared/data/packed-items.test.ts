import { describe, expect, it } from 'vitest';
import {
  PACK_CHUNK,
  packItems,
  packItemsInSteps,
  packedItemsProblem,
  packedRunItemsSchema,
  unpackItems,
  unpackRunItems,
  type PackedRunItems,
} from '../../../src/shared/data/packed-items';
import { SPLITS } from '../../../src/shared/types';
import { analysisTasks } from '../../../src/main/analysis/tasks';

const itemsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ hash: i.toString(16).padStart(40, '0'), path: `/data/ä b/${i % 7}/img ${i}.png` }));

describe('packed items (the images crossing to an analysis worker)', () => {
  it('unpack to the items packed, at every chunk boundary, labels included', () => {
    for (const n of [0, 1, PACK_CHUNK - 1, PACK_CHUNK, PACK_CHUNK + 1, 3 * PACK_CHUNK + 5]) {
      const items = itemsOf(n);
      const labels = Int32Array.from(items, (_, i) => (i % 5) - 1);
      const packed = packItems(items, labels);
      expect(packed.count).toBe(n);
      expect(packed.hashes.length).toBe(Math.ceil(n / PACK_CHUNK));
      expect(packedItemsProblem(packed)).toBeNull();
      expect(unpackItems(packed)).toEqual(items.map((it, i) => ({ ...it, label: labels[i] })));
      expect(unpackItems(packItems(items)).every((it) => it.label === -1)).toBe(true);
    }
  });

  it('are built a chunk per step', () => {
    const items = itemsOf(2 * PACK_CHUNK + 1);
    const steps = packItemsInSteps(items.length, (i) => items[i]!.hash, (i) => items[i]!.path);
    let n = 0;
    while (!steps.next().done) n++;
    expect(n).toBe(3);
  });

  it('say what is wrong with columns that do not fit, and the worker refuses them', () => {
    const good = packItems(itemsOf(3), Int32Array.from([0, 1, -1]));
    const bad = [
      { ...good, count: 4 },
      { ...good, hashes: ['a\nb', 'c'] },
      { ...good, paths: [good.paths[0]!.split('\0').slice(0, 2).join('\0')] },
      { ...good, hashes: [`${good.hashes[0]}\n`] },
      { ...good, labels: Int32Array.from([0, -2, 1]) },
      { ...good, labels: Int32Array.from([0, 1]) },
    ];
    for (const p of bad) expect(packedItemsProblem(p)).toMatch(/\w/);
    const args = { jobId: 'j', features: { model: 'm', revision: null, paths: { features: '/f', graphs: '/g' } }, labels: 2, folds: 5, seed: 0 };
    expect(analysisTasks['data.kfold'].args.safeParse({ ...args, items: good }).success).toBe(true);
    expect(analysisTasks['data.kfold'].args.safeParse({ ...args, items: packItems(itemsOf(3)) }).success).toBe(false); // kfold needs labels
    for (const p of bad) expect(analysisTasks['data.kfold'].args.safeParse({ ...args, items: p }).success).toBe(false);
    expect(analysisTasks['data.map'].args.safeParse({ jobId: 'j', features: args.features, items: bad[0], base: '/b' }).success).toBe(false);
  });
});

describe('packed run items (a training run crossing to its worker)', () => {
  it('unpack to the run items, and the worker refuses ids, splits or labels that do not fit', () => {
    const items = itemsOf(PACK_CHUNK + 3);
    const labels = Int32Array.from(items, (_, i) => i % 3);
    const run: PackedRunItems = { items: packItems(items, labels), imageIds: Int32Array.from(items, (_, i) => 100 + i), splits: Uint8Array.from(items, (_, i) => i % 3) };
    expect(packedRunItemsSchema.safeParse(run).success).toBe(true);
    expect(unpackRunItems(run)).toEqual(items.map((it, i) => ({ imageId: 100 + i, ...it, label: i % 3, split: SPLITS[i % 3] })));
    const bad = [
      { ...run, imageIds: run.imageIds.slice(1) },
      { ...run, splits: Uint8Array.from(run.splits, () => 3) },
      { ...run, items: packItems(items) }, // no labels
      { ...run, items: packItems(items, Int32Array.from(labels, () => -1)) }, // unlabelled: nothing to train on
      { ...run, items: packItems([]), imageIds: new Int32Array(0), splits: new Uint8Array(0) },
    ];
    for (const p of bad) expect(packedRunItemsSchema.safeParse(p).success).toBe(false);
  });
});
