import { describe, expect, it } from 'vitest';
import { nearDuplicateGroups } from '../../../src/shared/data/near-duplicates';

/** A k-NN graph from undirected links [a, b, similarity]: each image's neighbours, most similar first. */
function graph(n: number, k: number, links: [number, number, number][]) {
  const rows = Array.from({ length: n }, () => [] as [number, number][]);
  for (const [a, b, s] of links) {
    rows[a]!.push([b, s]);
    rows[b]!.push([a, s]);
  }
  const indices = new Int32Array(n * k).fill(-1);
  const sims = new Float32Array(n * k);
  rows.forEach((r, i) =>
    r.sort((x, y) => y[1] - x[1]).slice(0, k).forEach(([j, s], t) => {
      indices[i * k + t] = j;
      sims[i * k + t] = s;
    }),
  );
  return { indices, sims };
}

describe('near-duplicate groups', () => {
  it('groups copies of one image around it, strongest pairs first; below the threshold nothing', () => {
    // 0, 1, 2: one image and two re-encodings (all pairs close); 3–4 a pair at 0.9; 5 alone.
    const { indices, sims } = graph(6, 3, [[0, 1, 0.99], [0, 2, 0.97], [1, 2, 0.98], [3, 4, 0.9]]);
    expect(nearDuplicateGroups(indices, sims, 6, 3, 0.95)).toEqual([{ members: [0, 1, 2], maxSimilarity: expect.closeTo(0.99, 5), minSimilarity: expect.closeTo(0.97, 5) }]);
    expect(nearDuplicateGroups(indices, sims, 6, 3, 0.85).map((g) => g.members)).toEqual([[0, 1, 2], [3, 4]]);
    expect(nearDuplicateGroups(indices, sims, 6, 3, 0.999)).toEqual([]);
  });

  it('does not chain: images each close to the next are not one group (keep one would drop non-copies)', () => {
    // A path 0–1–2–…–99, every step at 0.96, as in a dense region of a weak backbone's features.
    const n = 100;
    const { indices, sims } = graph(n, 2, Array.from({ length: n - 1 }, (_, i) => [i, i + 1, 0.96] as [number, number, number]));
    const groups = nearDuplicateGroups(indices, sims, n, 2, 0.95);
    expect(Math.max(...groups.map((g) => g.members.length))).toBeLessThanOrEqual(3);
    // Every member is linked to its group's first image above the threshold.
    for (const g of groups) for (const m of g.members.slice(1)) expect(Math.abs(m - g.members[0]!)).toBe(1);
  });

  it('puts an image with the centre it is most similar to, once', () => {
    // 0–1 and 2–3 are pairs; 4 is close to both centres, closer to 2.
    const { indices, sims } = graph(5, 3, [[0, 1, 0.99], [2, 3, 0.99], [4, 0, 0.96], [4, 2, 0.97]]);
    const groups = nearDuplicateGroups(indices, sims, 5, 3, 0.95);
    expect(groups.map((g) => g.members)).toEqual([[0, 1], [2, 3, 4]]);
    expect(groups.flatMap((g) => g.members).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
