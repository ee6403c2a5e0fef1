// Near-duplicate groups from a k-nearest-neighbour graph. A group is a star: one image (the
// first of its strongest pair) and the images at or above the threshold *to it*. Links are taken
// strongest first and an image joins at most one group, the one whose centre it is most similar
// to. Not transitive on purpose: in a dense region (many similar-looking images, or a weak
// backbone) a chain of pairs each above the threshold links hundreds of images that are not
// copies of each other, and "keep one" on such a group would drop images that are no duplicate
// of the one kept.

export interface DuplicateGroup {
  /** The centre first, then the others by index. */
  members: number[];
  /**
   * Each member's similarity to the centre (the link it joined by: the strongest between the two,
   * either direction of the graph); the centre's own is that of its closest member.
   */
  similarities: number[];
  /** Similarity of the closest / least close member to the centre. */
  maxSimilarity: number;
  minSimilarity: number;
}

/**
 * `leftOut(i)`: images that take no part (deleted since the graph was built): their links are
 * dropped before grouping, so the groups are those of the images still there.
 */
export function nearDuplicateGroups(
  indices: Int32Array,
  similarities: Float32Array,
  n: number,
  k: number,
  threshold: number,
  leftOut?: (i: number) => boolean,
): DuplicateGroup[] {
  const links: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (leftOut?.(i)) continue;
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t]!;
      const s = similarities[i * k + t]!;
      if (j < 0 || s < threshold) continue; // neighbours are sorted: the rest are below too
      if (j !== i && !leftOut?.(j)) links.push(i < j ? [i, j, s] : [j, i, s]);
    }
  }
  links.sort((a, b) => b[2] - a[2] || a[0] - b[0] || a[1] - b[1]);
  const centreOf = new Int32Array(n).fill(-1);
  const groups = new Map<number, { others: [number, number][]; max: number; min: number }>();
  const join = (centre: number, other: number, s: number) => {
    centreOf[other] = centre;
    const g = groups.get(centre)!;
    g.others.push([other, s]);
    g.max = Math.max(g.max, s);
    g.min = Math.min(g.min, s);
  };
  for (const [a, b, s] of links) {
    const ca = centreOf[a]!;
    const cb = centreOf[b]!;
    if (ca < 0 && cb < 0) {
      centreOf[a] = a;
      groups.set(a, { others: [], max: s, min: s });
      join(a, b, s);
    } else if (ca < 0 && cb === b) join(b, a, s);
    else if (cb < 0 && ca === a) join(a, b, s);
    // Otherwise both are placed, or the free one is linked to a member, not to its centre.
  }
  return [...groups]
    .map(([centre, g]) => {
      const others = g.others.sort((x, y) => x[0] - y[0]);
      return {
        members: [centre, ...others.map(([i]) => i)],
        similarities: [g.max, ...others.map(([, s]) => s)],
        maxSimilarity: g.max,
        minSimilarity: g.min,
      };
    })
    .sort((a, b) => b.maxSimilarity - a.maxSimilarity || a.members[0]! - b.members[0]!);
}
