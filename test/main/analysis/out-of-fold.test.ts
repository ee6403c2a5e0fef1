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
