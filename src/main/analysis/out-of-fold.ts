import os from 'node:os';
import { stratifiedFolds } from '../../shared/data/stratified-folds';
import { trainHeadAuto } from '../train/head-trainer';
import type { HeadData, HeadOptions, HeadResult } from '../train/head-loop';
import { trainHeadNative } from '../train/head-native';
import { headKernelThread } from '../native/head-kernel-thread';
import { headKernelPath, loadHeadKernel } from '../native/head-kernel';
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

/** Rows `which` of x [·, D]; `shared`: in a SharedArrayBuffer, which a kernel thread reads without a copy. */
function rows(x: Float32Array, D: number, which: number[], shared = false): Float32Array {
  const out = new Float32Array(shared ? new SharedArrayBuffer(which.length * D * 4) : new ArrayBuffer(which.length * D * 4));
  which.forEach((r, i) => out.set(x.subarray(r * D, (r + 1) * D), i * D));
  return out;
}

export interface OutOfFold {
  /** [n, L] out-of-fold probabilities of the labelled rows. */
  probs: Float32Array;
  /** [m, L] mean probabilities of the K heads for the `predict` rows. */
  predicted: Float32Array;
}

/** Trains one head; two of them can run at once when the kernel runs on its own thread. */
type HeadTrainer = (data: HeadData, o: HeadOptions) => Promise<HeadResult>;

/**
 * The folds' trainers: the native kernel on two threads where it is built and the machine has two
 * cores (the folds are independent: two train at once, same results as one after another), else
 * the run's trainer (trainHeadAuto) for one fold at a time.
 */
function foldTrainers(folds: number): { trainers: HeadTrainer[]; threaded: boolean; close(): Promise<void> } {
  const { kernel } = loadHeadKernel();
  const file = headKernelPath();
  const lanes = Math.min(folds, os.availableParallelism(), 2);
  if (kernel && file && lanes > 1) {
    const threads = Array.from({ length: lanes }, () => headKernelThread(kernel, file));
    return {
      trainers: threads.map((t) => (data, o) => trainHeadNative(t, data, null, o)),
      threaded: true,
      close: async () => void (await Promise.all(threads.map((t) => t.close()))),
    };
  }
  return { trainers: [(data, o) => trainHeadAuto(data, null, o)], threaded: false, close: async () => {} };
}

/**
 * x [N, D] features; labelled rows `train` with labels y (0…L−1); `predict` rows get the heads'
 * mean. onFold(done, total) after each head.
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
  const heads: (HeadResult | null)[] = new Array(o.folds).fill(null);
  const { trainers, threaded, close } = foldTrainers(o.folds);
  let done = 0;
  const trainFold = async (k: number, trainHead: HeadTrainer) => {
    if (o.signal?.aborted) throw new Error('cancelled');
    const inFold: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < train.length; i++) (fold[i] === k ? inFold : rest).push(i);
    if (!inFold.length) return;
    const data: HeadData = { x: rows(x, D, rest.map((i) => train[i]!), threaded), y: Int32Array.from(rest, (i) => y[i]!) };
    const head = await trainHead(data, {
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
    heads[k] = head;
    const heldOut = await headProbs(rows(x, D, inFold.map((i) => train[i]!)), inFold.length, D, head.weight, head.bias);
    inFold.forEach((i, r) => probs.set(heldOut.subarray(r * L, (r + 1) * L), i * L));
    o.onFold?.(++done, o.folds);
  };
  try {
    // Lane j trains folds j, j + lanes, …
    await Promise.all(trainers.map(async (trainHead, lane) => {
      for (let k = lane; k < o.folds; k += trainers.length) await trainFold(k, trainHead);
    }));
  } finally {
    await close();
  }
  // The heads' mean for the `predict` rows, summed in fold order (the same figures whichever lane finished first).
  const predicted = new Float32Array(predict.length * L);
  if (predict.length) {
    const predictX = rows(x, D, predict);
    for (const head of heads) {
      if (!head) continue;
      const p = await headProbs(predictX, predict.length, D, head.weight, head.bias);
      for (let j = 0; j < p.length; j++) predicted[j]! += p[j]! / o.folds;
    }
  }
  return { probs, predicted };
}
