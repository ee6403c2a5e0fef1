import type { HeadSearch, RunConfig, RunEpoch, TunedSetting } from '../../shared/api/runs';
import type { HeadData, HeadOptions } from './head-loop';
import { trainHeadAuto } from './head-trainer';
import type { RunEvent } from './run-task-args';

// Head settings that fit the data: the defaults (lr 3e-4, 5 epochs, from a 768-d fine-tuning
// recipe) underfit most cached-feature sets, and a head trains in well under a second, so the
// settings the user left open are chosen by a small grid search on the validation split: each
// learning rate × weight decay trains with early stopping, the best validation accuracy (then
// loss) wins, and its best epoch becomes the run's epoch count.

export const HEAD_SEARCH = {
  lr: [1e-3, 3e-3, 1e-2, 3e-2],
  weightDecay: [0, 0.05],
  /** Epoch budget of each trial when the epochs are open, and its early-stopping patience. */
  maxEpochs: 100,
  patience: 10,
} as const;

export async function searchHeadSettings(
  train: HeadData,
  val: HeadData,
  base: HeadOptions,
  tune: TunedSetting[],
  onTrial?: (done: number, total: number) => void,
): Promise<HeadSearch> {
  const lrs = tune.includes('lr') ? HEAD_SEARCH.lr : [base.lr];
  const decays = tune.includes('weightDecay') ? HEAD_SEARCH.weightDecay : [base.weightDecay];
  const openEpochs = tune.includes('epochs');
  const grid = lrs.flatMap((lr) => decays.map((weightDecay) => ({ lr, weightDecay })));
  const trials: HeadSearch['trials'] = [];
  for (const { lr, weightDecay } of grid) {
    const head = await trainHeadAuto(train, val, {
      ...base,
      lr,
      weightDecay,
      epochs: openEpochs ? HEAD_SEARCH.maxEpochs : base.epochs,
      patience: openEpochs ? HEAD_SEARCH.patience : base.patience,
      onEpoch: undefined,
    });
    const best = head.epochs.find((e) => e.epoch === head.bestEpoch)!;
    trials.push({ lr, weightDecay, epochs: head.bestEpoch, valAcc: best.valAcc ?? 0, valLoss: best.valLoss ?? 0 });
    onTrial?.(trials.length, grid.length);
  }
  const winner = trials.reduce((a, b) => (b.valAcc > a.valAcc || (b.valAcc === a.valAcc && b.valLoss < a.valLoss) ? b : a));
  return {
    searched: tune,
    trials,
    chosen: { lr: winner.lr, weightDecay: winner.weightDecay, epochs: openEpochs ? Math.max(1, winner.epochs) : base.epochs },
  };
}

/**
 * A run's head: the open settings searched first when there are validation images (progress as
 * the 'choosing head settings' phase, the result as a 'tuned' event), then trained with them.
 */
export async function trainHeadTuned(
  train: HeadData,
  val: HeadData,
  base: HeadOptions,
  config: Pick<RunConfig, 'tune' | 'lr' | 'epochs' | 'weightDecay'>,
  emit: (e: RunEvent) => void,
) {
  let settings = base;
  if (config.tune?.length && val.y.length) {
    emit({ kind: 'phase', phase: 'choosing head settings', progress: { done: 0, total: 0, rate: 0, etaSeconds: null } });
    const t = performance.now();
    const search = await searchHeadSettings(train, val, base, config.tune, (done, total) => {
      const rate = done / Math.max((performance.now() - t) / 1000, 1e-6);
      emit({ kind: 'phase', phase: 'choosing head settings', progress: { done, total, rate, etaSeconds: (total - done) / rate } });
    });
    emit({ kind: 'tuned', search });
    const { epochs } = search.chosen;
    settings = { ...base, ...search.chosen, onEpoch: (epoch: RunEpoch) => emit({ kind: 'epoch', epoch, epochs }) };
    emit({ kind: 'phase', phase: 'training' });
  } else if (config.tune?.length) {
    emit({ kind: 'notice', message: `No validation images to choose the head settings on: training with lr ${config.lr}, ${config.epochs} epochs, weight decay ${config.weightDecay}.` });
  }
  return trainHeadAuto(train, val.y.length ? val : null, settings);
}
