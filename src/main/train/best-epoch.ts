import type { RunEpoch } from '../../shared/api/runs';

// The end of every epoch, for every trainer (the heads' shared loop in head-loop.ts, the from-scratch ViT): log
// the epoch, keep a snapshot of the best model by validation accuracy (lower validation loss breaks
// ties; without a validation split the last epoch is the best), and stop early after `patience`
// epochs without a better one.

/** What every trainer's epoch loop takes. */
export interface EpochLoopOptions {
  epochs: number;
  lr: number;
  batchSize: number;
  weightDecay: number;
  /** Stop after this many epochs without a better validation accuracy. */
  patience: number | null;
  classWeighting: boolean;
  seed: number;
  onEpoch?(epoch: RunEpoch): void;
  /** Checked between batches. */
  signal?: AbortSignal;
}

export class BestEpoch<T> {
  epoch = 0;
  private acc = -1;
  private loss = Infinity;
  private kept: T | null = null;
  readonly epochs: RunEpoch[] = [];

  constructor(
    private readonly patience: number | null,
    private readonly onEpoch?: (e: RunEpoch) => void,
  ) {}

  /**
   * Records one epoch; `snapshot` is called only when this epoch is the best so far.
   * Returns true when training should stop (early stopping).
   */
  record(row: RunEpoch, snapshot: () => T): boolean {
    this.epochs.push(row);
    this.onEpoch?.(row);
    const acc = row.valAcc ?? Infinity;
    const loss = row.valLoss ?? 0;
    // Without validation every epoch is the best so far (it was epoch 1 for ever: Infinity never beat Infinity).
    if (row.valAcc === null || acc > this.acc || (acc === this.acc && loss < this.loss)) {
      this.epoch = row.epoch;
      this.acc = acc;
      this.loss = loss;
      this.kept = snapshot();
      return false;
    }
    return this.patience !== null && row.epoch - this.epoch >= this.patience;
  }

  /** The best epoch's snapshot (the initial one before any epoch). */
  best(initial: () => T): T {
    return this.kept ?? initial();
  }
}
