import fs from 'node:fs';
import path from 'node:path';
import { AUGMENT_PRESET_CONFIGS, DEFAULT_VIEWS } from '../../shared/augment';
import { DEFAULT_SCRATCH, type RunConfig } from '../../shared/api/runs';
import { TRAIN_DEFAULTS, type TrainRequest } from '../../shared/api/train';

/** A train request as the run's settings, defaults filled in ("org/name@rev" split; local folders absolute). */
export function runConfigOf(r: TrainRequest, labels: RunConfig['labels'], splitSeed: number): RunConfig {
  const scratch = r.fromScratch ? { ...DEFAULT_SCRATCH, ...(r.scratch ?? {}) } : null;
  const [model, revision] = r.model.includes('@') && !fs.existsSync(r.model) ? r.model.split('@') : [r.model, null];
  return {
    model: r.fromScratch ? 'scratch' : fs.existsSync(model!) ? path.resolve(model!) : model!,
    revision: revision ?? null,
    modelFolder: null,
    engine: r.fromScratch ? 'tfjs' : (r.engine ?? 'ort'),
    engineRequested: r.engine ?? null,
    precision: r.precision,
    device: r.device ?? '',
    tfjsBackend: '',
    fromScratch: r.fromScratch,
    scratch,
    epochs: r.epochs ?? TRAIN_DEFAULTS[r.fromScratch ? 'scratch' : 'frozen'].epochs,
    lr: r.lr ?? TRAIN_DEFAULTS[r.fromScratch ? 'scratch' : 'frozen'].lr,
    batchSize: r.batchSize ?? TRAIN_DEFAULTS.batchSize,
    weightDecay: r.weightDecay ?? TRAIN_DEFAULTS.weightDecay,
    // What the user left open is chosen on the validation split (train/head-search.ts); explicit values win.
    tune: r.fromScratch ? [] : (['lr', 'epochs', 'weightDecay'] as const).filter((k) => r[k] === undefined),
    headSearch: null,
    augment: r.augmentConfig ? 'custom' : r.augment,
    augmentConfig: r.augmentConfig ?? AUGMENT_PRESET_CONFIGS[r.augment],
    views: r.views ?? DEFAULT_VIEWS[r.augment],
    augmentSeed: r.augmentSeed,
    earlyStopping: r.earlyStopping ?? null,
    classWeighting: r.classWeighting,
    seed: r.seed,
    splitSeed,
    labels,
  };
}
