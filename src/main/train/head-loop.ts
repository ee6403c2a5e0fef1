import { seededRandom, shuffleInPlace } from '../../shared/random';
import type { RunEpoch } from '../../shared/api/runs';
import { BestEpoch, type EpochLoopOptions } from './best-epoch';
import { scoreLinear } from './head-score';

// The loop every head trainer shares (TF.js, ONNX Runtime, native kernel): the seeded init, one
// shuffle per epoch, validation after each epoch, the best epoch kept, early stopping, cancel.
// A trainer only says how to run one epoch of AdamW steps, so all three draw the same numbers in
// the same order and give the same weights up to float rounding.

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

/** [R, C] → [C, R] */
export function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

export interface HeadWeights {
  weight: Float32Array; // [D, L]
  bias: Float32Array; // [L]
}

export interface EpochSums {
  /** Σ over the epoch's rows of classWeight·(−log p(label)), from the logits before each step. */
  lossSum: number;
  weightSum: number;
  correct: number;
}

/** One trainer's state: W [D, L] (initialised by the loop), b = 0, and AdamW's moments. */
export interface HeadStepper {
  /** One epoch of mini-batch steps over the rows in `order` (batches of o.batchSize, last one partial). */
  epoch(order: Int32Array): Promise<EpochSums>;
  /** A copy of the current weights. */
  weights(): HeadWeights;
  dispose?(): void | Promise<void>;
}

export interface HeadSetup {
  D: number;
  L: number;
  /** The initial weight [D, L] (same draws for every trainer); the bias starts at 0. */
  init: Float32Array;
  /** Per-class loss weights (all 1 without class weighting). */
  classWeight: Float32Array;
}

export async function trainHeadWith(
  train: HeadData,
  val: HeadData | null,
  o: HeadOptions,
  createStepper: (setup: HeadSetup) => HeadStepper | Promise<HeadStepper>,
): Promise<HeadResult> {
  const { dim: D, numLabels: L } = o;
  const n = train.y.length;
  if (n === 0) throw new Error('no training examples');
  const rand = seededRandom(o.seed);
  const init = new Float32Array(D * L);
  for (let i = 0; i < init.length; i++) init[i] = (rand() - 0.5) * 0.02;
  const classWeight = o.classWeighting ? classWeights(train.y, L) : new Float32Array(L).fill(1);
  const initial: HeadWeights = { weight: init.slice(), bias: new Float32Array(L) };
  const stepper = await createStepper({ D, L, init, classWeight });
  const tracker = new BestEpoch<HeadWeights>(o.patience, o.onEpoch);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      if (o.signal?.aborted) throw new Error('cancelled');
      shuffleInPlace(order, rand);
      const sums = await stepper.epoch(order);
      const w = stepper.weights();
      const va = val && val.y.length ? scoreLinear(val, w.weight, w.bias, D, L, classWeight) : null;
      const row: RunEpoch = {
        epoch,
        trainLoss: sums.weightSum ? sums.lossSum / sums.weightSum : 0,
        trainAcc: sums.correct / n,
        valLoss: va?.loss ?? null,
        valAcc: va?.acc ?? null,
      };
      if (tracker.record(row, () => w)) break;
      await new Promise((r) => setImmediate(r)); // let a cancel or a progress message through
    }
  } finally {
    await stepper.dispose?.();
  }
  const best = tracker.best(() => initial);
  return { weight: transpose(best.weight, D, L), bias: best.bias, epochs: tracker.epochs, bestEpoch: tracker.epoch };
}
