import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/main/model/backend';
import { trainHead } from '../../../src/main/train/head';
import { trainHeadOrt } from '../../../src/main/train/head-ort';
import { featureBlobs as blobs } from './feature-blobs';

describe('head training on ONNX Runtime', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("gives the TF.js trainer's weights and metrics (same batches, same AdamW), with a partial last chunk and batch", async () => {
    // 1,000 rows / batch 24 = 42 steps per epoch: one full 32-step chunk, one of 10, a last batch of 16.
    const train = blobs(1000, 40, 6, 1);
    const val = blobs(100, 40, 6, 2);
    const opts = { dim: 40, numLabels: 6, epochs: 3, lr: 5e-3, batchSize: 24, weightDecay: 0.05, patience: null, classWeighting: true, seed: 9 };
    const a = await trainHead(train, val, opts);
    const b = await trainHeadOrt(train, val, opts);
    let maxDiff = 0;
    for (let i = 0; i < a.weight.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.weight[i]! - b.weight[i]!));
    expect(maxDiff).toBeLessThan(1e-4);
    for (let i = 0; i < 3; i++) {
      expect(b.epochs[i]!.trainLoss).toBeCloseTo(a.epochs[i]!.trainLoss, 4);
      expect(b.epochs[i]!.trainAcc).toBe(a.epochs[i]!.trainAcc);
      expect(b.epochs[i]!.valAcc).toBe(a.epochs[i]!.valAcc);
    }
    expect(b.bestEpoch).toBe(a.bestEpoch);
  });
});
