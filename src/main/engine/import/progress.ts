import type { JobKind, JobProgress } from '../../../shared/types';
import type { EngineContext } from '../context';

/** Emits progress events at most ~10 per second, with a rate over the recent window and an ETA. */
export class ProgressReporter {
  private lastEmit = 0;
  private window: { t: number; done: number }[] = [];

  constructor(
    private readonly ctx: EngineContext,
    private readonly base: { jobId: string; kind: JobKind; datasetId?: number },
    private readonly intervalMs = 100,
  ) {}

  update(phase: string, done: number, total: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.window.push({ t: now, done });
    while (this.window.length > 2 && now - this.window[0]!.t > 3000) this.window.shift();
    const first = this.window[0]!;
    const seconds = (now - first.t) / 1000;
    const rate = seconds > 0 ? Math.max(0, (done - first.done) / seconds) : 0;
    const progress: JobProgress = {
      ...this.base,
      phase,
      done,
      total,
      rate: Math.round(rate * 10) / 10,
      etaSeconds: rate > 0 ? Math.round((total - done) / rate) : null,
    };
    this.ctx.emit({ type: 'progress', progress });
  }

  /** A new phase restarts the rate window. */
  phase(phase: string, total: number): void {
    this.window = [];
    this.update(phase, 0, total, true);
  }
}
