// The Train form's state and how it becomes a train.start request (pure, unit-tested).
import type { RequestOf } from '../../../shared/api';
import { DEFAULT_SCRATCH, type RunConfig, type ScratchShape } from '../../../shared/api/runs';
import { TRAIN_DEFAULTS } from '../../../shared/api/train';

export { DEFAULT_SCRATCH, type ScratchShape };
import { modelName } from './format';
import { fittedPreset, type DataTraits } from '../../../shared/augment-fit';
import { AUGMENT_PRESET_CONFIGS, AUGMENT_PRESETS, DEFAULT_VIEWS, type AugmentConfig, type AugmentPreset } from '../../../shared/augment';


export interface TrainOptions {
  model: string;
  fromScratch: boolean;
  scratch: ScratchShape;
  /** 'auto' lets the engine choose (ONNX Runtime when it loads, else TF.js). */
  engine: 'auto' | 'ort' | 'tfjs';
  /** ONNX Runtime's int8 fast mode for the backbone (not with TF.js, not from scratch). */
  int8: boolean;
  epochs: number;
  lr: number;
  batchSize: number;
  weightDecay: number;
  augment: AugmentPreset | 'custom';
  /** 'custom' (set on the Augment screen), or a preset fitted to the data (augment-fit.ts); null: the preset as is. */
  augmentConfig: AugmentConfig | null;
  /** null: the preset's default. */
  views: number | null;
  earlyStopping: number | null;
  classWeighting: boolean;
  seed: number;
}


export function defaultOptions(model: string): TrainOptions {
  return {
    model,
    fromScratch: false,
    scratch: DEFAULT_SCRATCH,
    engine: 'auto',
    int8: false,
    epochs: TRAIN_DEFAULTS.frozen.epochs,
    lr: TRAIN_DEFAULTS.frozen.lr,
    batchSize: TRAIN_DEFAULTS.batchSize,
    weightDecay: TRAIN_DEFAULTS.weightDecay,
    augment: 'none',
    augmentConfig: null,
    views: null,
    earlyStopping: null,
    classWeighting: false,
    seed: 0,
  };
}

/**
 * The form filled with a finished run's settings ("Use these settings" beside the run shown), so
 * the next run starts from what is on screen. A from-scratch run keeps the form's typed model.
 */
export function optionsFromRun(c: RunConfig, current: TrainOptions): TrainOptions {
  const preset = (AUGMENT_PRESETS as readonly string[]).includes(c.augment) ? (c.augment as AugmentPreset) : 'custom';
  return {
    model: c.fromScratch ? current.model : c.revision ? `${c.model}@${c.revision}` : c.model,
    fromScratch: c.fromScratch,
    scratch: c.scratch ?? current.scratch,
    engine: c.engineRequested ?? 'auto',
    int8: c.precision === 'int8',
    epochs: c.epochs,
    lr: c.lr,
    batchSize: c.batchSize,
    weightDecay: c.weightDecay,
    augment: preset,
    augmentConfig: preset === 'custom' ? (c.augmentConfig as AugmentConfig) : null,
    views: c.views,
    earlyStopping: c.earlyStopping,
    classWeighting: c.classWeighting,
    seed: c.seed,
  };
}

/** One line saying what a run (or the form) trains with, to tell the two apart at a glance. */
export function settingsLine(o: Pick<TrainOptions, 'fromScratch' | 'model' | 'epochs' | 'lr' | 'batchSize' | 'views'> & { augment: string }): string {
  const model = o.fromScratch ? 'from scratch' : modelName(o.model) || '—';
  return `${model} · ${o.epochs} epochs · lr ${o.lr} · batch ${o.batchSize} · ${o.augment}${o.views ? ` ×${o.views}` : ''}`;
}

/**
 * The options Train sends: a custom augmentation carries the Augment screen's config; a preset
 * carries its config fitted to the data when the fit changes it (else none: the preset as is).
 */
export function withFittedAugment(o: TrainOptions, custom: AugmentConfig | null, traits: DataTraits | null): TrainOptions {
  if (o.augment === 'custom') return { ...o, augmentConfig: custom };
  if (o.augment === 'none' || !traits) return { ...o, augmentConfig: null };
  const fitted = fittedPreset(o.augment, traits);
  return { ...o, augmentConfig: JSON.stringify(fitted) === JSON.stringify(AUGMENT_PRESET_CONFIGS[o.augment]) ? null : fitted };
}

