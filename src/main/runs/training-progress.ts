import type { JobProgress } from '../../shared/types';

/**
 * Progress of a run's training phase, per run: in epochs for a head (seconds per epoch), in
 * batches for a from-scratch model (minutes per epoch: "epoch 2/30 · batch 12/47" with an ETA).
 * Epoch events count in batches once a run has reported them, so the bar never jumps back.
 */
export class TrainingProgress {
  private readonly started = new Map<number, number>();
  private readonly batches = new Map<number, number>();

  start(runId: number): void {
    this.started.set(runId, performance.now());
  }

  forget(runId: number): void {
    this.started.delete(runId);
    this.batches.delete(runId);
  }

  batch(runId: number, e: { epoch: number; epochs: number; batch: number; batches: number }): Partial<JobProgress> {
    this.batches.set(runId, e.batches);
    return { ...this.figures(runId, (e.epoch - 1) * e.batches + e.batch, e.epochs * e.batches), phase: `epoch ${e.epoch}/${e.epochs}`, message: `batch ${e.batch}/${e.batches}` };
  }

  epoch(runId: number, epoch: number, epochs: number, message: string): Partial<JobProgress> {
    const batches = this.batches.get(runId) ?? 1;
    return { ...this.figures(runId, epoch * batches, epochs * batches), phase: `epoch ${epoch}/${epochs}`, message };
  }

  private figures(runId: number, done: number, total: number) {
    const seconds = (performance.now() - (this.started.get(runId) ?? performance.now())) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    return { done, total, rate, etaSeconds: rate > 0 ? (total - done) / rate : null };
  }
}
