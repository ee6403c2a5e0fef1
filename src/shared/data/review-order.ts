// The order in which a person should review the model's suggestions: least confident first, but
// never two images of the same look-alike cluster within `window` places of each other, so the
// queue does not hand out 50 near-copies in a row (uncertainty sampling with diversity).

/** Indices 0…n−1 in review order; confidence[i] is the top predicted probability, cluster[i] its group. */
export function reviewOrder(confidence: ArrayLike<number>, cluster: ArrayLike<number>, window?: number): number[] {
  const n = confidence.length;
  const queues = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const q = queues.get(cluster[i]!) ?? [];
    q.push(i);
    queues.set(cluster[i]!, q);
  }
  for (const q of queues.values()) q.sort((a, b) => confidence[a]! - confidence[b]! || a - b);
  const groups = [...queues.values()];
  const w = window ?? Math.min(10, Math.floor(groups.length / 2));
  const head = new Int32Array(groups.length);
  const lastUsed = new Float64Array(groups.length).fill(-Infinity);
  const order: number[] = [];
  for (let pos = 0; pos < n; pos++) {
    // The least confident next image among groups not used in the last w picks (else any group).
    let pick = -1;
    let fallback = -1;
    for (let g = 0; g < groups.length; g++) {
      if (head[g]! >= groups[g]!.length) continue;
      const c = confidence[groups[g]![head[g]!]!]!;
      if (fallback < 0 || c < confidence[groups[fallback]![head[fallback]!]!]!) fallback = g;
      if (pos - lastUsed[g]! > w && (pick < 0 || c < confidence[groups[pick]![head[pick]!]!]!)) pick = g;
    }
    const g = pick >= 0 ? pick : fallback;
    order.push(groups[g]![head[g]!]!);
    head[g]!++;
    lastUsed[g] = pos;
  }
  return order;
}
