import { seededRandom, shuffleInPlace } from '../../shared/random';
import type { RunEpoch } from '../../shared/api/runs';
import { classWeights, transpose, type HeadData, type HeadOptions, type HeadResult } from './head';
import { scoreLinear } from './head-score';
import { BestEpoch } from './best-epoch';
import type { HeadKernel } from './head-kernel';

// The same head training as head.ts and head-ort.ts (AdamW on softmax regression, same init, same
// batches, same math), by the native kernel: logits, gradient and update fused per step in C,
// with the features read in place — no per-step copies, no per-op passes over the weights.

/** Batches per kernel call: a cancel or a message to the worker waits at most this long (~20 ms at ViT-B size). */
const CHUNK_STEPS = 256;

/** Same contract and results (up to float rounding) as trainHead in head.ts. */
export async function trainHeadNative(kernel: HeadKernel, train: HeadData, val: HeadData | null, o: HeadOptions): Promise<HeadResult> {
  const { dim: D, numLabels: L, batchSize: BS } = o;
  const n = train.y.length;
  if (n === 0) throw new Error('no training examples');
  const rand = seededRandom(o.seed);
  // W [D+1, L]: the weight (same init draws as head.ts) with the bias (0) as its last row.
  const W = new Float32Array((D + 1) * L);
  for (let i = 0; i < D * L; i++) W[i] = (rand() - 0.5) * 0.02;
  const m = new Float32Array(W.length);
  const v = new Float32Array(W.length);
  const cw = o.classWeighting ? classWeights(train.y, L) : new Float32Array(L).fill(1);
  const params = Float64Array.of(D, L, BS, o.lr, o.weightDecay, 0.9, 0.999, 1e-8, 0);
  const stats = new Float64Array(4);
  const split = () => ({ weight: W.slice(0, D * L), bias: W.slice(D * L) });
  const initial = split();
  const tracker = new BestEpoch<{ weight: Float32Array; bias: Float32Array }>(o.patience, o.onEpoch);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    shuffleInPlace(order, rand);
    let lossSum = 0;
    let weightSum = 0;
    let correct = 0;
    for (let first = 0; first < n; first += CHUNK_STEPS * BS) {
      if (o.signal?.aborted) throw new Error('cancelled');
      kernel.epoch(train.x, train.y, cw, order.subarray(first, Math.min(n, first + CHUNK_STEPS * BS)), W, m, v, params, stats);
      lossSum += stats[0]!;
      weightSum += stats[1]!;
      correct += stats[2]!;
      params[8] = stats[3]!; // optimizer steps so far
    }
    const { weight, bias } = split();
    const va = val && val.y.length ? scoreLinear(val, weight, bias, D, L, cw) : null;
    const row: RunEpoch = { epoch, trainLoss: weightSum ? lossSum / weightSum : 0, trainAcc: correct / n, valLoss: va?.loss ?? null, valAcc: va?.acc ?? null };
    if (tracker.record(row, () => ({ weight, bias }))) break;
    await new Promise((r) => setImmediate(r));
  }
  const best = tracker.best(() => initial);
  return { weight: transpose(best.weight, D, L), bias: best.bias, epochs: tracker.epochs, bestEpoch: tracker.epoch };
}
