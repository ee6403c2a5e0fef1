import * as tf from '@tensorflow/tfjs';
import { seededRandom, shuffleInPlace } from '../../shared/random';
import type { RunEpoch } from '../../shared/api/runs';
import { BestEpoch, type EpochLoopOptions } from './best-epoch';

// The classification head of ViTForImageClassification (Linear D → L) trained on cached
// features with Adam(W), mini-batches, validation after every epoch, the best epoch (by
// validation accuracy, then loss) kept, optional early stopping and class weighting.

export interface HeadData {
  x: Float32Array; // [n, D]
  y: Int32Array; // [n]
}

export interface HeadOptions extends EpochLoopOptions {
  dim: number;
  numLabels: number;
}

export interface HeadResult {
  weight: Float32Array; // [L, D] like torch's Linear
  bias: Float32Array; // [L]
  epochs: RunEpoch[];
  bestEpoch: number;
}

/** Inverse-frequency weights normalised to mean 1 over the classes present (sklearn's "balanced"). */
export function classWeights(y: Int32Array, numLabels: number): Float32Array {
  const counts = new Float32Array(numLabels);
  for (const c of y) counts[c]!++;
  const present = counts.filter((c) => c > 0).length || 1;
  const w = new Float32Array(numLabels);
  for (let c = 0; c < numLabels; c++) w[c] = counts[c]! > 0 ? y.length / (present * counts[c]!) : 0;
  return w;
}

/**
 * AdamW on softmax regression with the gradient written out (∂loss/∂logits = (p − onehot)·w/Σw):
 * the two matMuls per step run on the TF.js backend, the rest is a few thousand floats in JS. This
 * avoids the WASM backend's slow gather and transposed-matMul kernels that autodiff would use.
 * Train loss/accuracy are the running means over the epoch's batches, as the HF Trainer logs them.
 */
export async function trainHead(train: HeadData, val: HeadData | null, o: HeadOptions): Promise<HeadResult> {
  const { dim: D, numLabels: L, batchSize: BS } = o;
  const n = train.y.length;
  if (n === 0) throw new Error('no training examples');
  const rand = seededRandom(o.seed);
  const init = new Float32Array(D * L);
  for (let i = 0; i < init.length; i++) init[i] = (rand() - 0.5) * 0.02;
  // W and its Adam moments stay on the backend: reading a [D, L] tensor back every step is what costs.
  const W = new TensorAdamW(tf.tensor2d(init, [D, L]), o.lr, o.weightDecay); // [D, L]
  const b = new Float32Array(L);
  const cw = o.classWeighting ? classWeights(train.y, L) : new Float32Array(L).fill(1);
  const adamB = new Adam(L, o.lr, 0);
  const xb = new Float32Array(BS * D); // [B, D]
  const xbT = new Float32Array(D * BS); // [D, B]
  const G = new Float32Array(BS * L);
  const gb = new Float32Array(L);

  const tracker = new BestEpoch<{ weight: Float32Array; bias: Float32Array }>(o.patience, o.onEpoch);
  let best: { weight: Float32Array; bias: Float32Array } = { weight: W.read(), bias: b.slice() };
  const order = Int32Array.from({ length: n }, (_, i) => i);
  try {
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    shuffleInPlace(order, rand);
    let lossSum = 0;
    let weightSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += BS) {
      if (o.signal?.aborted) throw new Error('cancelled');
      const B = Math.min(BS, n - start);
      for (let k = 0; k < B; k++) {
        const row = order[start + k]!;
        xb.set(train.x.subarray(row * D, (row + 1) * D), k * D);
        for (let d = 0; d < D; d++) xbT[d * B + k] = train.x[row * D + d]!;
      }
      const logits = tf.tidy(() => tf.matMul(tf.tensor2d(xb.subarray(0, B * D), [B, D]), W.value).dataSync() as Float32Array); // [B, L]
      let wsum = 0;
      for (let k = 0; k < B; k++) wsum += cw[train.y[order[start + k]!]!]!;
      gb.fill(0);
      for (let k = 0; k < B; k++) {
        const y = train.y[order[start + k]!]!;
        const wy = cw[y]!;
        let max = -Infinity;
        let arg = 0;
        for (let c = 0; c < L; c++) {
          const z = (logits[k * L + c]! += b[c]!);
          if (z > max) [max, arg] = [z, c];
        }
        let sum = 0;
        for (let c = 0; c < L; c++) sum += Math.exp(logits[k * L + c]! - max);
        lossSum += wy * (Math.log(sum) + max - logits[k * L + y]!);
        weightSum += wy;
        if (arg === y) correct++;
        for (let c = 0; c < L; c++) {
          const g = ((Math.exp(logits[k * L + c]! - max) / sum - (c === y ? 1 : 0)) * wy) / wsum;
          G[k * L + c] = g;
          gb[c]! += g;
        }
      }
      W.step(xbT.subarray(0, D * B), [D, B], G.subarray(0, B * L), [B, L]); // ∂W = xbᵀ · G  [D, L]
      adamB.step(b, gb);
    }
    const va = val && val.y.length ? evaluateHead(val, W, b, D, L, cw) : null;
    const row: RunEpoch = {
      epoch,
      trainLoss: weightSum ? lossSum / weightSum : 0,
      trainAcc: correct / n,
      valLoss: va?.loss ?? null,
      valAcc: va?.acc ?? null,
    };
    if (tracker.record(row, () => ({ weight: W.read(), bias: b.slice() }))) break;
    await new Promise((r) => setImmediate(r));
  }
  } finally {
    W.dispose();
  }
  best = tracker.best(() => best);
  return { weight: transpose(best.weight, D, L), bias: best.bias, epochs: tracker.epochs, bestEpoch: tracker.epoch };
}

