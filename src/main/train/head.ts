import * as tf from '@tensorflow/tfjs';
import { trainHeadWith, type HeadData, type HeadOptions, type HeadResult, type HeadSetup, type HeadStepper } from './head-loop';

export { classWeights, transpose, type HeadData, type HeadOptions, type HeadResult } from './head-loop';

// The classification head of ViTForImageClassification (Linear D → L) trained on cached
// features with AdamW on TF.js (the trainer of last resort: see head-trainer.ts), and the plain
// JS logits used for evaluation and predict.

/**
 * AdamW on softmax regression with the gradient written out (∂loss/∂logits = (p − onehot)·w/Σw):
 * the two matMuls per step run on the TF.js backend, the rest is a few thousand floats in JS. This
 * avoids the WASM backend's slow gather and transposed-matMul kernels that autodiff would use.
 * Train loss/accuracy are the running means over the epoch's batches, as the HF Trainer logs them.
 */
export function trainHead(train: HeadData, val: HeadData | null, o: HeadOptions): Promise<HeadResult> {
  return trainHeadWith(train, val, o, (setup) => tfjsStepper(train, o, setup));
}

function tfjsStepper(train: HeadData, o: HeadOptions, { D, L, init, classWeight: cw }: HeadSetup): HeadStepper {
  const BS = o.batchSize;
  // W and its Adam moments stay on the backend: reading a [D, L] tensor back every step is what costs.
  const W = new TensorAdamW(tf.tensor2d(init, [D, L]), o.lr, o.weightDecay); // [D, L]
  const b = new Float32Array(L);
  const adamB = new Adam(L, o.lr, 0);
  const xb = new Float32Array(BS * D); // [B, D]
  const xbT = new Float32Array(D * BS); // [D, B]
  const G = new Float32Array(BS * L);
  const gb = new Float32Array(L);
  return {
    async epoch(order) {
      const n = order.length;
      const sums = { lossSum: 0, weightSum: 0, correct: 0 };
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
          sums.lossSum += wy * (Math.log(sum) + max - logits[k * L + y]!);
          sums.weightSum += wy;
          if (arg === y) sums.correct++;
          for (let c = 0; c < L; c++) {
            const g = ((Math.exp(logits[k * L + c]! - max) / sum - (c === y ? 1 : 0)) * wy) / wsum;
            G[k * L + c] = g;
            gb[c]! += g;
          }
        }
        W.step(xbT.subarray(0, D * B), [D, B], G.subarray(0, B * L), [B, L]); // ∂W = xbᵀ · G  [D, L]
        adamB.step(b, gb);
      }
      return sums;
    },
    weights: () => ({ weight: W.read(), bias: b.slice() }),
    dispose: () => W.dispose(),
  };
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
