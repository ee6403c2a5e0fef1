import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL_ID } from '../../../../shared/model/known-models';
import { isOrtDevice, isTfjsBackend, ORT_DEVICES, TFJS_BACKENDS } from '../../../../shared/devices';
import { parseRunSpec } from '../../../runs/run-model';
import { CliUsageError, openEngine, parseCommandArgs, printJson, type CliCommand } from '../command';

/** Engine errors that are the caller's input (a missing image or model, a model that is not one): exit 2. */
const USAGE_CODES = new Set(['invalid_argument', 'not_found', 'unavailable']);

// `vit-studio predict --model <hub id | folder | run:N> <image>...`: the checkpoint's own classifier
// on images, through the Engine like every command (model.load, then model.predict). Missing image
// or model: one line, exit 2.
export const predictCommand: CliCommand = {
  name: 'predict',
  usage: 'predict [--model ID|DIR|run:N] [--engine ort|tfjs] [--device D] [--int8] [--backend B] [--top-k 5] [--json] IMAGE...',
  summary: 'Classify images with a ViT: hub id, model folder, or a trained run (run:N).',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        model: { type: 'string', default: DEFAULT_MODEL_ID },
        'top-k': { type: 'string', default: '5' },
        backend: { type: 'string' },
        engine: { type: 'string' },
        device: { type: 'string' },
        revision: { type: 'string' },
        int8: { type: 'boolean', default: false },
      },
      true,
    );
    if (positionals.length === 0) throw new CliUsageError('give at least one image');
    if (values.int8 && (values.engine === 'tfjs' || values.backend)) throw new CliUsageError('--int8 is ONNX Runtime\'s fast mode: it does not go with TF.js');
    if (values.int8 && parseRunSpec(values.model!) !== null) throw new CliUsageError('--int8 does not go with run:N: a run predicts with the precision it was trained on');
    const topK = Number(values['top-k']);
    if (!Number.isInteger(topK) || topK < 1) throw new CliUsageError(`--top-k must be a positive integer, got "${values['top-k']}"`);
    for (const image of positionals) {
      if (!fs.existsSync(image) || !fs.statSync(image).isFile()) throw new CliUsageError(`no such image: ${image}`);
    }
    if (values.backend !== undefined && !isTfjsBackend(values.backend)) {
      throw new CliUsageError(`unknown backend "${values.backend}" (expected ${TFJS_BACKENDS.join(', ')})`);
    }
    if (values.engine !== undefined && values.engine !== 'ort' && values.engine !== 'tfjs') {
      throw new CliUsageError(`--engine must be ort or tfjs, got "${values.engine}"`);
    }
    const engineName = values.backend ? 'tfjs' : (values.engine as 'ort' | 'tfjs' | undefined);
    if (values.device !== undefined && engineName !== 'tfjs' && !isOrtDevice(values.device)) {
      throw new CliUsageError(`--device "${values.device}" is not an ONNX Runtime device (${ORT_DEVICES.join(', ')})`);
    }
    if (values.device !== undefined && engineName === 'tfjs' && !isTfjsBackend(values.device)) {
      throw new CliUsageError(`--device "${values.device}" is not a TF.js backend (${TFJS_BACKENDS.join(', ')})`);
    }
    const choice = {
      model: values.model!,
      revision: values.revision,
      engine: engineName,
      device: (values.backend ?? values.device) as (typeof ORT_DEVICES)[number] | undefined,
      precision: values.int8 ? ('int8' as const) : undefined,
    };
    const engine = openEngine(values.workspace);
    let lastShown = 0;
    engine.on((event) => {
      if (event.type === 'notice') process.stderr.write(`${event.message}\n`);
      if (event.type !== 'progress' || event.progress.kind !== 'download') return;
      if (values.json || !process.stderr.isTTY || performance.now() - lastShown < 250) return;
      lastShown = performance.now();
      const p = event.progress;
      const mb = (n: number) => (n / 1e6).toFixed(1);
      process.stderr.write(`\r${p.phase}: ${mb(p.done)}/${mb(p.total)} MB (${mb(p.rate)} MB/s)   `);
    });
    try {
      const model = await engine.invoke('model.load', choice);
      if (lastShown) process.stderr.write('\n');
      const results = await engine.invoke('model.predict', { ...choice, images: positionals.map((p) => path.resolve(p)), topK });
      // The engine names each result by the path it was given; the CLI by the argument as typed.
      results.forEach((r, i) => (r.image = positionals[i]!));
      if (values.json) {
        // What ran, with the results: a script comparing numbers must know the engine and device.
        printJson({ model: values.model, folder: model.folder, engine: model.engine, device: model.device, precision: model.precision, results });
        return 0;
      }
      const lines = [`Model:   ${values.model} (${model.folder})`, `Engine:  ${model.engine === 'ort' ? 'ONNX Runtime' : 'TF.js'} — ${model.device}`, ''];
      for (const r of results) {
        lines.push(r.image);
        r.predictions.forEach((p, i) => {
          lines.push(`  ${String(i + 1).padStart(2)}. ${p.label.padEnd(40).slice(0, 40)} ${(p.score * 100).toFixed(2).padStart(6)}%`);
        });
        lines.push('');
      }
      process.stdout.write(lines.join('\n'));
      return 0;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code && USAGE_CODES.has(code)) throw new CliUsageError((e as Error).message);
      throw e;
    } finally {
      engine.close();
    }
  },
};