/** A weight matrix and its AdamW moments held on the TF.js backend; the gradient is xᵀ·G. */
class TensorAdamW {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  readonly value: tf.Variable;
  private t = 0;
  constructor(init: tf.Tensor2D, private readonly lr: number, private readonly weightDecay: number) {
    this.value = tf.variable(init);
    this.m = tf.tidy(() => tf.variable(tf.zerosLike(init)));
    this.v = tf.tidy(() => tf.variable(tf.zerosLike(init)));
    init.dispose();
  }
  step(xT: Float32Array, xShape: [number, number], g: Float32Array, gShape: [number, number]): void {
    this.t++;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    tf.tidy(() => {
      const grad = tf.matMul(tf.tensor2d(xT, xShape), tf.tensor2d(g, gShape));
      this.m.assign(tf.add(tf.mul(this.m, 0.9), tf.mul(grad, 0.1)));
      this.v.assign(tf.add(tf.mul(this.v, 0.999), tf.mul(tf.square(grad), 0.001)));
      const update = tf.div(tf.div(this.m, c1), tf.add(tf.sqrt(tf.div(this.v, c2)), 1e-8));
      this.value.assign(tf.sub(tf.mul(this.value, 1 - this.lr * this.weightDecay), tf.mul(update, this.lr)));
    });
  }
  read(): Float32Array {
    return (this.value.dataSync() as Float32Array).slice();
  }
  dispose(): void {
    for (const t of [this.value, this.m, this.v]) t.dispose();
  }
}

/** Mean (class-weighted) cross-entropy and accuracy of the head (W [D, L]) on a set. */
function evaluateHead(set: HeadData, W: TensorAdamW, b: Float32Array, D: number, L: number, cw: Float32Array) {
  const n = set.y.length;
  const logits = tf.tidy(() => tf.matMul(tf.tensor2d(set.x, [n, D]), W.value).dataSync() as Float32Array);
  let loss = 0;
  let wsum = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < L; c++) {
      const z = (logits[i * L + c]! += b[c]!);
      if (z > max) [max, arg] = [z, c];
    }
    let sum = 0;
    for (let c = 0; c < L; c++) sum += Math.exp(logits[i * L + c]! - max);
    const y = set.y[i]!;
    loss += cw[y]! * (Math.log(sum) + max - logits[i * L + y]!);
    wsum += cw[y]!;
    if (arg === y) correct++;
  }
  return { loss: wsum ? loss / wsum : 0, acc: n ? correct / n : 0 };
}

/** PyTorch's AdamW (betas 0.9/0.999, eps 1e-8, decoupled weight decay). */
class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  constructor(size: number, private readonly lr: number, private readonly weightDecay: number) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }
  step(p: Float32Array, g: ArrayLike<number>): void {
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const decay = 1 - this.lr * this.weightDecay;
    const { m, v, lr } = this;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      p[i] = p[i]! * decay - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
    }
  }
}

/** [R, C] → [C, R] */
export function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/** logits [n, L] = x [n, D] · Wᵀ + b with W [L, D]; plain JS, for evaluation and predict. */
export function headLogits(x: Float32Array, n: number, D: number, weight: Float32Array, bias: Float32Array): Float32Array {
  const L = bias.length;
  const out = new Float32Array(n * L);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < L; c++) {
      let s = bias[c]!;
      const wo = c * D;
      const xo = i * D;
      for (let d = 0; d < D; d++) s += x[xo + d]! * weight[wo + d]!;
      out[i * L + c] = s;
    }
  }
  return out;
}
