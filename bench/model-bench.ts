// Bench section 'model': TF.js ViT throughput on WASM (one process, and the worker pool over all
// cores) for a ViT-B/16-sized and a DeiT-tiny-sized model with random weights, and the peak RSS
// of a process loading the ViT-B/16-sized checkpoint (target ≤ 1.2 GB). Checkpoints are written
// once to the temp dir and reused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { poolExtract, vitReplies, type VitTasks } from '../src/main/model/vit-forward-task';
import { WorkerPool } from '../src/main/workers/pool';
import { makeTinyCheckpoint } from '../test/helpers/tiny-vit';
import type { BenchSection } from './sections';

const SIZES = {
  'vit-b16': { hiddenSize: 768, layers: 12, heads: 12, intermediateSize: 3072, labels: 1000 },
  'deit-tiny': { hiddenSize: 192, layers: 12, heads: 3, intermediateSize: 768, labels: 1000 },
} as const;

function checkpoint(name: keyof typeof SIZES): string {
  const folder = path.join(os.tmpdir(), 'vit-studio-bench', name);
  if (!fs.existsSync(path.join(folder, 'model.safetensors'))) {
    makeTinyCheckpoint(folder, { ...SIZES[name], imageSize: 224, patchSize: 16, seed: 1, std: 0.02 });
  }
  return folder;
}

/** img/s over `images` images, sent in chunks of `chunk` per task, after one warm-up pass. */
async function throughput(folder: string, processes: number, images: number, chunk: number) {
  const pool = new WorkerPool<VitTasks>(processes, { VIT_STUDIO_BACKEND: 'wasm' });
  try {
    const pixels = new Float32Array(images * 3 * 224 * 224).map((_, i) => Math.sin(i) * 0.5);
    // Warm-up: every process loads the model and runs once.
    await poolExtract(pool, folder, pixels.subarray(0, processes * 3 * 224 * 224), processes, { chunk: 1 });
    const t0 = performance.now();
    await poolExtract(pool, folder, pixels, images, { chunk });
    const seconds = (performance.now() - t0) / 1000;
    return { processes, images, seconds: +seconds.toFixed(2), imagesPerSecond: +(images / seconds).toFixed(3) };
  } finally {
    pool.close();
  }
}

async function loadRss(folder: string) {
  const pool = new WorkerPool<VitTasks>(1, { VIT_STUDIO_BACKEND: 'wasm' });
  try {
    const { maxRssBytes, loadMs } = await pool.run('vit-load-stats', { folder }, vitReplies['vit-load-stats']);
    return { peakRssMB: Math.round(maxRssBytes / 1e6), loadSeconds: +(loadMs / 1000).toFixed(2), targetMB: 1200, ok: maxRssBytes <= 1.2e9 };
  } finally {
    pool.close();
  }
}

export const modelBench: BenchSection = {
  name: 'model',
  async run() {
    const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
    const vitb = checkpoint('vit-b16');
    const deit = checkpoint('deit-tiny');
    const loading = await loadRss(vitb);
    const vitbSingle = await throughput(vitb, 1, 4, 2);
    const vitbPool = await throughput(vitb, cores, 4 * cores, 2);
    const deitSingle = await throughput(deit, 1, 32, 8);
    const deitPool = await throughput(deit, cores, 32 * cores, 8);
    return {
      backend: 'wasm (1 thread per process)',
      cores,
      vitB16: { loading, single: vitbSingle, pool: vitbPool, poolTargetImagesPerSecond: 1.5 },
      deitTiny: { single: deitSingle, pool: deitPool },
    };
  },
};
