// Cached analyses leave out the images gone since they were computed (engine/data/gone-since.ts).
// Two costs at 100,000 images: the background check of the files (data/missing-files.ts: paths read
// in steps, one listing per folder), with 30 files deleted: its CPU (the whole process: the event
// loop's thread and libuv's), its wall time, and its longest stall of the event loop (the most CPU
// the loop's thread used between two ticks of a 1 ms timer; wall gaps too, which on a busy machine
// include waiting for a core); and what every data.* answer pays to know the images marked missing
// or left out (goneImages) with none, 1,000 and 5,000 of them (median and max of 25 calls, CPU ms).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/main/engine/engine';
import { missingOnDisk } from '../src/main/engine/data/missing-files';
import { goneImages } from '../src/main/engine/data/gone-since';
import type { BenchSection } from './sections';
import { seedWorkspace } from './ui-bench';
import { writeFiles } from './analysis-start-bench';
import { watchEventLoop } from './event-loop-watch';

const TRIALS = 5;
const TARGET_STALL_MS = 20;
const round = (v: number) => Math.round(v * 10) / 10;
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
const stats = (xs: number[]) => ({ median: round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!), max: round(Math.max(...xs)) });

/** One check of every file, with a 1 ms ticker watching the event loop. */
async function timedCheck(engine: Engine, datasetId: number) {
  const stop = watchEventLoop();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const missing = await missingOnDisk(engine.ctx.ws.db, datasetId);
  const wallMs = performance.now() - t0;
  const cpu = cpuMs(process.cpuUsage(c0));
  const { stallWallMs, stallCpuMs } = stop();
  return { missing: missing.size, wallMs, cpuMs: cpu, stallWallMs, stallCpuMs };
}

export const goneCheckBench: BenchSection = {
  name: 'gone-check',
  async run() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-gone-check-bench-'));
    const workspace = path.join(tmp, 'ws');
    const datasetId = seedWorkspace(workspace);
    const root = path.join(tmp, 'images');
    writeFiles(workspace, datasetId, root);
    const engine = new Engine(workspace);
    const db = engine.ctx.ws.db;
    try {
      const rows = db.prepare('SELECT id, rel_path FROM images WHERE dataset_id = ? ORDER BY id LIMIT 30').all(datasetId) as { id: number; rel_path: string }[];
      for (const r of rows) fs.rmSync(path.join(root, r.rel_path));
      const checks = [];
      for (let t = 0; t < TRIALS; t++) checks.push(await timedCheck(engine, datasetId));
      if (checks.some((c) => c.missing !== rows.length)) throw new Error(`gone-check bench: found ${checks.map((c) => c.missing).join(', ')} missing, not ${rows.length}`);
      const answers: Record<string, { median: number; max: number }> = {};
      for (const marked of [0, 1000, 5000]) {
        db.prepare(`UPDATE images SET excluded = CASE WHEN id % 2 = 0 THEN 1 ELSE 0 END, status = CASE WHEN id % 2 = 1 THEN 'missing' ELSE 'ok' END WHERE dataset_id = ? AND id IN (SELECT id FROM images WHERE dataset_id = ? ORDER BY id LIMIT ?)`).run(datasetId, datasetId, marked);
        const cpu: number[] = [];
        for (let i = 0; i < 25; i++) {
          const c0 = process.cpuUsage();
          const gone = goneImages(db, datasetId, new Set());
          cpu.push(cpuMs(process.cpuUsage(c0)));
          if (gone.size !== marked) throw new Error(`gone-check bench: ${gone.size} gone, not ${marked}`);
        }
        answers[`${marked} marked`] = stats(cpu);
      }
      const stallCpu = stats(checks.map((c) => c.stallCpuMs));
      return {
        images: db.prepare('SELECT count(*) FROM images WHERE dataset_id = ?').pluck().get(datasetId),
        deleted: rows.length,
        longestStallCpuMs: { value: stallCpu.max, target: TARGET_STALL_MS, pass: stallCpu.max <= TARGET_STALL_MS },
        check: { cpuMs: stats(checks.map((c) => c.cpuMs)), wallMs: stats(checks.map((c) => c.wallMs)), stallCpuMs: stallCpu, stallWallMs: stats(checks.map((c) => c.stallWallMs)) },
        goneImagesCpuMs: answers,
      };
    } finally {
      engine.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
