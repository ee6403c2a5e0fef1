import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../shared/augment';
import type { RunEpoch } from '../../shared/api/runs';

// The classification head of ViTForImageClassification (Linear D → L) trained on cached
// features with Adam(W), mini-batches, validation after every epoch, the best epoch (by
// validation accuracy, then loss) kept, optional early stopping and class weighting.

export interface HeadData {
  x: Float32Array; // [n, D]
  y: Int32Array; // [n]
}

export interface HeadOptions {
  dim: number;
  numLabels: number;
  epochs: number;
  lr: number;
  batchSize: number;
  weightDecay: number;
  /** Stop after this many epochs without a better validation accuracy. */
  patience: number | null;
  classWeighting: boolean;
  seed: number;
  onEpoch?(epoch: RunEpoch): void;
  /** Checked between batches. */
  signal?: AbortSignal;
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

export async function trainHead(train: HeadData, val: HeadData | null, o: HeadOptions): Promise<HeadResult> {
  const { dim: D, numLabels: L } = o;
  const n = train.y.length;
  if (n === 0) throw new Error('no training examples');
  const rand = seededRandom(o.seed);
  const init = new Float32Array(D * L);
  for (let i = 0; i < init.length; i++) init[i] = (rand() - 0.5) * 0.02;
  const W = tf.variable(tf.tensor2d(init, [D, L])); // [D, L]
  const b = tf.variable(tf.zeros([L])); // [L]
  const X = tf.tensor2d(train.x, [n, D]);
  const Y = tf.tensor1d(train.y, 'int32');
  const cw = tf.tensor1d(o.classWeighting ? classWeights(train.y, L) : new Float32Array(L).fill(1));
  const valX = val && val.y.length ? tf.tensor2d(val.x, [val.y.length, D]) : null;
  const valY = val && val.y.length ? tf.tensor1d(val.y, 'int32') : null;
  const optimizer = tf.train.adam(o.lr);
  const decay = 1 - o.lr * o.weightDecay;

  // Mean (class-weighted) cross-entropy and accuracy of the head on a whole set.
  const evaluate = (x: tf.Tensor2D, y: tf.Tensor1D): { loss: number; acc: number } => {
    const [loss, acc] = tf.tidy(() => {
      const logits = tf.add(tf.matMul(x, W), b);
      const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(y, L)), 1));
      const w = tf.gather(cw, y);
      const loss = tf.div(tf.sum(tf.mul(nll, w)), tf.sum(w));
      const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
      return [loss, acc];
    });
    const out = { loss: loss.dataSync()[0]!, acc: acc.dataSync()[0]! };
    loss.dispose();
    acc.dispose();
    return out;
  };

  const epochs: RunEpoch[] = [];
  let best: { epoch: number; acc: number; loss: number; weight: Float32Array; bias: Float32Array } = {
    epoch: 0, acc: -1, loss: Infinity, weight: new Float32Array(0), bias: new Float32Array(0),
  };
  const order = Int32Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let start = 0; start < n; start += o.batchSize) {
        if (o.signal?.aborted) throw new Error('cancelled');
        const idx = tf.tensor1d(order.subarray(start, Math.min(n, start + o.batchSize)), 'int32');
        optimizer.minimize(() => {
          const xb = tf.gather(X, idx);
          const yb = tf.gather(Y, idx);
          const logits = tf.add(tf.matMul(xb, W), b);
          const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(yb, L)), 1));
          const w = tf.gather(cw, yb);
          return tf.div(tf.sum(tf.mul(nll, w)), tf.sum(w)) as tf.Scalar;
        });
        idx.dispose();
        if (o.weightDecay > 0) tf.tidy(() => W.assign(tf.mul(W, decay)));
      }
      const tr = evaluate(X, Y);
      const va = valX && valY ? evaluate(valX, valY) : null;
      const row: RunEpoch = { epoch, trainLoss: tr.loss, trainAcc: tr.acc, valLoss: va?.loss ?? null, valAcc: va?.acc ?? null };
      epochs.push(row);
      o.onEpoch?.(row);
      // Without a validation set the last epoch is the best.
      const acc = va ? va.acc : Infinity;
      const loss = va ? va.loss : 0;
      if (acc > best.acc || (acc === best.acc && loss < best.loss)) {
        best = { epoch, acc, loss, weight: (await W.data()).slice() as Float32Array, bias: (await b.data()).slice() as Float32Array };
      } else if (o.patience !== null && epoch - best.epoch >= o.patience) {
        break;
      }
    }
  } finally {
    for (const t of [W, b, X, Y, cw, valX, valY]) t?.dispose();
    optimizer.dispose();
  }
  return { weight: transpose(best.weight, D, L), bias: best.bias, epochs, bestEpoch: best.epoch };
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
