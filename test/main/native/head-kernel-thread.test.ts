import { describe, expect, it } from 'vitest';
import { headKernelPath, loadHeadKernel } from '../../../src/main/native/head-kernel';
import { headKernelThread } from '../../../src/main/native/head-kernel-thread';
import type { HeadOptions } from '../../../src/main/train/head';
import { trainHeadNative } from '../../../src/main/train/head-native';
import { featureBlobs as blobs } from '../train/feature-blobs';

describe('the native head kernel on a thread', () => {
  // 1,000 rows / batch 3: two kernel calls per epoch, as in head-native.test.ts.
  const opts: HeadOptions = { dim: 41, numLabels: 13, epochs: 3, lr: 5e-3, batchSize: 3, weightDecay: 0.05, patience: null, classWeighting: true, seed: 9 };
  const a = blobs(1000, 41, 13, 1);
  const b = blobs(800, 41, 13, 3);
  // The K-fold analysis hands the thread its features in a SharedArrayBuffer (read there, not copied).
  const bShared = { x: new Float32Array(new SharedArrayBuffer(b.x.byteLength)), y: b.y };
  bShared.x.set(b.x);

  it('trains two heads at once with the weights of the kernel in place, bit for bit', async () => {
    const { kernel } = loadHeadKernel();
    expect(kernel).not.toBeNull(); // npm run build compiles it on this machine
    const inPlace = [await trainHeadNative(kernel!, a, null, opts), await trainHeadNative(kernel!, b, null, opts)];
    const threads = [headKernelThread(kernel!, headKernelPath()!), headKernelThread(kernel!, headKernelPath()!)];
    try {
      const threaded = await Promise.all([trainHeadNative(threads[0]!, a, null, opts), trainHeadNative(threads[1]!, bShared, null, opts)]);
      // A second head on the same thread gets its own data.
      const again = await trainHeadNative(threads[0]!, b, null, { ...opts, seed: 10 });
      expect(again.weight).toEqual((await trainHeadNative(kernel!, b, null, { ...opts, seed: 10 })).weight);
      threaded.forEach((h, i) => {
        expect(h.weight).toEqual(inPlace[i]!.weight);
        expect(h.bias).toEqual(inPlace[i]!.bias);
        expect(h.epochs.map((e) => e.trainLoss)).toEqual(inPlace[i]!.epochs.map((e) => e.trainLoss));
      });
    } finally {
      await Promise.all(threads.map((t) => t.close()));
    }
  });

  it('fails the pending epoch when closed, and every later one', async () => {
    const { kernel } = loadHeadKernel();
    const thread = headKernelThread(kernel!, headKernelPath()!);
    const training = expect(trainHeadNative(thread, a, null, { ...opts, epochs: 50 })).rejects.toThrow('closed');
    await thread.close();
    await training;
    await expect(trainHeadNative(thread, a, null, opts)).rejects.toThrow('closed');
  });
});
