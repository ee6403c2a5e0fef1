// `npm run bench onnx`: ViT-B/16 (random weights) feature throughput on ONNX Runtime CPU —
// forward-only at batch 1 and 8 for fp32 and int8, graph variants and thread layouts, then
// end-to-end extraction of N JPEGs (sharp decode + resize + normalize pipelined with the forward
// pass, which runs on worker threads so decoding never waits for it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createOrtFeatureEngine, type OrtEngineOptions, type OrtFeatureEngine } from '../src/main/onnx/ort-engine';
import { benchJpegs, VIT_B16, vitB16Checkpoint } from './onnx-vitb';
import type { BenchSection } from './sections';

const S = VIT_B16.image;
const PIXELS = 3 * S * S;
const TARGETS = { fp32ImgPerSec: 12, int8SpeedupVsFp32: 2, endToEndVsForward: 0.9 };

function randomPixels(batch: number): Float32Array {
  const out = new Float32Array(batch * PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = Math.sin(i * 0.37) * 1.5;
  return out;
}

const round = (x: number, d = 2) => Number(x.toFixed(d));

/** img/s of forward passes only, keeping `inflight` batches in flight (one per session). */
export async function forwardRate(engine: OrtFeatureEngine, batch: number, images: number, inflight = 1) {
  const px = randomPixels(batch);
  await Promise.all(Array.from({ length: inflight }, () => engine.extract(px, batch))); // warm-up (arena, prepacking)
  const runs = Math.max(inflight, Math.ceil(images / batch));
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (next++ < runs) await engine.extract(px, batch);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    imgPerSec: round((runs * batch) / seconds),
    // Worker-thread CPU time included; contention-robust (2 cores fully used ⇒ img/s = 2000 / this).
    cpuMsPerImage: round((cpu.user + cpu.system) / 1000 / (runs * batch), 0),
  };
}

/** Decode + resize + normalize (mean/std 0.5) one batch of files into NCHW float32. */
async function decodeBatch(files: string[]): Promise<Float32Array> {
  const out = new Float32Array(files.length * PIXELS);
  await Promise.all(
    files.map(async (file, j) => {
      const data = await sharp(file).removeAlpha().resize(S, S, { fit: 'fill', kernel: 'linear' }).raw().toBuffer();
      const base = j * PIXELS;
      for (let i = 0; i < S * S; i++) {
        out[base + i] = data[i * 3]! / 127.5 - 1;
        out[base + S * S + i] = data[i * 3 + 1]! / 127.5 - 1;
        out[base + 2 * S * S + i] = data[i * 3 + 2]! / 127.5 - 1;
      }
    }),
  );
  return out;
}

/** All files through decode → forward, decoding ahead so the sessions never wait for pixels. */
export async function endToEnd(engine: OrtFeatureEngine, files: string[], batch: number, inflight: number) {
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += batch) batches.push(files.slice(i, i + batch));
  const queue: Promise<Float32Array>[] = [];
  let nextBatch = 0;
  const decodeNext = () => {
    if (nextBatch < batches.length) queue.push(decodeBatch(batches[nextBatch++]!));
  };
  for (let i = 0; i <= inflight; i++) decodeNext();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        decodeNext();
        const px = await p;
        await engine.extract(px, px.length / PIXELS);
      }
    }),
  );
  return round(files.length / ((performance.now() - t0) / 1000));
}

async function withEngine<T>(folder: string, options: OrtEngineOptions, fn: (e: OrtFeatureEngine) => Promise<T>) {
  const engine = await createOrtFeatureEngine(folder, options);
  try {
    return { device: engine.info.device, graph: engine.graph, result: await fn(engine) };
  } finally {
    await engine.dispose();
  }
}

export const onnxBench: BenchSection = {
  name: 'onnx',
  async run() {
    const images = Number(process.env.ONNX_BENCH_IMAGES ?? 1000);
    const folder = vitB16Checkpoint();
    // A fresh cache each run so the graph build itself is measured too.
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-studio-onnx-bench-'));
    const load = () => os.loadavg().map((l) => round(l, 1));
    const report: Record<string, unknown> = { model: 'ViT-B/16 224 (random weights)', loadAvgStart: load(), targets: TARGETS };
    try {
      const forward: Record<string, unknown> = {};
      for (const precision of ['fp32', 'int8'] as const) {
        // Default layout (2 sessions × 1 thread on 2 cores): batch 1 = one request at a time (latency).
        const built = await withEngine(folder, { cacheDir, device: 'cpu', precision }, async (e) => ({
          batch1: await forwardRate(e, 1, precision === 'int8' ? 16 : 8),
          batch8: await forwardRate(e, 8, 32, e.parallelBatches),
        }));
        report[`${precision}Graph`] = { buildMs: round(built.graph.buildMs, 0), megabytes: round(built.graph.bytes / 2 ** 20, 1) };
        forward[built.device] = built.result;
        const alt = await withEngine(folder, { cacheDir, device: 'cpu', precision, attention: 'onnx' }, (e) => forwardRate(e, 8, 32, e.parallelBatches));
        forward[`${alt.device}, attention=onnx (standard ops)`] = { batch8: alt.result };
        const one = await withEngine(folder, { cacheDir, device: 'cpu', precision, sessions: 1 }, async (e) => ({
          batch1: await forwardRate(e, 1, precision === 'int8' ? 16 : 8),
          batch8: await forwardRate(e, 8, 32),
        }));
        forward[one.device] = one.result;
        const spin = await withEngine(folder, { cacheDir, device: 'cpu', precision, sessions: 1, spinWait: true }, (e) => forwardRate(e, 8, 32));
        forward[`${spin.device}, spinWait`] = { batch8: spin.result };
      }
      report.forward = forward;

      const files = await benchJpegs(images);
      const e2e: Record<string, unknown> = {};
      for (const precision of ['fp32', 'int8'] as const) {
        const r = await withEngine(folder, { cacheDir, device: 'cpu', precision }, async (e) => {
          const before = await forwardRate(e, 8, 32, e.parallelBatches);
          const endToEndRate = await endToEnd(e, files, 8, e.parallelBatches);
          const after = await forwardRate(e, 8, 32, e.parallelBatches);
          // Forward-only measured on both sides of the end-to-end run, to average out shifting load.
          const forwardOnly = (before.imgPerSec + after.imgPerSec) / 2;
          return { forwardOnly: round(forwardOnly), endToEnd: endToEndRate, ratio: round(endToEndRate / forwardOnly) };
        });
        e2e[`${r.device}, ${images} JPEGs 320×240, batch 8`] = r.result;
      }
      report.endToEnd = e2e;
      report.loadAvgEnd = load();
      return report;
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  },
};
