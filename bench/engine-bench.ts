// Engine latency bench (#12, "nothing blocks the UI"): the requests the screens fire all the time,
// timed through Engine.invoke on a workspace of 100,000 images seeded as the grid and map benches
// seed it. The engine answers one request at a time on its event loop (SQLite is synchronous), so
// each of these blocks every other request while it runs. "before" times, on the same database in
// the same run, the SQL these calls ran before migration 008 (a scan of the images per count;
// test/main/engine/scan-counts.ts): three fingerprint scans and the unlabelled count for
// data.summary, one count per label for labels.list, the summary scan for datasets.list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/main/engine/engine';
import { scanDatasetCounts, scanFingerprintSums, scanLabelCounts } from '../test/main/engine/scan-counts';
import type { BenchSection } from './sections';
import { seedWorkspace } from './ui-bench';

const CALLS = 25;
const TARGET_MS = 20;

/** p50 and max over CALLS calls, in ms of this process's CPU time (user+sys) and of wall time. */
async function timed(call: () => unknown): Promise<{ p50CpuMs: number; maxCpuMs: number; p50WallMs: number; maxWallMs: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await call();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50CpuMs: round(p50(cpu)), maxCpuMs: round(Math.max(...cpu)), p50WallMs: round(p50(wall)), maxWallMs: round(Math.max(...wall)) };
}

export const engineBench: BenchSection = {
  name: 'engine',
  async run() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-engine-bench-'));
    const c0 = process.cpuUsage();
    const datasetId = seedWorkspace(path.join(tmp, 'ws'));
    const seed = process.cpuUsage(c0);
    const engine = new Engine(path.join(tmp, 'ws'));
    const db = engine.ctx.ws.db;
    try {
      const images = db.prepare('SELECT count(*) FROM images WHERE dataset_id = ?').pluck().get(datasetId) as number;
      const calls: Record<string, { now: () => unknown; before: () => unknown }> = {
        'data.summary': {
          now: () => engine.invoke('data.summary', { datasetId }),
          before: () => {
            for (let k = 0; k < 3; k++) scanFingerprintSums(db, datasetId);
            return scanDatasetCounts(db, datasetId);
          },
        },
        'labels.list': { now: () => engine.invoke('labels.list', { datasetId }), before: () => scanLabelCounts(db, datasetId) },
        'datasets.list': { now: () => engine.invoke('datasets.list', {}), before: () => scanDatasetCounts(db, datasetId) },
        'datasets.get': { now: () => engine.invoke('datasets.get', { datasetId }), before: () => scanDatasetCounts(db, datasetId) },
      };
      const results: Record<string, unknown> = {};
      for (const [name, c] of Object.entries(calls)) {
        const now = await timed(c.now);
        const before = await timed(c.before);
        results[name] = { ...now, target: TARGET_MS, pass: now.maxCpuMs <= TARGET_MS, before: { p50CpuMs: before.p50CpuMs, maxCpuMs: before.maxCpuMs } };
      }
      return { images, calls: CALLS, seedCpuSeconds: Number(((seed.user + seed.system) / 1e6).toFixed(2)), ...results };
    } finally {
      engine.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
