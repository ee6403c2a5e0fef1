// Near-duplicate groups from a k-nearest-neighbour graph: images linked by a similarity at or
// above the threshold, grouped transitively (union–find), largest similarity first.

export interface DuplicateGroup {
  members: number[];
  maxSimilarity: number;
  minSimilarity: number;
}

export function nearDuplicateGroups(indices: Int32Array, similarities: Float32Array, n: number, k: number, threshold: number): DuplicateGroup[] {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const linked = new Map<number, { max: number; min: number }>();
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t]!;
      const s = similarities[i * k + t]!;
      if (j < 0 || s < threshold) continue; // neighbours are sorted: the rest are below too
      edges.push([i, j, s]);
      parent[find(i)] = find(j);
    }
  }
  for (const [i, , s] of edges) {
    const r = find(i);
    const g = linked.get(r) ?? { max: -Infinity, min: Infinity };
    linked.set(r, { max: Math.max(g.max, s), min: Math.min(g.min, s) });
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!linked.has(r)) continue;
    const m = members.get(r) ?? [];
    m.push(i);
    members.set(r, m);
  }
  return [...members]
    .map(([r, m]) => ({ members: m, maxSimilarity: linked.get(r)!.max, minSimilarity: linked.get(r)!.min }))
    .sort((a, b) => b.maxSimilarity - a.maxSimilarity || a.members[0]! - b.members[0]!);
}
