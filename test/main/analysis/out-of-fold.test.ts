import { describe, expect, it } from 'vitest';
import { findLabelIssues } from '../../../src/shared/data/confident-learning';
import { standardizeColumns } from '../../../src/shared/data/vectors';
import { ANALYSIS_HEAD, outOfFold } from '../../../src/main/analysis/out-of-fold';
import { noisyFeatures } from '../../helpers/noisy-features';

describe('out-of-fold probabilities + confident learning', () => {
  it('finds the flipped labels of a learnable set (10 % flipped)', async () => {
    const n = 2000, D = 64, L = 10;
    const { x, labels, flipped, truth } = noisyFeatures(n, D, L, 0.1, 11, 1.5);
    standardizeColumns(x, n, D, x);
    const train = Array.from({ length: 1800 }, (_, i) => i);
    const held = Array.from({ length: 200 }, (_, i) => 1800 + i);
    const oof = await outOfFold(x, D, train, labels.subarray(0, 1800), L, held, { ...ANALYSIS_HEAD, folds: 5, seed: 3 });
    const { ranked } = findLabelIssues(labels.subarray(0, 1800), oof.probs, L);
    const truly = new Set(flipped.filter((i) => i < 1800));
    const hits = ranked.filter((i) => truly.has(i)).length;
    const precision = hits / ranked.length;
    const recall = hits / truly.size;
    console.log(`label issues: ${ranked.length} flagged, ${truly.size} flipped, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    expect(precision).toBeGreaterThan(0.9);
    expect(recall).toBeGreaterThan(0.8);
    // The heads' mean predicts the held-back images' real classes.
    let right = 0;
    held.forEach((item, r) => {
      const row = Array.from(oof.predicted.subarray(r * L, (r + 1) * L));
      if (row.indexOf(Math.max(...row)) === truth[item]) right++;
    });
    console.log(`suggestions: ${right}/200 right (chance 20)`);
    expect(right / 200).toBeGreaterThan(0.8);
  });
});

describe('thousands of classes', () => {
  it('gives out-of-fold probabilities and label issues for 1,000 classes of 3 images', async () => {
    const n = 3000, D = 8, L = 1000;
    const { x, labels } = noisyFeatures(n, D, L, 0.05, 4, 0.05);
    standardizeColumns(x, n, D, x);
    const rows = Array.from({ length: n }, (_, i) => i);
    const t0 = performance.now();
    const oof = await outOfFold(x, D, rows, labels, L, [0, 1], { ...ANALYSIS_HEAD, epochs: 20, folds: 5, seed: 1 });
    const { ranked, confidentJoint } = findLabelIssues(labels, oof.probs, L);
    console.log(`1,000 classes: ${ranked.length} issues in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(oof.probs.length).toBe(n * L);
    expect(confidentJoint).toHaveLength(L);
    expect(ranked.length).toBeGreaterThan(0);
    expect(Number.isFinite(oof.predicted[0]!)).toBe(true);
  }, 120_000);
});
