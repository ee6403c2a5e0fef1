// Batched forward passes in worker processes equal the in-process forward, in order.
// Needs the bundled worker entry: `npm test` builds first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/main/model/backend';
import { TfjsFeatureEngine } from '../../../src/main/model/tfjs-feature-engine';
import { poolExtract, vitReplies, type VitTasks } from '../../../src/main/model/vit-forward-task';
import { WorkerPool } from '../../../src/main/workers/pool';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-pool-'));
const pool = new WorkerPool<VitTasks>(2, { VIT_STUDIO_BACKEND: 'wasm' });
afterAll(() => {
  pool.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('vit-forward in the worker pool', () => {
  it('splits a batch over processes and returns the same features and logits, in order', async () => {
    const ck = makeTinyCheckpoint(path.join(root, 'm'), { imageSize: 16, patchSize: 4, labels: 3, seed: 8 });
    const B = 5;
    const pixels = new Float32Array(B * 3 * 16 * 16).map((_, i) => Math.sin(i * 0.37));
    const viaPool = await poolExtract(pool, ck.folder, pixels, B, { chunk: 2 });
    await initBackend('wasm');
    const local = await TfjsFeatureEngine.load(ck.folder);
    try {
      const direct = await local.extract(pixels, B);
      expect(viaPool.features.length).toBe(B * 32);
      let diff = 0;
      for (let i = 0; i < direct.features.length; i++) diff = Math.max(diff, Math.abs(direct.features[i]! - viaPool.features[i]!));
      for (let i = 0; i < direct.logits!.length; i++) diff = Math.max(diff, Math.abs(direct.logits![i]! - viaPool.logits![i]!));
      expect(diff).toBeLessThan(1e-5);
    } finally {
      await local.dispose();
    }
  });

  it('reports a missing checkpoint as a task error', async () => {
    await expect(
      pool.run('vit-forward', { folder: path.join(root, 'none'), pixelValues: new Float32Array(3), batchSize: 1 }, vitReplies['vit-forward']),
    ).rejects.toThrow(/model\.safetensors not found/);
  });
});
