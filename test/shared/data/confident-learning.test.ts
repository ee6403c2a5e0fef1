import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLabelIssues, roundPreservingSum } from '../../../src/shared/data/confident-learning';

// cases.json holds cleanlab's own answers (filter.find_label_issues, ranked by self-confidence),
// made by test/fixtures/cleanlab/make.py from cleanlab's source.
interface Case {
  name: string;
  K: number;
  labels: number[];
  probs: number[];
  prune_by_noise_rate: number[];
  confident_learning: number[];
}
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/cleanlab/cases.json'), 'utf8')) as Case[];

describe('confident learning', () => {
  // Identical, except where numpy's unstable sort breaks a tie another way: equal remainders when
  // the calibrated joint is rounded (one image of 600 here) or equal self-confidences in the ranking.
  const slack: Record<string, number> = { 'learnable-10-classes-10pct-flipped': 2 };
  for (const c of cases) {
    it(`flags cleanlab's issues in cleanlab's order: ${c.name}`, () => {
      const probs = Float64Array.from(c.probs);
      const selfConfidence = (i: number) => c.probs[i * c.K + c.labels[i]!]!;
      for (const filter of ['prune_by_noise_rate', 'confident_learning'] as const) {
        const out = findLabelIssues(c.labels, probs, c.K, filter);
        const ref = new Set(c[filter]);
        const mine = new Set(out.ranked);
        const differ = [...mine].filter((i) => !ref.has(i)).length + [...ref].filter((i) => !mine.has(i)).length;
        expect(differ, filter).toBeLessThanOrEqual(slack[c.name] ?? 0);
        // Same order: the self-confidence sequence of the shared issues is the same.
        expect(out.ranked.filter((i) => ref.has(i)).map(selfConfidence), filter).toEqual(c[filter].filter((i) => mine.has(i)).map(selfConfidence));
      }
    });
  }

  it('suggests the most probable other label and ranks by self-confidence', () => {
    const c = cases[1]!;
    const probs = Float64Array.from(c.probs);
    const out = findLabelIssues(c.labels, probs, c.K);
    out.ranked.forEach((i, r) => {
      const row = c.probs.slice(i * c.K, (i + 1) * c.K);
      expect(out.suggested[r]).toBe(row.indexOf(Math.max(...row)));
      expect(out.suggested[r]).not.toBe(c.labels[i]);
      if (r > 0) expect(row[c.labels[i]!]!).toBeGreaterThanOrEqual(c.probs[out.ranked[r - 1]! * c.K + c.labels[out.ranked[r - 1]!]!]!);
    });
    // The calibrated joint counts every example once, each row the size of its given label.
    expect(out.confidentJoint.flat().reduce((a, b) => a + b, 0)).toBe(c.labels.length);
  });

  it('rounds keeping the sum as numpy would', () => {
    expect(roundPreservingSum([0.4, 0.4, 0.2])).toEqual([0, 1, 0]);
    expect(roundPreservingSum([2.5, 1.5])).toEqual([2, 2]);
  });

  it('refuses probabilities of the wrong shape', () => {
    expect(() => findLabelIssues([0, 1], new Float64Array(3), 2)).toThrow(/expected 2×2/);
  });
});
