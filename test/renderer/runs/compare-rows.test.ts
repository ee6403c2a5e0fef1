import { describe, expect, it } from 'vitest';
import type { RunDetail, RunScore } from '../../../src/shared/api/runs';
import { compareRows } from '../../../src/renderer/features/runs/compare-rows';
import { testFixWarning } from '../../../src/renderer/features/results/test-fix-warning';

function run(id: number, accuracy: number): RunDetail {
  return {
    id,
    datasetId: 1,
    status: 'completed',
    model: 'google/vit-base-patch16-224',
    fromScratch: false,
    createdAt: '2026-12-01T22:00:00Z',
    finishedAt: '2026-12-01T22:01:00Z',
    testAccuracy: accuracy,
    macroF1: accuracy,
    bestEpoch: 3,
    error: null,
    name: null,
    note: null,
    parentRunId: null,
    epochCount: 5,
    augment: 'none',
    views: 0,
    seconds: null,
    config: { model: 'google/vit-base-patch16-224', fromScratch: false, scratch: null, epochs: 5, lr: 3e-4, batchSize: 32, augment: 'none', views: 0, earlyStopping: null, classWeighting: false, engine: 'ort', device: 'cpu' } as unknown as RunDetail['config'],
    epochs: [],
    test: { accuracy, macroF1: accuracy, weightedF1: accuracy, perClass: [], confusion: [], count: 250 },
    timings: null,
    images: { train: 2000, val: 250, test: 250 },
    skippedImages: [],
  };
}

const score = (runId: number, recorded: number, current: number, changed: number): RunScore => ({
  runId,
  recorded: { accuracy: recorded, macroF1: recorded, count: 250 },
  current: { accuracy: current, macroF1: current },
  rescored: 0,
  testLabelsChanged: changed,
  testSetChanged: 0,
});

describe('compareRows (issue 14, bug 3)', () => {
  it('two test-label fixes and a retrain with identical curves: no ▲ anywhere (it showed 62.8 % → 63.6 % ▲)', () => {
    const runs = [run(1, 0.628), run(2, 0.636)];
    const scores = new Map([
      [1, score(1, 0.628, 0.636, 2)],
      [2, score(2, 0.636, 0.636, 0)],
    ]);
    const rows = compareRows(runs, scores, 250);
    expect(rows.every((r) => r.better === -1)).toBe(true);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['Test accuracy']!.cells).toEqual(['63.6%', '63.6%']);
    expect(byName['Test accuracy']!.note).toMatch(/today's labels, the same 250 test images/);
    expect(byName['Recorded at training']!.cells[0]).toMatch(/^62\.8%/);
    expect(byName['Test labels changed since']!.cells).toEqual(['2', '0']);
  });

  it('a real gain on today\'s labels is marked', () => {
    const rows = compareRows([run(1, 0.6), run(2, 0.7)], new Map([[1, score(1, 0.6, 0.6, 0)], [2, score(2, 0.7, 0.7, 0)]]), 250);
    expect(rows.find((r) => r.name === 'Test accuracy')!.better).toBe(1);
  });

  it('without the like-for-like scores, nothing is marked', () => {
    const rows = compareRows([run(1, 0.6), run(2, 0.7)], null, null);
    expect(rows.some((r) => r.name === 'Test accuracy')).toBe(false);
    expect(rows.every((r) => r.better === -1)).toBe(true);
  });
});

describe('testFixWarning', () => {
  it('names how many test images changed and where runs are compared fairly', () => {
    expect(testFixWarning(1)).toMatch(/^That changed a test image: .*Runs screen compares them on today's labels/);
    expect(testFixWarning(1200)).toMatch(/changed 1,200 test images/);
  });
});
