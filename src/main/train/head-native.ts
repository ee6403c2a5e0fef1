import type { HeadKernel } from '../native/head-kernel';
import { trainHeadWith, type HeadData, type HeadOptions, type HeadResult, type HeadSetup, type HeadStepper } from './head-loop';

// The same head training as head.ts (AdamW on softmax regression, same init, same
// batches, same math), by the native kernel: logits, gradient and update fused per step in C,
// with the features read in place — no per-step copies, no per-op passes over the weights.

/** Batches per kernel call: a cancel or a message to the worker waits at most this long (~20 ms at ViT-B size). */
const CHUNK_STEPS = 256;

/** The kernel in place, or on a thread of its own (native/head-kernel-thread.ts: epoch is a promise). */
type EpochKernel = { epoch(...args: Parameters<HeadKernel['epoch']>): void | Promise<void> };

function nativeStepper(kernel: EpochKernel, train: HeadData, o: HeadOptions, { D, L, init, classWeight }: HeadSetup): HeadStepper {
  // W [D+1, L]: the weight rows, then the bias row (0).
  const W = new Float32Array((D + 1) * L);
  W.set(init);
  const m = new Float32Array(W.length);
  const v = new Float32Array(W.length);
  const params = Float64Array.of(D, L, o.batchSize, o.lr, o.weightDecay, 0.9, 0.999, 1e-8, 0);
  const stats = new Float64Array(4);
  const chunk = CHUNK_STEPS * o.batchSize;
  return {
    async epoch(order) {
      const sums = { lossSum: 0, weightSum: 0, correct: 0 };
      for (let first = 0; first < order.length; first += chunk) {
        if (o.signal?.aborted) throw new Error('cancelled');
        await kernel.epoch(train.x, train.y, classWeight, order.subarray(first, first + chunk), W, m, v, params, stats);
        sums.lossSum += stats[0]!;
        sums.weightSum += stats[1]!;
        sums.correct += stats[2]!;
        params[8] = stats[3]!; // optimizer steps so far (bias correction)
      }
      return sums;
    },
    weights: () => ({ weight: W.slice(0, D * L), bias: W.slice(D * L) }),
  };
}

/** Same contract and results (up to float rounding) as trainHead in head.ts. */
export function trainHeadNative(kernel: EpochKernel, train: HeadData, val: HeadData | null, o: HeadOptions): Promise<HeadResult> {
  return trainHeadWith(train, val, o, (setup) => nativeStepper(kernel, train, o, setup));
}
