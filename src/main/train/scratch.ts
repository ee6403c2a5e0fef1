import * as tf from '@tensorflow/tfjs';
import { ViT } from '../model/vit/model';
import { parsePreprocessorConfig, parseViTConfig, type PreprocessorConfig, type ViTConfig } from '../../shared/model/vit-config';
import type { ViTWeights } from '../model/checkpoint';
import type { RunEpoch, ScratchShape } from '../../shared/api/runs';
import { seededRandom, shuffleInPlace } from '../../shared/random';
import { classWeights } from './head';
import { BestEpoch, type EpochLoopOptions } from './best-epoch';

// From scratch: a small ViT, every weight trained in TF.js (WASM here) on the run's views held in
// memory (small input sizes keep that cheap: 32 px × 3 channels = 12 KB per view).


export function scratchConfig(s: ScratchShape, labels: string[]): { config: ViTConfig; preprocessor: PreprocessorConfig } {
  if (s.imageSize % s.patchSize) throw new Error(`image size ${s.imageSize} is not a multiple of patch size ${s.patchSize}`);
  if (s.hiddenSize % s.heads) throw new Error(`hidden size ${s.hiddenSize} is not a multiple of ${s.heads} heads`);
  const config = parseViTConfig({
    model_type: 'vit',
    hidden_size: s.hiddenSize,
    num_hidden_layers: s.layers,
    num_attention_heads: s.heads,
    intermediate_size: s.hiddenSize * 2,
    hidden_act: 'gelu',
    layer_norm_eps: 1e-12,
    image_size: s.imageSize,
    patch_size: s.patchSize,
    num_channels: 3,
    qkv_bias: true,
    id2label: Object.fromEntries(labels.map((n, i) => [String(i), n])),
  });
  const preprocessor = parsePreprocessorConfig(
    { size: { height: s.imageSize, width: s.imageSize }, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] },
    s.imageSize,
  );
  return { config, preprocessor };
}

export interface PixelSet {
  x: Float32Array; // [n, 3, S, S]
  y: Int32Array;
}

export type ScratchOptions = EpochLoopOptions & {
  /** After each batch: a from-scratch epoch takes minutes, so progress is told per batch. */
  onBatch?(epoch: number, batch: number, batches: number): void;
};

/** Logits [n, L] of a pixel set, in batches. */
export async function scratchLogits(vit: ViT, x: Float32Array, n: number, batch = 64): Promise<Float32Array> {
  const S = vit.config.imageSize;
  const stride = 3 * S * S;
  const L = vit.numLabels;
  const out = new Float32Array(n * L);
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const { logits } = await vit.extract(x.subarray(s * stride, (s + b) * stride), b);
    out.set(logits!, s * L);
  }
  return out;
}

function lossAndAcc(logits: Float32Array, y: Int32Array, L: number, w: Float32Array): { loss: number; acc: number } {
  let loss = 0;
  let wsum = 0;
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    const row = logits.subarray(i * L, (i + 1) * L);
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < L; c++) if (row[c]! > max) [max, arg] = [row[c]!, c];
    let sum = 0;
    for (let c = 0; c < L; c++) sum += Math.exp(row[c]! - max);
    const wi = w[y[i]!]!;
    loss += wi * (Math.log(sum) + max - row[y[i]!]!);
    wsum += wi;
    if (arg === y[i]) correct++;
  }
  return { loss: wsum ? loss / wsum : 0, acc: y.length ? correct / y.length : 0 };
}

export async function trainScratch(
  config: ViTConfig,
  train: PixelSet,
  val: PixelSet | null,
  o: ScratchOptions,
): Promise<{ weights: ViTWeights; epochs: RunEpoch[]; bestEpoch: number }> {
  const L = config.id2label.length;
  const S = config.imageSize;
  const stride = 3 * S * S;
  const n = train.y.length;
  const vit = ViT.random(config, { seed: o.seed, numLabels: L, trainable: true });
  const optimizer = tf.train.adam(o.lr);
  const cw = o.classWeighting ? classWeights(train.y, L) : new Float32Array(L).fill(1);
  const cwT = tf.tensor1d(cw);
  const rand = seededRandom(o.seed ^ 0x5bd1e995);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const tracker = new BestEpoch<ViTWeights>(o.patience, o.onEpoch);
  const xb = new Float32Array(o.batchSize * stride);
  const yb = new Int32Array(o.batchSize);
  try {
    // "batch 0/N" at once: the first batch of a large shape can take minutes on WASM.
    o.onBatch?.(1, 0, Math.ceil(n / o.batchSize));
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      shuffleInPlace(order, rand);
      // Train loss/accuracy: running means over the epoch's batches (as the HF Trainer logs them).
      let lossSum = 0;
      let weightSum = 0;
      let correct = 0;
      for (let s = 0; s < n; s += o.batchSize) {
        if (o.signal?.aborted) throw new Error('cancelled');
        const b = Math.min(o.batchSize, n - s);
        for (let k = 0; k < b; k++) {
          const i = order[s + k]!;
          xb.set(train.x.subarray(i * stride, (i + 1) * stride), k * stride);
          yb[k] = train.y[i]!;
        }
        let batchWeight = 0;
        for (let k = 0; k < b; k++) batchWeight += cw[yb[k]!]!;
        tf.tidy(() => {
          const x = tf.tensor4d(xb.subarray(0, b * stride), [b, 3, S, S]);
          const y = tf.tensor1d(yb.subarray(0, b), 'int32');
          let hits: tf.Tensor | null = null;
          const cost = optimizer.minimize(
            () => {
              const logits = vit.apply(x).logits!;
              hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')));
              const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(y, L)), 1));
              const w = tf.gather(cwT, y);
              return tf.div(tf.sum(tf.mul(nll, w)), tf.sum(w)) as tf.Scalar;
            },
            true,
            vit.trainableVariables(),
          );
          lossSum += cost!.dataSync()[0]! * batchWeight;
          weightSum += batchWeight;
          correct += (hits as tf.Tensor | null)?.dataSync()[0] ?? 0;
          (hits as tf.Tensor | null)?.dispose();
          if (o.weightDecay > 0) {
            for (const v of vit.trainableVariables()) if (v.shape.length > 1) v.assign(tf.mul(v, 1 - o.lr * o.weightDecay));
          }
        });
        o.onBatch?.(epoch, s / o.batchSize + 1, Math.ceil(n / o.batchSize));
        await tf.nextFrame?.();
      }
      const tr = { loss: weightSum ? lossSum / weightSum : 0, acc: correct / n };
      const va = val && val.y.length ? lossAndAcc(await scratchLogits(vit, val.x, val.y.length), val.y, L, cw) : null;
      const row: RunEpoch = { epoch, trainLoss: tr.loss, trainAcc: tr.acc, valLoss: va?.loss ?? null, valAcc: va?.acc ?? null };
      if (tracker.record(row, () => vit.toWeights())) break;
    }
    return { weights: tracker.best(() => vit.toWeights()), epochs: tracker.epochs, bestEpoch: tracker.epoch };
  } finally {
    optimizer.dispose();
    cwT.dispose();
    vit.dispose();
  }
}
