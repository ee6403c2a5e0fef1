import type { HeadData } from './head-loop';

/** Weighted cross-entropy and accuracy of W [D, L], b on a set, in JS (validation sets are small). */
export function scoreLinear(set: HeadData, W: Float32Array, b: Float32Array, D: number, L: number, cw: Float32Array) {
  const n = set.y.length;
  let loss = 0, wsum = 0, correct = 0;
  const z = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    z.set(b);
    for (let d = 0; d < D; d++) {
      const xv = set.x[i * D + d]!;
      if (xv === 0) continue;
      for (let c = 0; c < L; c++) z[c]! += xv * W[d * L + c]!;
    }
    let max = -Infinity, arg = 0;
    for (let c = 0; c < L; c++) if (z[c]! > max) [max, arg] = [z[c]!, c];
    let sum = 0;
    for (let c = 0; c < L; c++) sum += Math.exp(z[c]! - max);
    const y = set.y[i]!;
    loss += cw[y]! * (Math.log(sum) + max - z[y]!);
    wsum += cw[y]!;
    if (arg === y) correct++;
  }
  return { loss: wsum ? loss / wsum : 0, acc: n ? correct / n : 0 };
}
