import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { exportRun } from './export';
import { RunsStore } from './runs-store';
import type { BackbonePrecision } from '../../shared/api/runs';

// `run:<id>` as a model spec: a completed run, as the Hugging Face folder it exports to, kept in
// the run's own directory so every later predict ("try an image", the CLI) loads it directly.

const RUN_SPEC = /^run:(\d+)$/;

export function parseRunSpec(spec: string): number | null {
  const m = RUN_SPEC.exec(spec.trim());
  return m ? Number(m[1]) : null;
}

export class RunModelError extends Error {}

/** The part of a workspace a run model needs: its database and where runs keep their files. */
export interface RunsWorkspace {
  db: Database.Database;
  paths: { root: string; runs: string };
}

/**
 * A completed run as a model to predict with: its exported folder (written, atomically, on first
 * use) and the backbone precision its head was trained on (an int8 run predicts on int8 features
 * too, so it gives its own scores).
 */
export function runModel(ws: RunsWorkspace, runId: number): { folder: string; precision: BackbonePrecision } {
  const store = new RunsStore(ws.db);
  const row = store.row(runId);
  const detail = row ? store.detail(runId) : null;
  if (!row || !detail) throw new RunModelError(`Run ${runId} does not exist in ${ws.paths.root}.`);
  if (detail.status !== 'completed' || !row.weights_path) {
    throw new RunModelError(`Run ${runId} has not completed (${detail.status}).`);
  }
  const precision = detail.config.precision ?? 'fp32';
  const folder = path.join(ws.paths.runs, String(runId), 'hf-model');
  if (fs.existsSync(path.join(folder, 'model.safetensors'))) return { folder, precision };
  const tmp = `${folder}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  exportRun(detail.config, row.weights_path, tmp);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.renameSync(tmp, folder);
  return { folder, precision };
}

/** The exported folder of a completed run (see runModel). */
export function runModelFolder(ws: RunsWorkspace, runId: number): string {
  return runModel(ws, runId).folder;
}
