// Starting a data-loop analysis at 100,000 images (#12's leftover; rule 5: the engine's event loop
// never freezes). Planning a job reads every image row, checks every file on disk and starts the
// worker; the engine answers other requests only between its event-loop tasks. Measured per start
// of data.labelIssues: the longest event-loop stall (the largest gap between ticks of a 1 ms timer
// in wall ms, and the most CPU the event loop's thread used in one such gap), the time until the request is answered
// (wall and CPU), and how long a grid page asked 20 ms into the start waits for its answer.
// "before": the same request planned with the reading as it was (one query, a synchronous stat
// per file: test/main/engine/data/sync-dataset-items.ts); "now": through Engine.invoke. The two
// alternate, TRIALS times each, each start cancelled at once (its worker killed). Then the same for
// train.start (a run of a tiny checkpoint, cancelled at once), now only. The dataset is the grid
// bench's (seedWorkspace), pointed at 100,000 real (empty) files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/main/engine/engine';
import { AnalysisJobs } from '../src/main/engine/data/analysis-jobs';
import { planKfold } from '../src/main/engine/data/kfold-analysis';
import { syncDatasetRead } from '../test/main/engine/data/sync-dataset-items';
import type { BenchSection } from './sections';
import { watchEventLoop } from './event-loop-watch';
import { seedWorkspace } from './ui-bench';
import { makeTinyCheckpoint } from '../test/helpers/tiny-vit';

const TRIALS = 5;
const TARGET_STALL_MS = 20;
const MODEL = 'bench/backbone';

/** Gives the seeded dataset real files: an empty file per image, its row's size and mtime matching. */
export function writeFiles(workspace: string, datasetId: number, root: string): void {
  const engine = new Engine(workspace);
  const db = engine.ctx.ws.db;
  try {
    const rows = db.prepare('SELECT id, rel_path FROM images WHERE dataset_id = ?').all(datasetId) as { id: number; rel_path: string }[];
    const update = db.prepare('UPDATE images SET bytes = 0, mtime_ms = ? WHERE id = ?');
    db.transaction(() => {
      for (const r of rows) {
        const file = path.join(root, r.rel_path);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, '');
        update.run(Math.trunc(fs.statSync(file).mtimeMs), r.id);
      }
      db.prepare('UPDATE datasets SET root = ? WHERE id = ?').run(root, datasetId);
    })();
  } finally {
    engine.close();
  }
}

interface Trial {
  acceptWallMs: number;
  acceptCpuMs: number;
  stallWallMs: number;
  stallCpuMs: number;
  stallBoundMs: number;
  gridPageWaitMs: number;
}

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** Runs `start` with a 1 ms ticker and a grid page asked 20 ms in; what the event loop went through. */
async function measure(start: () => Promise<unknown>, gridPage: () => Promise<unknown>): Promise<Trial> {
  const stop = watchEventLoop();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let gridAnswered: Promise<number> = Promise.resolve(0);
  const asked = setTimeout(() => {
    gridAnswered = gridPage().then(() => performance.now() - (t0 + 20));
  }, 20);
  await start();
  const acceptWallMs = performance.now() - t0;
  const acceptCpuMs = cpuMs(process.cpuUsage(c0));
  await new Promise((r) => setTimeout(r, 25));
  const stalls = stop();
  clearTimeout(asked);
  return { acceptWallMs, acceptCpuMs, ...stalls, gridPageWaitMs: await gridAnswered };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (v: number) => Math.round(v * 10) / 10;

function summary(trials: Trial[]) {
  const fig = (k: keyof Trial) => ({ median: round(median(trials.map((t) => t[k]))), max: round(Math.max(...trials.map((t) => t[k]))) });
  return { stallWallMs: fig('stallWallMs'), stallCpuMs: fig('stallCpuMs'), stallBoundMs: fig('stallBoundMs'), acceptWallMs: fig('acceptWallMs'), acceptCpuMs: fig('acceptCpuMs'), gridPageWaitMs: fig('gridPageWaitMs') };
}

export const analysisStartBench: BenchSection = {
  name: 'analysis-start',
  async run() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-analysis-start-bench-'));
    const workspace = path.join(tmp, 'ws');
    const datasetId = seedWorkspace(workspace);
    writeFiles(workspace, datasetId, path.join(tmp, 'images'));
    const engine = new Engine(workspace);
    const db = engine.ctx.ws.db;
    const before = new AnalysisJobs(engine.ctx);
    try {
      const images = db.prepare('SELECT count(*) FROM images WHERE dataset_id = ?').pluck().get(datasetId) as number;
      const gridPage = () => engine.invoke('images.query', { datasetId, offset: 50_000 });
      const sides = {
        before: async () => {
          const view = await before.request('kfold', datasetId, MODEL, true, async () => planKfold(engine.ctx.ws, datasetId, MODEL, syncDatasetRead(db, datasetId)));
          if (view.status !== 'running') throw new Error(`analysis-start bench: the old start answered ${view.status}`);
          before.cancel(datasetId);
        },
        now: async () => {
          const reply = await engine.invoke('data.labelIssues', { datasetId, model: MODEL, retry: true });
          if (reply.status !== 'running') throw new Error(`analysis-start bench: the start answered ${reply.status}`);
          await engine.invoke('data.cancel', { datasetId });
        },
      };
      const trials: Record<keyof typeof sides, Trial[]> = { before: [], now: [] };
      for (let t = 0; t < TRIALS; t++) {
        for (const side of t % 2 ? (['now', 'before'] as const) : (['before', 'now'] as const)) trials[side].push(await measure(sides[side], gridPage));
      }
      // Starting a run reads and checks the labelled images the same way (runs/training-set.ts).
      const model = makeTinyCheckpoint(path.join(tmp, 'tiny')).folder;
      const runs: Trial[] = [];
      for (let t = 0; t < TRIALS; t++) {
        runs.push(await measure(async () => {
          const { runId } = await engine.invoke('train.start', { datasetId, model, epochs: 1 });
          await engine.invoke('train.cancel', { runId });
        }, gridPage));
      }
      const now = summary(trials.now);
      return {
        images,
        trials: TRIALS,
        longestStallCpuMs: { value: now.stallCpuMs.max, target: TARGET_STALL_MS, pass: now.stallCpuMs.max <= TARGET_STALL_MS },
        now,
        before: summary(trials.before),
        trainStart: summary(runs),
      };
    } finally {
      engine.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
