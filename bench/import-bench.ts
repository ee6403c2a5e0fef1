// Import and thumbnail throughput on a folder of 10,000 640×480 JPEGs (10 classes × 1,000).
// The folder is generated once and kept in the OS temp dir between runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Engine } from '../src/main/engine/engine';
import { renderThumbnail } from '../src/main/engine/thumbnails';
import { jpegThumbnailCounts, loadJpegThumbnailer } from '../src/main/native/jpeg-thumbnail';
import type { BenchSection } from './sections';

const COUNT = Number(process.env.IMPORT_BENCH_COUNT ?? 10_000);
const CLASSES = 10;
const WIDTH = 640;
const HEIGHT = 480;

async function generate(dir: string): Promise<void> {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  // A photo-like base: smooth gradients plus noise, so JPEGs have realistic sizes (~40-60 KB).
  const base = Buffer.alloc(WIDTH * HEIGHT * 3);
  let s = 12345;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const n = (s >>> 24) % 40;
      const i = (y * WIDTH + x) * 3;
      base[i] = (x * 255) / WIDTH * 0.7 + n;
      base[i + 1] = (y * 255) / HEIGHT * 0.7 + n;
      base[i + 2] = 128 + Math.sin(x / 17 + y / 23) * 60 + n / 2;
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < COUNT) {
      const i = next++;
      const cls = `class_${i % CLASSES}`;
      const pixels = Buffer.from(base);
      // A distinct block per image so every file has its own content hash.
      for (let k = 0; k < 64; k++) pixels[((i * 7919 + k * 4801) % (WIDTH * HEIGHT)) * 3] = (i * 31 + k) & 0xff;
      pixels.writeUInt32LE(i, 0);
      const file = path.join(dir, cls, `${cls}_${i}.jpg`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).jpeg({ quality: 85 }).toFile(file);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  fs.writeFileSync(marker, String(COUNT));
}

export const importBench: BenchSection = {
  name: 'import',
  async run() {
    const dir = path.join(os.tmpdir(), `vit-bench-import-${COUNT}`);
    const tg = performance.now();
    await generate(dir);
    const generateSeconds = (performance.now() - tg) / 1000;
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-bench-ws-'));
    const engine = new Engine(ws);
    try {
      const t0 = performance.now();
      const report = await engine.invoke('datasets.import', { folder: dir, labelsFrom: 'folders' });
      const importSeconds = (performance.now() - t0) / 1000;
      // "Browsable": the first grid page answers.
      const tq = performance.now();
      const page = await engine.invoke('images.query', { datasetId: report.dataset, limit: 200 });
      const firstPageMs = performance.now() - tq;

      const t1 = performance.now();
      const rescan = await engine.invoke('datasets.rescan', { datasetId: report.dataset });
      const rescanSeconds = (performance.now() - t1) / 1000;

      // Thumbnails with every core busy: sharp work runs on libuv threads, so keep several in flight.
      const sample = page.items.length ? (await engine.invoke('images.query', { datasetId: report.dataset, limit: 1000 })).items : [];
      const concurrency = Math.max(4, os.availableParallelism() * 2);
      let next = 0;
      const native = jpegThumbnailCounts.rendered;
      const cpu = process.cpuUsage();
      const t2 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < sample.length) {
            const img = sample[next++]!;
            await renderThumbnail(path.join(dir, img.relPath), 256);
          }
        }),
      );
      const thumbSeconds = (performance.now() - t2) / 1000;
      // The whole process's CPU (every libuv and libvips thread) while only thumbnails were rendered.
      const thumbCpu = process.cpuUsage(cpu);
      return {
        images: report.images,
        skipped: report.skipped.length,
        generateSeconds: Math.round(generateSeconds * 10) / 10,
        importSeconds: Math.round(importSeconds * 100) / 100,
        importTargetSeconds: 10,
        importImagesPerSecond: Math.round(report.images / importSeconds),
        firstPageMs: Math.round(firstPageMs * 10) / 10,
        rescanUnchangedSeconds: Math.round(rescanSeconds * 100) / 100,
        rescanAdded: rescan.added,
        thumbnails: sample.length,
        thumbnailsPerSecond: Math.round(sample.length / thumbSeconds),
        thumbnailsTargetPerSecond: 250,
        thumbnailConcurrency: concurrency,
        thumbnailCpuMsPerImage: Math.round(((thumbCpu.user + thumbCpu.system) / 1000 / Math.max(1, sample.length)) * 100) / 100,
        thumbnailsByNativeJpeg: jpegThumbnailCounts.rendered - native,
        thumbnailRenderer: loadJpegThumbnailer().error ?? 'native JPEG thumbnailer',
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      };
    } finally {
      engine.close();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  },
};
