import { beforeAll, describe, expect, it } from 'vitest';
import { builtKernelPath, describeHeadTrainer } from '../../../src/main/native/head-kernel';
import { initBackend } from '../../../src/main/model/backend';
import { trainHeadAuto } from '../../../src/main/train/head-trainer';
import { featureBlobs } from './feature-blobs';

// This file's process loads the portable (scalar C) kernel, as an MSVC build would make it: about
// 6× slower than the vector build but still about 4× faster than TF.js, so it trains the head. (The
// vector kernel, and both held to TF.js's weights, are covered in head-native.test.ts.)
describe('choosing the head trainer with a portable kernel', () => {
  beforeAll(async () => {
    process.env.VIT_STUDIO_HEAD_KERNEL = builtKernelPath('head_kernel_portable.node');
    await initBackend('wasm');
  });

  it('trains on the portable kernel and says so', async () => {
    const data = featureBlobs(200, 16, 4, 1);
    const o = { dim: 16, numLabels: 4, epochs: 2, lr: 1e-2, batchSize: 32, weightDecay: 0, patience: null, classWeighting: false, seed: 1 };
    expect((await trainHeadAuto(data, null, o)).trainer).toBe('native');
    expect(describeHeadTrainer()).toBe('native kernel (portable)');
  });
});
