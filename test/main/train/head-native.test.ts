import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/main/model/backend';
import { trainHead, type HeadOptions } from '../../../src/main/train/head';
import { builtKernelPath, loadHeadKernel, requireKernel, type HeadKernel } from '../../../src/main/native/head-kernel';
import { trainHeadNative } from '../../../src/main/train/head-native';
import { trainHeadAuto } from '../../../src/main/train/head-trainer';
import { featureBlobs as blobs } from './feature-blobs';

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('head training on the native kernel', () => {
  let kernel: HeadKernel;
  beforeAll(async () => {
    await initBackend('wasm');
    const loaded = loadHeadKernel();
    // npm run build compiles it (node-gyp); this machine has a C compiler, so it must be there.
    expect(loaded.error).toBeNull();
    kernel = loaded.kernel!;
  });
  afterEach(() => {
    delete process.env.VIT_STUDIO_HEAD_KERNEL_VEC;
  });

  // 1,000 rows / batch 3 = 334 steps per epoch: two kernel calls (256 + 78 steps), a last batch of
  // 1; 13 labels pad to 16 lanes; D = 41 leaves a partial tile of 4 weight rows plus the bias row.
  const train = blobs(1000, 41, 13, 1);
  const val = blobs(100, 41, 13, 2);
  const opts: HeadOptions = { dim: 41, numLabels: 13, epochs: 3, lr: 5e-3, batchSize: 3, weightDecay: 0.05, patience: null, classWeighting: true, seed: 9 };

  for (const variant of ['widest', '8', 'portable'] as const) {
    const name = { widest: 'widest vectors', '8': '256-bit variant', portable: 'portable scalar C (what MSVC builds)' }[variant];
    it(`gives the TF.js trainer's weights and metrics (same batches, same AdamW), ${name}`, async () => {
      if (variant === '8') process.env.VIT_STUDIO_HEAD_KERNEL_VEC = '8';
      const k = variant === 'portable' ? requireKernel(builtKernelPath('head_kernel_portable.node')).kernel! : kernel;
      expect(k.isa()).toMatch({ widest: /^(avx512|avx2|sse2|neon|generic)$/, '8': /^(avx2|sse2|neon|generic)$/, portable: /^portable$/ }[variant]);
      const a = await trainHead(train, val, opts);
      const b = await trainHeadNative(k, train, val, opts);
      expect(maxAbsDiff(a.weight, b.weight)).toBeLessThan(1e-4);
      expect(maxAbsDiff(a.bias, b.bias)).toBeLessThan(1e-4);
      for (let i = 0; i < 3; i++) {
        expect(b.epochs[i]!.trainLoss).toBeCloseTo(a.epochs[i]!.trainLoss, 4);
        expect(b.epochs[i]!.trainAcc).toBe(a.epochs[i]!.trainAcc);
        expect(b.epochs[i]!.valAcc).toBe(a.epochs[i]!.valAcc);
        expect(b.epochs[i]!.valLoss!).toBeCloseTo(a.epochs[i]!.valLoss!, 4);
      }
      expect(b.bestEpoch).toBe(a.bestEpoch);
      expect(b.epochs[2]!.trainAcc).toBeGreaterThan(0.5); // it learns (chance is 1/13)
    });
  }

  it('is what a run uses when it is built, and stops on cancel', async () => {
    const small = { ...opts, epochs: 1, batchSize: 32 };
    expect((await trainHeadAuto(train, null, small)).trainer).toBe('native');
    const controller = new AbortController();
    controller.abort();
    await expect(trainHeadNative(kernel, train, null, { ...small, signal: controller.signal })).rejects.toThrow('cancelled');
  });

  it('refuses bad arguments with a clear error instead of reading out of bounds', () => {
    const D = 4, L = 3;
    const x = new Float32Array(5 * D);
    const y = Int32Array.of(0, 1, 2, 0, 1);
    const cw = new Float32Array(L).fill(1);
    const w = () => new Float32Array((D + 1) * L);
    const params = Float64Array.of(D, L, 2, 1e-3, 0, 0.9, 0.999, 1e-8, 0);
    const stats = new Float64Array(4);
    const call = (o: Partial<{ x: Float32Array; y: Int32Array; order: Int32Array; w: Float32Array; params: Float64Array }>) => () =>
      kernel.epoch(o.x ?? x, o.y ?? y, cw, o.order ?? Int32Array.of(0, 1, 2), o.w ?? w(), w(), w(), o.params ?? params, stats);
    expect(call({})).not.toThrow();
    expect(stats[3]).toBe(2); // 3 rows, batch 2: two steps
    expect(call({ order: Int32Array.of(0, 5) })).toThrow(/outside the data/);
    expect(call({ order: Int32Array.of(-1) })).toThrow(/outside the data/);
    expect(call({ y: Int32Array.of(0, 1, 3, 0, 1) })).toThrow(/label is outside/);
    expect(call({ x: new Float32Array(5 * D + 1) })).toThrow(/\[rows, dim\]/);
    expect(call({ w: new Float32Array(D * L) })).toThrow(/\[dim \+ 1, labels\]/);
    expect(call({ params: Float64Array.of(D, L, 0, 1e-3, 0, 0.9, 0.999, 1e-8, 0) })).toThrow(/positive integers/);
    expect(() => (kernel.epoch as (...a: unknown[]) => void)(Array.from(x), y, cw, Int32Array.of(0), w(), w(), w(), params, stats)).toThrow(/x has the wrong type/);
  });
});
