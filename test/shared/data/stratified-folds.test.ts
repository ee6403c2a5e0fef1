import { describe, expect, it } from 'vitest';
import { stratifiedFolds } from '../../../src/shared/data/stratified-folds';

describe('stratifiedFolds', () => {
  it('spreads every class evenly over the folds, the same way for the same seed', () => {
    const labels = Array.from({ length: 103 }, (_, i) => (i < 60 ? 0 : i < 90 ? 1 : 2));
    const fold = stratifiedFolds(labels, 5, 7);
    expect(stratifiedFolds(labels, 5, 7)).toEqual(fold);
    expect(stratifiedFolds(labels, 5, 8)).not.toEqual(fold);
    const sizes = [0, 1, 2, 3, 4].map((f) => fold.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const c of [0, 1, 2]) {
      const per = [0, 1, 2, 3, 4].map((f) => labels.filter((l, i) => l === c && fold[i] === f).length);
      expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
    }
  });

  it('puts a class smaller than K into as many folds as it has examples', () => {
    const fold = stratifiedFolds([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], 5, 1);
    expect(new Set([fold[10], fold[11]]).size).toBe(2);
  });
});