/** Defaults that differ for a from-scratch ViT (the engine's own, TRAIN_DEFAULTS). */
export function withScratch(o: TrainOptions, fromScratch: boolean): TrainOptions {
  const was = TRAIN_DEFAULTS[o.fromScratch ? 'scratch' : 'frozen'];
  const next = TRAIN_DEFAULTS[fromScratch ? 'scratch' : 'frozen'];
  const untouched = o.epochs === was.epochs && o.lr === was.lr;
  return { ...o, fromScratch, ...(untouched ? { epochs: next.epochs, lr: next.lr } : {}) };
}

export function defaultViews(o: TrainOptions): number {
  return o.augment === 'custom' ? 2 : DEFAULT_VIEWS[o.augment];
}

/** What is wrong with the form, in one line per problem (empty: ready). */
export function validate(o: TrainOptions): string[] {
  const problems: string[] = [];
  if (!o.fromScratch && !o.model.trim()) problems.push('Choose a model or type a hub id / folder.');
  if (!(Number.isInteger(o.epochs) && o.epochs >= 1 && o.epochs <= 1000)) problems.push('Epochs must be a whole number from 1 to 1000.');
  if (!(o.lr > 0 && o.lr <= 10)) problems.push('Learning rate must be above 0 (and at most 10).');
  if (!(Number.isInteger(o.batchSize) && o.batchSize >= 1 && o.batchSize <= 4096)) problems.push('Batch size must be a whole number from 1 to 4096.');
  if (!(o.weightDecay >= 0 && o.weightDecay <= 1)) problems.push('Weight decay must be between 0 and 1.');
  if (o.views !== null && !(Number.isInteger(o.views) && o.views >= 0 && o.views <= 32)) problems.push('Views must be a whole number from 0 to 32.');
  if (o.earlyStopping !== null && !(Number.isInteger(o.earlyStopping) && o.earlyStopping >= 1)) problems.push('Early-stopping patience must be at least 1 epoch.');
  if (o.augment === 'custom' && !o.augmentConfig) problems.push('The custom augmentation is missing: pick a preset.');
  if (o.fromScratch) {
    const s = o.scratch;
    if (s.imageSize % s.patchSize !== 0) problems.push(`Image size ${s.imageSize} must be a multiple of the patch size ${s.patchSize}.`);
    if (s.hiddenSize % s.heads !== 0) problems.push(`Hidden size ${s.hiddenSize} must be a multiple of the head count ${s.heads}.`);
  }
  return problems;
}

export function toRequest(datasetId: number, o: TrainOptions): RequestOf<'train.start'> {
  // A custom config, or a preset fitted to the data (no flips for glyphs, no hue on grey images).
  const custom = o.augment !== 'none' && o.augmentConfig;
  return {
    datasetId,
    model: o.fromScratch ? 'scratch' : o.model.trim(),
    epochs: o.epochs,
    lr: o.lr,
    batchSize: o.batchSize,
    weightDecay: o.weightDecay,
    // A custom config still needs a preset for the request: it names no default views then.
    augment: o.augment === 'custom' ? 'light' : o.augment,
    ...(custom ? { augmentConfig: o.augmentConfig! } : {}),
    ...(o.views !== null ? { views: o.views } : o.augment === 'custom' ? { views: 2 } : {}),
    fromScratch: o.fromScratch,
    ...(o.fromScratch ? { scratch: o.scratch } : {}),
    ...(o.engine !== 'auto' && !o.fromScratch ? { engine: o.engine } : {}),
    ...(o.int8 && !o.fromScratch && o.engine !== 'tfjs' ? { precision: 'int8' as const } : {}),
    ...(o.earlyStopping !== null ? { earlyStopping: o.earlyStopping } : {}),
    classWeighting: o.classWeighting,
    seed: o.seed,
  };
}

/** The augmentation the Augment screen hands to the Train screen (per dataset, in localStorage). */
export interface AugmentChoice {
  preset: AugmentPreset | 'custom';
  config: AugmentConfig;
}

export const augmentChoiceKey = (datasetId: number) => `vit-studio.augment.${datasetId}`;

export function readAugmentChoice(datasetId: number): AugmentChoice | null {
  try {
    const raw = localStorage.getItem(augmentChoiceKey(datasetId));
    return raw ? (JSON.parse(raw) as AugmentChoice) : null;
  } catch {
    return null;
  }
}

export function writeAugmentChoice(datasetId: number, choice: AugmentChoice): void {
  localStorage.setItem(augmentChoiceKey(datasetId), JSON.stringify(choice));
}

export function presetConfig(preset: AugmentPreset): AugmentConfig {
  return structuredClone(AUGMENT_PRESET_CONFIGS[preset]);
}
