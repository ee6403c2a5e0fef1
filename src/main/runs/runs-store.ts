import type Database from 'better-sqlite3';
import { ApiFailure } from '../../shared/result';
import type { PredictionItem, RunConfig, RunDetail, RunEpoch, RunStatus, RunSummary, RunTestMetrics } from '../../shared/api/runs';
import type { Split } from '../../shared/types';
import type { RunTaskResult } from '../tasks/registry';
import type { SkippedImage } from './disk-check';
import { TimeSlice } from './image-rows';
import type { RunImages } from './training-set';

// Every read and write of the runs tables. One transaction per logical write (a new run's images:
// see create).

/** A new run's images written per transaction: about a millisecond of SQLite each. */
const IMAGES_PER_WRITE = 250;

interface RunRow {
  id: number;
  dataset_id: number;
  status: RunStatus;
  config: string;
  created_at: string;
  finished_at: string | null;
  error: string | null;
  worker_pid: number | null;
  best_epoch: number | null;
  weights_path: string | null;
  skipped: string | null;
  name: string | null;
  note: string | null;
  parent_run_id: number | null;
  extraction_s: number | null;
  training_s: number | null;
  images_per_s: number | null;
  extracted: number | null;
  cached: number | null;
}

export class RunsStore {
  constructor(private readonly db: Database.Database) {}

  /**
   * A new queued run and its images. The images go in chunks, each a transaction, with the event
   * loop let through between them: 90,000 rows in one transaction held it for ~0.4 s (rule 5). The
   * run stays 'queued' until its process starts, and a queued run whose engine ended is marked
   * interrupted at the next start (markInterrupted): a run cut short here never passes for whole.
   */
  async create(datasetId: number, config: RunConfig, images: RunImages, skipped: SkippedImage[] = []): Promise<number> {
    const id = Number(
      this.db
        .prepare("INSERT INTO runs (dataset_id, status, config, skipped) VALUES (?, 'queued', ?, ?)")
        .run(datasetId, JSON.stringify(config), JSON.stringify(skipped)).lastInsertRowid,
    );
    const ins = this.db.prepare('INSERT INTO run_images (run_id, image_id, label_id, split) VALUES (?, ?, ?, ?)');
    const slice = new TimeSlice();
    const { imageIds, labelIds, splits } = images;
    for (let start = 0; start < imageIds.length; start += IMAGES_PER_WRITE) {
      if (slice.spent) await slice.next();
      this.db.transaction(() => {
        for (let i = start; i < Math.min(start + IMAGES_PER_WRITE, imageIds.length); i++) ins.run(id, imageIds[i], labelIds[i], splits[i]);
      }).immediate();
    }
    return id;
  }

  row(runId: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  }

  setRunning(runId: number, pid: number): void {
    this.db.prepare("UPDATE runs SET status = 'running', worker_pid = ? WHERE id = ?").run(pid, runId);
  }

  updateConfig(runId: number, patch: Partial<RunConfig>): void {
    const row = this.row(runId);
    if (!row) return;
    this.db.prepare('UPDATE runs SET config = ? WHERE id = ?').run(JSON.stringify({ ...JSON.parse(row.config), ...patch }), runId);
  }

