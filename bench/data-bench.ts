// Data-loop bench (#12), every figure measured in the real worker process on features read from
// a real feature cache (as after extraction): label issues on 10,000 × 768 features, 37 classes;
// the map of 10,000 and 100,000 points with the worker's peak RSS; near-duplicate groups and
// "more like this" queries on 100,000 × 768. Features are generated: clusters whose spread lies
// mostly in 32 directions (like real embeddings), 10 % of the 10k labels flipped, 50 planted
// near-duplicate pairs in the 100k set.
import fs from 'node:fs';
import path from 'node:path';
import type { BenchSection } from './sections';
import { makeTinyCheckpoint } from '../test/helpers/tiny-vit';
import { tmpDir } from '../test/helpers/make-images';
import { noisyFeatures } from '../test/helpers/noisy-features';
import { loadModelConfig } from '../src/main/model/checkpoint';
import { modelCacheKey } from '../src/main/train/run-task';
import { FeatureCache } from '../src/main/model/feature-cache';
import { startAnalysisProcess, type AnalysisTaskName } from '../src/main/engine/data/analysis-process';
import { rerankByCosine } from '../src/main/engine/data/neighbors-analysis';
import { nearDuplicateGroups } from '../src/shared/data/near-duplicates';
import { nearestRows } from '../src/shared/data/nearest';
import { packItems, type PackedItems } from '../src/shared/data/packed-items';
import type { ArgsOf, ResultOf } from '../src/main/workers/protocol';
import type { WorkerTasks } from '../src/main/tasks/registry';

const D = 768;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const hashOf = (set: string, i: number) => `${set}${i.toString(16).padStart(12, '0')}`;

/**
 * Runs one worker task in its own process: wall time, the process's CPU time (user + system, so a
 * figure that holds on a busy shared machine too) and its peak RSS (VmHWM), from /proc on Linux.
 */
async function timedTask<N extends AnalysisTaskName>(task: N, args: ArgsOf<WorkerTasks, N>) {
  process.stderr.write(`bench data: ${task} on ${(args as { items: PackedItems }).items.count} images…\n`);
  const t0 = performance.now();
  const proc = startAnalysisProcess(task, args, () => {});
  let peakKb = 0;
  let cpuTicks = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
      const stat = fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpuTicks = Number(stat[11]) + Number(stat[12]); // utime + stime, fields 14 and 15
    } catch {
      // not Linux, or the process is gone
    }
  }, 100);
  try {
    const result = (await proc.result) as ResultOf<WorkerTasks, N>;
    const seconds = round((performance.now() - t0) / 1000);
    process.stderr.write(`bench data: ${task} done in ${seconds} s (cpu ${round(cpuTicks / 100)} s)\n`);
    return { result, seconds, cpuSeconds: cpuTicks ? round(cpuTicks / 100) : null, peakRssMb: peakKb ? Math.round(peakKb / 1024) : null };
  } finally {
    clearInterval(poll);
  }
}

