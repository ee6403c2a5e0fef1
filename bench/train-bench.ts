// Training bench: feature cache vs. the seed's way (backbone forward every epoch), head training
// speed, and peak RSS during extraction, on a DeiT-tiny-sized random backbone (D=192, 12 layers,
// 3 heads, 224 px). BENCH_TRAIN_IMAGES (default 1000) sets the dataset size (0: head training only).
import fs from 'node:fs';
import path from 'node:path';
import type { BenchSection } from './sections';
import { makeTinyCheckpoint } from '../test/helpers/tiny-vit';
import { makeImageFolder, tmpDir } from '../test/helpers/make-images';
import { initBackend } from '../src/main/model/backend';
import { selectFeatureEngine } from '../src/main/inference/select-engine';
import { loadCheckpoint } from '../src/main/model/checkpoint';
import { preprocessImage } from '../src/main/model/preprocess';
import { FeatureCache } from '../src/main/model/feature-cache';
import { extractMissing } from '../src/main/train/extract';
import { trainHead } from '../src/main/train/head';
import { loadHeadKernel } from '../src/main/native/head-kernel';
import { trainHeadNative } from '../src/main/train/head-native';
import { trainHeadAuto } from '../src/main/train/head-trainer';
import { cleanView } from '../src/main/train/views';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function randomFeatures(n: number, D: number, L: number, seed: number) {
  let s = seed >>> 0 || 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const centres = Float32Array.from({ length: L * D }, () => rand() * 2 - 1);
  const x = new Float32Array(n * D);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = (y[i] = Math.floor(rand() * L));
    for (let d = 0; d < D; d++) x[i * D + d] = centres[c * D + d]! + (rand() * 2 - 1) * 1.5;
  }
  return { x, y };
}

export const trainBench: BenchSection = {
  name: 'train',
  async run() {
    const compute = await initBackend();
    const out: Record<string, unknown> = { tfjs_backend: compute.backend, tfjs_device: compute.device };

    // 1. Head training on 10,000 cached 768-d features, 37 classes, 30 epochs (batch 32).
    {
      const train = randomFeatures(10_000, 768, 37, 1);
      const opts = { dim: 768, numLabels: 37, epochs: 30, lr: 3e-4, batchSize: 32, weightDecay: 0, patience: null, classWeighting: false, seed: 0 };
      // The default: the native kernel (fused AdamW in C), what trainHeadAuto picks when it is built.
      const { kernel, error } = loadHeadKernel();
      out.head_trainer = kernel ? 'native' : `not built: ${error}`;
      let t0 = performance.now();
      if (kernel) {
        out.head_kernel_isa = kernel.isa();
        const head = await trainHeadNative(kernel, train, null, opts);
        out.head_30_epochs_10k_768d_37c_s = round((performance.now() - t0) / 1000);
        out.head_train_acc = round(head.epochs.at(-1)!.trainAcc, 3);
      }
      out.head_target_s = 1;
      // The fallback that runs everywhere: TF.js (WASM here).
      t0 = performance.now();
      await trainHead(train, null, opts);
      out.head_30_epochs_tfjs_s = round((performance.now() - t0) / 1000);
    }

    // 2. Time to a first model: feature cache vs. backbone forward every epoch.
    const n = Number(process.env.BENCH_TRAIN_IMAGES ?? 1000);
    if (!(n > 0)) return out; // BENCH_TRAIN_IMAGES=0: the head figures only
    const epochs = 5;
    const root = tmpDir('vit-train-bench-');
    try {
      const model = makeTinyCheckpoint(path.join(root, 'deit-tiny'), {
        hiddenSize: 192, layers: 12, heads: 3, imageSize: 224, patchSize: 16, intermediateSize: 768, labels: 0, seed: 1, std: 0.02,
      }).folder;
      const classes = ['a', 'b', 'c', 'd'];
      const data = await makeImageFolder(path.join(root, 'data'), classes, Math.ceil(n / classes.length), { width: 256, height: 256 });
      const files = classes.flatMap((c) => fs.readdirSync(path.join(data, c)).map((f) => path.join(data, c, f))).slice(0, n);
      const labels = Int32Array.from(files, (f) => classes.indexOf(path.basename(path.dirname(f))));
      const pre = loadCheckpoint(model).preprocessor;
      const engine = await selectFeatureEngine(model, { cacheDir: path.join(root, 'onnx') });
      out.engine = `${engine.info.engine} (${engine.info.device})`;
      out.images = n;
      out.epochs = epochs;
      try {
        // a) Cache: extract once (streamed, batches of 16), then 5 head epochs on the cached features.
        const cache = new FeatureCache(path.join(root, 'features'));
        let peakRss = process.memoryUsage().rss;
        const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
        const t0 = performance.now();
        const items = files.map((f, i) => ({ hash: `h${i}`, path: f, views: [cleanView()] }));
        // Independent of dataset size: the peak after a quarter of the images vs after all of them.
        let peakAtQuarter = 0;
        await extractMissing(items, {
          engine, cache, modelKey: 'bench', preprocessor: pre,
          onProgress: (p) => {
            if (!peakAtQuarter && p.done >= p.total / 4) peakAtQuarter = Math.max(peakRss, process.memoryUsage().rss);
          },
        });
        clearInterval(rssTimer);
        const x = new Float32Array(n * 192);
        items.forEach((it, i) => cache.readInto('bench', { hash: it.hash, view: 'clean' }, x, i, 192));
        // The head trains as a run would train it (native kernel, else ORT, else TF.js).
        out.first_model_head_trainer = (await trainHeadAuto({ x, y: labels }, null, {
          dim: 192, numLabels: 4, epochs, lr: 3e-4, batchSize: 32, weightDecay: 0, patience: null, classWeighting: false, seed: 0,
        })).trainer;
        const cached = (performance.now() - t0) / 1000;
        cache.close();
        out.cache_first_model_s = round(cached);
        out.extraction_images_per_s = round(n / cached, 1);
        out.peak_rss_extraction_mb = Math.round(peakRss / 2 ** 20);
        out.peak_rss_after_quarter_mb = Math.round(peakAtQuarter / 2 ** 20);
        out.peak_rss_target_mb = 1536;

        // b) Seed's way: every epoch decodes, preprocesses and runs the backbone on every image again.
        const t1 = performance.now();
        for (let e = 0; e < epochs; e++) {
          for (let s = 0; s < n; s += 16) {
            const batch = files.slice(s, s + 16);
            const px = new Float32Array(batch.length * 3 * 224 * 224);
            for (let i = 0; i < batch.length; i++) px.set(await preprocessImage(batch[i]!, pre), i * 3 * 224 * 224);
            await engine.extract(px, batch.length);
          }
        }
        const seedWay = (performance.now() - t1) / 1000;
        out.seed_way_first_model_s = round(seedWay);
        out.speedup = round(seedWay / cached);
        out.speedup_target = 4.5;
      } finally {
        await engine.dispose();
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    return out;
  },
};
