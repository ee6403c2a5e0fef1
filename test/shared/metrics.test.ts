import { describe, expect, it } from 'vitest';
import { classificationMetrics, confusionMatrix, softmax, topK } from '../../src/shared/metrics';

describe('metrics', () => {
  // truth:     0 0 0 1 1 2
  // predicted: 0 0 1 1 2 2
  const truth = [0, 0, 0, 1, 1, 2];
  const pred = [0, 0, 1, 1, 2, 2];

  it('confusion matrix is [true][predicted]', () => {
    expect(confusionMatrix(truth, pred, 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('precision, recall, F1, macro and weighted F1 match hand computation', () => {
    const m = classificationMetrics(truth, pred, 3);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    // class 0: P 2/2, R 2/3, F1 0.8; class 1: P 1/2, R 1/2, F1 0.5; class 2: P 1/2, R 1, F1 2/3
    expect(m.perClass[0]).toMatchObject({ precision: 1, support: 3 });
    expect(m.perClass[0]!.recall).toBeCloseTo(2 / 3, 12);
    expect(m.perClass[0]!.f1).toBeCloseTo(0.8, 12);
    expect(m.perClass[1]!.f1).toBeCloseTo(0.5, 12);
    expect(m.perClass[2]!.f1).toBeCloseTo(2 / 3, 12);
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(m.weightedF1).toBeCloseTo((0.8 * 3 + 0.5 * 2 + (2 / 3) * 1) / 6, 12);
  });

  it('a class never predicted nor present scores 0, not NaN', () => {
    const m = classificationMetrics([0, 1], [0, 1], 3);
    expect(m.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.macroF1).toBeCloseTo(2 / 3, 12);
    expect(m.weightedF1).toBe(1);
  });

  it('softmax and topK', () => {
    const p = softmax([1000, 1000, 0]);
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(topK([0.1, 0.7, 0.2], 2)).toEqual([1, 2]);
    expect(() => confusionMatrix([0], [3], 3)).toThrow(/out of range/);
  });
});