  addEpoch(runId: number, e: RunEpoch): void {
    this.db
      .prepare('INSERT OR REPLACE INTO run_epochs (run_id, epoch, train_loss, train_acc, val_loss, val_acc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(runId, e.epoch, e.trainLoss, e.trainAcc, e.valLoss, e.valAcc);
  }

  /** Ends a run that did not complete; a run already finished is left as it is. */
  finish(runId: number, status: Exclude<RunStatus, 'queued' | 'running' | 'completed'>, error: string | null): void {
    this.db
      .prepare(
        "UPDATE runs SET status = ?, error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status IN ('queued', 'running')",
      )
      .run(status, error, runId);
  }

  complete(runId: number, r: RunTaskResult, labels: { id: number }[]): void {
    this.db.transaction(() => {
      this.updateConfig(runId, { trainer: r.trainer });
      // Epoch rows came one by one; the final list is authoritative.
      this.db.prepare('DELETE FROM run_epochs WHERE run_id = ?').run(runId);
      for (const e of r.epochs) this.addEpoch(runId, e);
      if (r.test) {
        this.db
          .prepare('INSERT OR REPLACE INTO run_metrics (run_id, accuracy, macro_f1, weighted_f1, per_class, confusion, count) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(runId, r.test.accuracy, r.test.macroF1, r.test.weightedF1, JSON.stringify(r.test.perClass), JSON.stringify(r.test.confusion), r.test.count);
      }
      const ins = this.db.prepare(
        'INSERT OR REPLACE INTO run_predictions (run_id, image_id, split, true_label_id, predicted_label_id, confidence, top_k) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const p of r.predictions) {
        const topK = p.topK.map(([c, s]) => [labels[c]!.id, s]);
        ins.run(runId, p.imageId, p.split, labels[p.trueLabel]?.id ?? null, labels[p.predicted]!.id, p.confidence, JSON.stringify(topK));
      }
      this.db
        .prepare(
          `UPDATE runs SET status = 'completed', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), best_epoch = ?, weights_path = ?,
             extraction_s = ?, training_s = ?, images_per_s = ?, extracted = ?, cached = ? WHERE id = ?`,
        )
        .run(r.bestEpoch, r.weightsPath, r.timings.extractionSeconds, r.timings.trainingSeconds, r.timings.imagesPerSecond, r.timings.extracted, r.timings.cached, runId);
    }).immediate();
  }

  /** Whether any run is queued or running (in this process or another on the same workspace). */
  hasActiveRuns(): boolean {
    return this.db.prepare("SELECT 1 FROM runs WHERE status IN ('queued', 'running') LIMIT 1").get() !== undefined;
  }

  /** Runs left 'queued'/'running' by a process that is gone. */
  markInterrupted(isAlive: (pid: number) => boolean): number[] {
    return this.db.transaction(() => {
      const rows = this.db.prepare("SELECT id, worker_pid FROM runs WHERE status IN ('queued', 'running')").all() as { id: number; worker_pid: number | null }[];
      const dead = rows.filter((r) => r.worker_pid === null || !isAlive(r.worker_pid)).map((r) => r.id);
      const upd = this.db.prepare(
        "UPDATE runs SET status = 'interrupted', error = 'the training process ended before the run finished', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
      );
      for (const id of dead) upd.run(id);
      return dead;
    }).immediate();
  }

  private summary(row: RunRow): RunSummary {
    const config = JSON.parse(row.config) as RunConfig;
    const m = this.db.prepare('SELECT accuracy, macro_f1 FROM run_metrics WHERE run_id = ?').get(row.id) as { accuracy: number; macro_f1: number } | undefined;
    return {
      id: row.id,
      datasetId: row.dataset_id,
      status: row.status,
      model: config.fromScratch ? 'from scratch' : config.model,
      fromScratch: config.fromScratch,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      testAccuracy: m?.accuracy ?? null,
      macroF1: m?.macro_f1 ?? null,
      bestEpoch: row.best_epoch,
      error: row.error,
      name: row.name,
      note: row.note,
      parentRunId: row.parent_run_id,
      epochCount: config.epochs,
      augment: config.augment,
      views: config.views,
      seconds: row.status === 'completed' ? (row.extraction_s ?? 0) + (row.training_s ?? 0) : null,
    };
  }

  summaryOf(runId: number): RunSummary | null {
    const row = this.row(runId);
    return row ? this.summary(row) : null;
  }

  list(datasetId?: number): RunSummary[] {
    const rows = (datasetId === undefined
      ? this.db.prepare('SELECT * FROM runs ORDER BY id DESC').all()
      : this.db.prepare('SELECT * FROM runs WHERE dataset_id = ? ORDER BY id DESC').all(datasetId)) as RunRow[];
    return rows.map((r) => this.summary(r));
  }

  detail(runId: number): RunDetail | null {
    const row = this.row(runId);
    if (!row) return null;
    const config = JSON.parse(row.config) as RunConfig;
    const epochs = (this.db.prepare('SELECT * FROM run_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as Record<string, number | null>[]).map(
      (e) => ({ epoch: e.epoch!, trainLoss: e.train_loss!, trainAcc: e.train_acc!, valLoss: e.val_loss ?? null, valAcc: e.val_acc ?? null }),
    );
    const m = this.db.prepare('SELECT * FROM run_metrics WHERE run_id = ?').get(runId) as
      | { accuracy: number; macro_f1: number; weighted_f1: number; per_class: string; confusion: string; count: number }
      | undefined;
    const test: RunTestMetrics | null = m
      ? {
          accuracy: m.accuracy,
          macroF1: m.macro_f1,
          weightedF1: m.weighted_f1,
          perClass: (JSON.parse(m.per_class) as RunTestMetrics['perClass']).map((c, i) => ({ ...c, labelId: config.labels[i]!.id, name: config.labels[i]!.name })),
          confusion: JSON.parse(m.confusion),
          count: m.count,
        }
      : null;
    const counts = { train: 0, val: 0, test: 0 };
    for (const r of this.db.prepare('SELECT split, count(*) AS n FROM run_images WHERE run_id = ? GROUP BY split').all(runId) as { split: Split; n: number }[]) {
      counts[r.split] = r.n;
    }
    return {
      ...this.summary(row),
      config,
      epochs,
      test,
      timings:
        row.status === 'completed'
          ? {
              extractionSeconds: row.extraction_s ?? 0,
              trainingSeconds: row.training_s ?? 0,
              imagesPerSecond: row.images_per_s ?? 0,
              extracted: row.extracted ?? 0,
              cached: row.cached ?? 0,
            }
          : null,
      images: counts,
      skippedImages: JSON.parse(row.skipped ?? '[]') as SkippedImage[],
    };
  }

  /** The run, or a not_found failure. */
  requireDetail(runId: number): RunDetail {
    const detail = this.detail(runId);
    if (!detail) throw new ApiFailure('not_found', `Run ${runId} does not exist.`);
    return detail;
  }

  predictions(q: {
    runId: number;
    split?: Split;
    errorsOnly: boolean;
    labelId?: number;
    trueLabelId?: number;
    predictedLabelId?: number;
    minConf?: number;
    maxConf?: number;
    sort: 'confidence' | '-confidence' | 'path' | 'image';
    offset: number;
    limit: number;
  }): { total: number; items: PredictionItem[] } {
    const row = this.row(q.runId);
    if (!row) return { total: 0, items: [] };
    const config = JSON.parse(row.config) as RunConfig;
    const names = new Map(config.labels.map((l) => [l.id, l.name]));
    const where = ['p.run_id = ?'];
    const params: unknown[] = [q.runId];
    if (q.split) (where.push('p.split = ?'), params.push(q.split));
    if (q.errorsOnly) where.push('(p.true_label_id IS NULL OR p.predicted_label_id != p.true_label_id)');
    if (q.labelId !== undefined) (where.push('(p.true_label_id = ? OR p.predicted_label_id = ?)'), params.push(q.labelId, q.labelId));
    if (q.trueLabelId !== undefined) (where.push('p.true_label_id = ?'), params.push(q.trueLabelId));
    if (q.predictedLabelId !== undefined) (where.push('p.predicted_label_id = ?'), params.push(q.predictedLabelId));
    if (q.minConf !== undefined) (where.push('p.confidence >= ?'), params.push(q.minConf));
    if (q.maxConf !== undefined) (where.push('p.confidence <= ?'), params.push(q.maxConf));
    const order = { confidence: 'p.confidence ASC', '-confidence': 'p.confidence DESC', path: 'i.rel_path ASC', image: 'p.image_id ASC' }[q.sort];
    const from = `FROM run_predictions p LEFT JOIN images i ON i.id = p.image_id WHERE ${where.join(' AND ')}`;
    const total = (this.db.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT p.*, i.rel_path, i.dataset_id ${from} ORDER BY ${order}, p.image_id LIMIT ? OFFSET ?`)
      .all(...params, q.limit, q.offset) as {
      image_id: number; split: Split; true_label_id: number | null; predicted_label_id: number; confidence: number; top_k: string;
      rel_path: string | null; dataset_id: number | null;
    }[];
    return {
      total,
      items: rows.map((r) => ({
        imageId: r.image_id,
        relPath: r.rel_path ?? '',
        datasetId: r.dataset_id ?? row.dataset_id,
        split: r.split,
        trueLabelId: r.true_label_id,
        trueLabel: r.true_label_id === null ? null : (names.get(r.true_label_id) ?? null),
        predictedLabelId: r.predicted_label_id,
        predictedLabel: names.get(r.predicted_label_id) ?? String(r.predicted_label_id),
        confidence: r.confidence,
        correct: r.true_label_id === r.predicted_label_id,
        topK: (JSON.parse(r.top_k) as [number, number][]).map(([id, score]) => ({ labelId: id, label: names.get(id) ?? String(id), score })),
      })),
    };
  }

  delete(runId: number): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId).changes > 0;
  }
}