export const dataBench: BenchSection = {
  name: 'data',
  async run() {
    const root = tmpDir('vit-bench-data-');
    try {
      const model = makeTinyCheckpoint(path.join(root, 'backbone'), { hiddenSize: D, layers: 1, heads: 12, imageSize: 32, patchSize: 16, labels: 0, seed: 1 }).folder;
      const modelKey = modelCacheKey(model, await loadModelConfig(model), 'fp32');
      const paths = { features: path.join(root, 'features'), graphs: path.join(root, 'graphs') };
      const features = { model, revision: null, paths };
      const cache = new FeatureCache(paths.features);
      const fill = (set: string, x: Float32Array, n: number) => {
        for (let s = 0; s < n; s += 2000) {
          const rows = [];
          for (let i = s; i < Math.min(n, s + 2000); i++) rows.push({ key: { hash: hashOf(set, i), view: 'clean' }, vec: x.subarray(i * D, (i + 1) * D) });
          cache.put(modelKey, rows);
        }
      };
      const out: Record<string, unknown> = {};

      // 1. Label issues: 10,000 × 768, 37 classes, 10 % flipped.
      const small = noisyFeatures(10_000, D, 37, 0.1, 3, 2, 32);
      fill('a', small.x, 10_000);
      const items10k = Array.from({ length: 10_000 }, (_, i) => ({ hash: hashOf('a', i), path: '/missing' }));
      const kfold = await timedTask('data.kfold', { jobId: 'bench', features, items: packItems(items10k, small.labels), labels: 37, folds: 5, seed: 0 });
      const flipped = new Set(small.flipped);
      const hits = kfold.result.issues.filter(([item]) => flipped.has(item)).length;
      out.label_issues_10k_768d_37_classes = {
        seconds: kfold.seconds,
        cpu_seconds: kfold.cpuSeconds,
        target_seconds: 5,
        flagged: kfold.result.issues.length,
        flipped: flipped.size,
        precision: round(hits / Math.max(1, kfold.result.issues.length), 3),
        recall: round(hits / flipped.size, 3),
        out_of_fold_accuracy: round(kfold.result.outOfFoldAccuracy, 3),
        peak_rss_mb: kfold.peakRssMb,
        phases: kfold.result.phases,
      };

      // 2. 100,000 × 768 with 50 planted near-duplicate pairs (a copy plus 1 % noise).
      const big = noisyFeatures(100_000, D, 50, 0, 4, 2, 32).x;
      for (let k = 0; k < 50; k++) {
        const [a, b] = [k * 1999, k * 1999 + 1000];
        for (let d = 0; d < D; d++) big[b * D + d] = big[a * D + d]! * (1 + 0.01 * Math.sin(d + k));
      }
      fill('b', big, 100_000);
      const items100 = Array.from({ length: 100_000 }, (_, i) => ({ hash: hashOf('b', i), path: '/missing' }));
      const neighbors = await timedTask('data.neighbors', { jobId: 'bench', features, items: packItems(items100), base: path.join(root, 'n100k') });
      const t0 = performance.now();
      const knn = new Int32Array(fs.readFileSync(path.join(root, 'n100k.knn.i32')).buffer.slice(0));
      const sims = new Float32Array(fs.readFileSync(path.join(root, 'n100k.sims.f32')).buffer.slice(0));
      const groups = nearDuplicateGroups(knn, sims, 100_000, neighbors.result.k, 0.95);
      const groupSeconds = (performance.now() - t0) / 1000;
      const planted = Array.from({ length: 50 }, (_, k) => k).filter((k) => groups.some((g) => g.members.includes(k * 1999) && g.members.includes(k * 1999 + 1000))).length;
      out.near_duplicates_100k = {
        seconds: round(neighbors.seconds + groupSeconds),
        target_seconds: 30,
        index_seconds: neighbors.seconds,
        index_cpu_seconds: neighbors.cpuSeconds,
        grouping_seconds: round(groupSeconds, 3),
        groups: groups.length,
        planted_pairs_found: `${planted}/50`,
        peak_rss_mb: neighbors.peakRssMb,
        index_phases: neighbors.result.phases,
      };

      // 3. "More like this" on 100,000 × 768: PCA-space scan + re-scoring with cached features.
      const reduced = new Float32Array(fs.readFileSync(path.join(root, 'n100k.reduced.f32')).buffer.slice(0));
      const times: number[] = [];
      let copyFirst = 0;
      for (let q = 0; q < 50; q++) {
        const self = q * 1999;
        const t = performance.now();
        const rows = nearestRows(reduced, 100_000, neighbors.result.p, self, 30); // k = 10: 2k + 10 candidates, as data.similar
        const top = rerankByCosine(cache, modelKey, D, hashOf('b', self), rows.map((i) => ({ id: i, hash: hashOf('b', i) })))!;
        times.push(performance.now() - t);
        if (top[0]![1] === self + 1000) copyFirst++;
      }
      times.sort((a, b) => a - b);
      out.similar_query_100k_768d = { mean_ms: round(times.reduce((a, b) => a + b, 0) / times.length, 1), p95_ms: round(times[Math.floor(times.length * 0.95)]!, 1), target_ms: 50, planted_copy_ranked_first: `${copyFirst}/50` };

      // 4. Map of 10,000 points.
      const map10 = await timedTask('data.map', { jobId: 'bench', features, items: packItems(items10k), base: path.join(root, 'n10k') });
      let agree = 0;
      for (let i = 0; i < 1000; i++) {
        const near = Array.from({ length: 10_000 }, (_, j) => [j === i ? Infinity : (map10.result.x[i]! - map10.result.x[j]!) ** 2 + (map10.result.y[i]! - map10.result.y[j]!) ** 2, j] as const)
          .sort((a, b) => a[0] - b[0])
          .slice(0, 10);
        agree += near.filter(([, j]) => small.truth[j] === small.truth[i]).length;
      }
      out.map_10k = { seconds: map10.seconds, cpu_seconds: map10.cpuSeconds, target_seconds: 15, peak_rss_mb: map10.peakRssMb, knn10_label_agreement_2d: round(agree / 10_000, 3), neighbours_phases: map10.result.neighbors.phases };

      // 5. Map of 100,000 points (the neighbours again, then the layout).
      const map100 = await timedTask('data.map', { jobId: 'bench', features, items: packItems(items100), base: path.join(root, 'm100k') });
      out.map_100k = { seconds: map100.seconds, cpu_seconds: map100.cpuSeconds, target_seconds: 120, peak_rss_mb: map100.peakRssMb, target_rss_mb: 1536 };
      cache.close();
      return out;
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
};
