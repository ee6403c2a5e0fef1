import { describe, expect, it } from 'vitest';
import { nearDuplicateGroups } from '../../../src/shared/data/near-duplicates';
import { seededRandom } from '../../../src/shared/random';

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
    expect(nearDuplicateGroups(indices, sims, 6, 3, 0.95)).toEqual([
      { members: [0, 1, 2], similarities: [0.99, 0.99, 0.97].map((s) => expect.closeTo(s, 5)), maxSimilarity: expect.closeTo(0.99, 5), minSimilarity: expect.closeTo(0.97, 5) },
    ]);
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

  it("gives each member's similarity to the centre: the strongest link between the two, as a scan of the graph finds it", () => {
    // Random graphs, with directed k-NN rows whose two directions may disagree slightly (as an
    // approximate index re-scored in float does): the value passed through must be the maximum
    // over both directions of the member–centre link, and the centre's that of its closest member.
    const rand = seededRandom(7);
    let members = 0;
    let strongerElsewhere = 0;
    for (let trial = 0; trial < 40; trial++) {
      const n = 60;
      const k = 6;
      const indices = new Int32Array(n * k).fill(-1);
      const sims = new Float32Array(n * k);
      for (let i = 0; i < n; i++) {
        const row = Array.from({ length: k }, () => [Math.floor(rand() * n), 0.9 + 0.1 * rand()] as [number, number])
          .filter(([j], t, all) => j !== i && all.findIndex(([x]) => x === j) === t)
          .sort((a, b) => b[1] - a[1]);
        row.forEach(([j, s], t) => ((indices[i * k + t] = j), (sims[i * k + t] = s)));
      }
      const link = (a: number, b: number) => {
        let best = -Infinity;
        for (let t = 0; t < k; t++) {
          if (indices[a * k + t] === b) best = Math.max(best, sims[a * k + t]!);
          if (indices[b * k + t] === a) best = Math.max(best, sims[b * k + t]!);
        }
        return best;
      };
      for (const g of nearDuplicateGroups(indices, sims, n, k, 0.95)) {
        const [centre, ...others] = g.members;
        expect(g.similarities).toHaveLength(g.members.length);
        others.forEach((m, o) => expect(g.similarities[o + 1]).toBe(link(centre!, m)));
        expect(g.similarities[0]).toBe(Math.max(...others.map((m) => link(centre!, m))));
        expect(g.maxSimilarity).toBe(g.similarities[0]);
        expect(g.minSimilarity).toBe(Math.min(...g.similarities.slice(1)));
        // The scan the page did before (strongest link to any member) agrees for most members; where
        // it differs, the member is closer to another member than to the centre it was grouped with.
        for (const [o, m] of others.entries()) {
          members++;
          const strongest = Math.max(...g.members.filter((x) => x !== m).map((x) => link(m, x)));
          if (strongest !== g.similarities[o + 1]) strongerElsewhere++;
          expect(strongest).toBeGreaterThanOrEqual(g.similarities[o + 1]!);
        }
      }
    }
    expect(members).toBeGreaterThan(100);
    console.log(`${members} members; strongest in-group link not the centre for ${strongerElsewhere}`);
  });

  it('leaves out images deleted since the graph was built: their links go, the others regroup', () => {
    // 0 the centre of 1 and 2; without 0, 1 and 2 (0.96 apart) make a group of their own.
    const { indices, sims } = graph(4, 3, [[0, 1, 0.99], [0, 2, 0.98], [1, 2, 0.96]]);
    expect(nearDuplicateGroups(indices, sims, 4, 3, 0.95).map((g) => g.members)).toEqual([[0, 1, 2]]);
    const without0 = nearDuplicateGroups(indices, sims, 4, 3, 0.95, (i) => i === 0);
    expect(without0).toEqual([{ members: [1, 2], similarities: [expect.closeTo(0.96, 5), expect.closeTo(0.96, 5)], maxSimilarity: expect.closeTo(0.96, 5), minSimilarity: expect.closeTo(0.96, 5) }]);
    expect(nearDuplicateGroups(indices, sims, 4, 3, 0.95, (i) => i === 1 || i === 2)).toEqual([]);
  });
});
