import type { ParseArgsConfig } from 'node:util';
import { SCRATCH_PRESETS, type RunDetail, type ScratchPreset, type ScratchShape } from '../../../../shared/api/runs';
import type { Engine } from '../../../engine/engine';
import { nextEvent, CliUsageError, openEngine, parseCommandArgs, parseId, pickDataset, printJson, type CliCommand } from '../command';
import { progressPrinter } from './import';

function num(name: string, v: string | undefined, int = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (int && !Number.isInteger(n)) || n <= 0) {
    throw new CliUsageError(`--${name} must be a positive ${int ? 'integer' : 'number'} (got "${v}")`);
  }
  return n;
}

/** Waits for a run to leave queued/running (run-changed events, with a poll as safety net). */
export async function waitForRun(engine: Engine, runId: number): Promise<RunDetail> {
  for (;;) {
    const run = await engine.invoke('runs.get', { runId });
    if (run.status !== 'queued' && run.status !== 'running') return run;
    await nextEvent(engine, (e) => e.type === 'run-changed' && e.runId === runId);
  }
}

/** The options that say what a run trains, and how (all of them a --rerun takes from its run). */
const RUN_SETTINGS = {
  dataset: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  lr: { type: 'string' },
  'batch-size': { type: 'string' },
  augment: { type: 'string', default: 'none' },
  views: { type: 'string' },
  'from-scratch': { type: 'boolean', default: false },
  engine: { type: 'string' },
  device: { type: 'string' },
  'early-stopping': { type: 'string' },
  'class-weighting': { type: 'boolean', default: false },
  int8: { type: 'boolean', default: false },
  'scratch-preset': { type: 'string' },
  'image-size': { type: 'string' },
  'patch-size': { type: 'string' },
  width: { type: 'string' },
  depth: { type: 'string' },
  heads: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const SHAPE_FLAGS = ['scratch-preset', 'image-size', 'patch-size', 'width', 'depth', 'heads'] as const;

/** The from-scratch shape: a preset (default quick) with any of its numbers overridden by a flag. */
function scratchShape(values: Partial<Record<(typeof SHAPE_FLAGS)[number], string>>, fromScratch: boolean): ScratchShape | undefined {
  const given = SHAPE_FLAGS.filter((f) => values[f] !== undefined);
  if (!fromScratch) {
    if (given.length) throw new CliUsageError(`${given.map((f) => `--${f}`).join(', ')} shape a model trained from scratch: add --from-scratch`);
    return undefined;
  }
  const name = values['scratch-preset'] ?? 'quick';
  if (!(name in SCRATCH_PRESETS)) throw new CliUsageError(`--scratch-preset must be one of ${Object.keys(SCRATCH_PRESETS).join(', ')} (got "${name}")`);
  const base = SCRATCH_PRESETS[name as ScratchPreset].shape;
  const shape: ScratchShape = {
    imageSize: num('image-size', values['image-size'], true) ?? base.imageSize,
    patchSize: num('patch-size', values['patch-size'], true) ?? base.patchSize,
    hiddenSize: num('width', values.width, true) ?? base.hiddenSize,
    layers: num('depth', values.depth, true) ?? base.layers,
    heads: num('heads', values.heads, true) ?? base.heads,
  };
  if (shape.imageSize % shape.patchSize) throw new CliUsageError(`the image size (${shape.imageSize}) must be a multiple of the patch size (${shape.patchSize})`);
  if (shape.hiddenSize % shape.heads) throw new CliUsageError(`the width (${shape.hiddenSize}) must be a multiple of the number of heads (${shape.heads})`);
  return shape;
}

export const trainCommand: CliCommand = {
  name: 'train',
  usage:
    'train [--rerun RUN] [--dataset ID] [--model ID|DIR] [--epochs N] [--lr X] [--batch-size N] [--augment none|light|strong] [--views K] [--from-scratch [--scratch-preset quick|tutorial] [--image-size PX] [--patch-size PX] [--width D] [--depth N] [--heads H]] [--engine ort|tfjs] [--device D] [--int8] [--early-stopping N] [--class-weighting] [--json]',
  summary: `Train a classifier (frozen backbone + head, or a small ViT from scratch) and print test metrics. From scratch, the shape comes from --scratch-preset (${Object.entries(
    SCRATCH_PRESETS,
  )
    .map(([k, p]) => `${k}: ${p.description}`)
    .join('; ')}), each number overridable.`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { ...RUN_SETTINGS, rerun: { type: 'string' } });
    const rerun = values.rerun !== undefined ? parseId(values.rerun, '--rerun') : null;
    if (rerun !== null) {
      // Everything else is the run's: options that would change it are refused, not ignored.
      const given = Object.keys(RUN_SETTINGS)
        .map((k) => `--${k}`)
        .filter((f) => argv.some((a) => a === f || a.startsWith(`${f}=`)));
      if (given.length) throw new CliUsageError(`--rerun trains with run ${rerun}'s settings: leave out ${given.join(', ')}`);
    }
    const augment = values.augment as 'none' | 'light' | 'strong';
    if (!['none', 'light', 'strong'].includes(augment)) throw new CliUsageError(`--augment must be none, light or strong (got "${augment}")`);
    if (values.engine !== undefined && !['ort', 'tfjs'].includes(values.engine)) throw new CliUsageError(`--engine must be ort or tfjs (got "${values.engine}")`);
    const request = {
      model: values.model,
      epochs: num('epochs', values.epochs, true),
      lr: num('lr', values.lr),
      batchSize: num('batch-size', values['batch-size'], true),
      augment,
      views: values.views === undefined ? undefined : Number(values.views),
      fromScratch: values['from-scratch'],
      engine: values.engine as 'ort' | 'tfjs' | undefined,
      device: values.device,
      earlyStopping: num('early-stopping', values['early-stopping'], true),
      classWeighting: values['class-weighting'],
      scratch: scratchShape(values, values['from-scratch']),
      precision: values.int8 ? ('int8' as const) : ('fp32' as const),
    };
    const engine = openEngine(values.workspace);
    const print = values.json ? null : progressPrinter();
    const off = engine.on((e) => {
      if (e.type === 'progress' && print) print(e.progress);
      if (e.type === 'notice') process.stderr.write(`${e.message}\n`);
    });
    let runId: number | null = null;
    const onSignal = () => {
      if (runId !== null) void engine.invoke('train.cancel', { runId });
    };
    process.once('SIGINT', onSignal);
    try {
      const datasetId = rerun !== null ? (await engine.invoke('runs.get', { runId: rerun })).datasetId : await pickDataset(engine, values.dataset);
      // Labeled images without a split get the default 80/10/10 (existing splits are kept).
      await engine.invoke('splits.apply', { datasetId, mode: 'unassigned' });
      const started = rerun !== null ? engine.invoke('train.rerun', { runId: rerun }) : engine.invoke('train.start', { datasetId, ...request });
      runId = (
        await started.catch((e: Error & { code?: string }) => {
          // A model folder or setting refused before any run exists is a bad argument: one line, exit 2.
          if (e.code === 'invalid_argument' || e.code === 'not_found') throw new CliUsageError(e.message);
          throw e;
        })
      ).runId;
      const run = await waitForRun(engine, runId);
      off();
      if (print && process.stderr.isTTY) process.stderr.write('\n');
      if (run.status !== 'completed') throw new Error(`run ${runId} ${run.status}${run.error ? `: ${run.error}` : ''}`);
      const test = run.test ? { accuracy: run.test.accuracy, macro_f1: run.test.macroF1, weighted_f1: run.test.weightedF1 } : null;
      if (values.json) {
        printJson({
          run: runId,
          backend: run.config.fromScratch ? `tfjs-${run.config.tfjsBackend}` : `${run.config.engine} (${run.config.device})`,
          trainer: run.config.trainer ?? null,
          test,
          best_epoch: run.bestEpoch,
          timings: run.timings,
          skipped: run.skippedImages.map((s) => ({ path: s.relPath, reason: s.reason })),
        });
      } else {
        const t = run.timings!;
        process.stdout.write(
          [
            `Run ${runId} completed (best epoch ${run.bestEpoch}/${run.epochs.length}).`,
            test ? `Test accuracy ${(test.accuracy * 100).toFixed(1)}%, macro F1 ${test.macro_f1.toFixed(3)} on ${run.test!.count} images.` : 'No test images: no test metrics.',
            `Features: ${t.extracted} computed, ${t.cached} from cache (${t.extractionSeconds.toFixed(1)} s); training ${t.trainingSeconds.toFixed(1)} s.`,
            ...run.skippedImages.map((s) => `Left out ${s.relPath}: ${s.reason}`),
          ].join('\n') + '\n',
        );
      }
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      off();
      engine.close();
    }
  },
};
