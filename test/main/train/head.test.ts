import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/main/model/backend';
import { classWeights, headLogits, trainHead } from '../../../src/main/train/head';
import { seededRandom } from '../../../src/shared/random';

function blobs(n: number, D: number, L: number, seed: number) {
  const rand = seededRandom(seed);
  const x = new Float32Array(n * D);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % L;
    for (let d = 0; d < D; d++) x[i * D + d] = (d % L === y[i] ? 3 : 0) + rand() - 0.5;
  }
  return { x, y };
}

const base = { epochs: 20, lr: 0.01, batchSize: 16, weightDecay: 0, patience: null, classWeighting: false, seed: 1 };

describe('classification head', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('learns separable classes; the returned weights are [L, D] like torch Linear', async () => {
    const D = 12, L = 4;
    const train = blobs(200, D, L, 1);
    const val = blobs(40, D, L, 2);
    const r = await trainHead(train, val, { ...base, dim: D, numLabels: L });
    expect(r.epochs.length).toBe(20);
    expect(r.epochs.at(-1)!.valAcc).toBe(1);
    expect(r.epochs.at(-1)!.trainLoss).toBeLessThan(r.epochs[0]!.trainLoss);
    expect(r.weight.length).toBe(L * D);
    const logits = headLogits(val.x, 40, D, r.weight, r.bias);
    let correct = 0;
    for (let i = 0; i < 40; i++) {
      const row = Array.from(logits.subarray(i * L, (i + 1) * L));
      if (row.indexOf(Math.max(...row)) === val.y[i]) correct++;
    }
    expect(correct).toBe(40);
  });

  it('keeps the best epoch and stops early when validation stops improving', async () => {
    const D = 12, L = 4;
    const train = blobs(200, D, L, 3);
    // A validation example labelled against its features: never right, loss only grows.
    const val = blobs(1, D, L, 4);
    val.y[0] = 1;
    const r = await trainHead(train, val, { ...base, dim: D, numLabels: L, epochs: 50, patience: 3 });
    expect(r.bestEpoch).toBe(1);
    expect(r.epochs.length).toBe(4);
  });

  it('class weights are inverse frequency, mean 1 over present classes', () => {
    const w = classWeights(Int32Array.from([0, 0, 0, 1]), 3);
    expect(w[0]).toBeCloseTo(4 / 6, 6);
    expect(w[1]).toBeCloseTo(2, 6);
    expect(w[2]).toBe(0);
  });
});
