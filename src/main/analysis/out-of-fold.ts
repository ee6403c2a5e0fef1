import { stratifiedFolds } from '../../shared/data/stratified-folds';
import { trainHeadAuto } from '../train/head-trainer';
import type { HeadData } from '../train/head-loop';
import { matmul } from './matmul';

// Out-of-fold probabilities: K heads, each trained (on the cached features, by the run's head
// trainer: native kernel first) without one stratified fold and asked about that fold only, so
// every labelled image gets probabilities from a model that never saw its label. The same heads,
// averaged, predict the unlabelled images.

export interface HeadSettings {
  lr: number;
  epochs: number;
  weightDecay: number;
  batchSize: number;
}

/**
 * What the analyses train with, on standardized features: chosen on generated and Fashion-MNIST
 * features so that 5 folds of 10,000 × 768 features, 37 classes train in a few seconds.
 */
export const ANALYSIS_HEAD: HeadSettings = { lr: 1e-3, epochs: 20, weightDecay: 1e-4, batchSize: 64 };

/** Small sets get more epochs: about 600 optimizer steps at least (at most 200 epochs). */
export function analysisEpochs(rows: number, s: HeadSettings = ANALYSIS_HEAD): number {
  const batches = Math.max(1, Math.ceil(rows / s.batchSize));
  return Math.min(200, Math.max(s.epochs, Math.ceil(600 / batches)));
}

/** Softmax probabilities of a linear head (weight [L, D], bias [L]) for x [n, D]: one GEMM. */
async function headProbs(x: Float32Array, n: number, D: number, weight: Float32Array, bias: Float32Array): Promise<Float32Array> {
  const L = bias.length;
  const wt = new Float32Array(D * L); // [D, L]
  for (let c = 0; c < L; c++) for (let d = 0; d < D; d++) wt[d * L + c] = weight[c * D + d]!;
  const out = Float32Array.from(await matmul(x, n, D, wt, L));
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < L; c++) max = Math.max(max, (out[i * L + c]! += bias[c]!));
    let sum = 0;
    for (let c = 0; c < L; c++) sum += out[i * L + c] = Math.exp(out[i * L + c]! - max);
    for (let c = 0; c < L; c++) out[i * L + c]! /= sum;
  }
  return out;
}

function rows(x: Float32Array, D: number, which: number[]): Float32Array {
  const out = new Float32Array(which.length * D);
  which.forEach((r, i) => out.set(x.subarray(r * D, (r + 1) * D), i * D));
  return out;
}

export interface OutOfFold {
  /** [n, L] out-of-fold probabilities of the labelled rows. */
  probs: Float32Array;
  /** [m, L] mean probabilities of the K heads for the `predict` rows. */
  predicted: Float32Array;
}

/**
 * x [N, D] features; labelled rows `train` with labels y (0…L−1); `predict` rows get the heads'
 * mean. onFold(k) after each head.
 */
export async function outOfFold(
  x: Float32Array,
  D: number,
  train: number[],
  y: Int32Array,
  L: number,
  predict: number[],
  o: HeadSettings & { folds: number; seed: number; signal?: AbortSignal; onFold?(done: number, total: number): void },
): Promise<OutOfFold> {
  const fold = stratifiedFolds(y, o.folds, o.seed);
  const probs = new Float32Array(train.length * L);
  const predicted = new Float32Array(predict.length * L);
  const predictX = rows(x, D, predict);
  for (let k = 0; k < o.folds; k++) {
    if (o.signal?.aborted) throw new Error('cancelled');
    const inFold: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < train.length; i++) (fold[i] === k ? inFold : rest).push(i);
    if (!inFold.length) continue;
    const data: HeadData = { x: rows(x, D, rest.map((i) => train[i]!)), y: Int32Array.from(rest, (i) => y[i]!) };
    const head = await trainHeadAuto(data, null, {
      dim: D,
      numLabels: L,
      epochs: o.epochs,
      lr: o.lr,
      batchSize: o.batchSize,
      weightDecay: o.weightDecay,
      patience: null,
      classWeighting: false,
      seed: o.seed + k + 1,
      signal: o.signal,
    });
    const heldOut = await headProbs(rows(x, D, inFold.map((i) => train[i]!)), inFold.length, D, head.weight, head.bias);
    inFold.forEach((i, r) => probs.set(heldOut.subarray(r * L, (r + 1) * L), i * L));
    if (predict.length) {
      const p = await headProbs(predictX, predict.length, D, head.weight, head.bias);
      for (let j = 0; j < p.length; j++) predicted[j]! += p[j]! / o.folds;
    }
    o.onFold?.(k + 1, o.folds);
  }
  return { probs, predicted };
}
