// The rows of a small-dimensional set (PCA-reduced features) nearest to one row by Euclidean
// distance: a linear scan, ~p multiply-adds per row, keeping the best `want` (the candidates the
// full features then re-score).

export function nearestRows(x: Float32Array, n: number, p: number, self: number, want: number, keep?: (row: number) => boolean): number[] {
  const best: [number, number][] = [];
  let worst = Infinity;
  const q = x.subarray(self * p, (self + 1) * p);
  for (let i = 0; i < n; i++) {
    if (i === self || (keep && !keep(i))) continue;
    let s = 0;
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const t = q[j]! - x[o + j]!;
      s += t * t;
    }
    if (best.length < want || s < worst) {
      best.push([s, i]);
      if (best.length >= want * 2) {
        best.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        best.length = want;
        worst = best[want - 1]![0];
      }
    }
  }
  best.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return best.slice(0, want).map(([, i]) => i);
}
