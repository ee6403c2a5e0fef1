import fs from 'node:fs';
import path from 'node:path';
import { parseBackendName } from '../../../model/backend';
import { CheckpointError } from '../../../model/checkpoint';
import { HubError } from '../../../model/hub';
import { LoadedModels, predictImages } from '../../../inference/predict';
import { DEFAULT_MODEL_ID } from '../../../../shared/model/known-models';
import { parseRunSpec, RunModelError, runModel } from '../../../runs/run-model';
import { defaultWorkspaceDir, openWorkspace, workspacePaths } from '../../../engine/workspace';
import { CliUsageError, parseCommandArgs, printJson, type CliCommand } from '../command';

// `vit-studio predict --model <hub id | folder> <image>...`: the checkpoint's own classifier on
// images, in this process (no workspace needed). Missing image or model: one line, exit 2.
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
    let backend;
    try {
      backend = values.backend ? parseBackendName(values.backend) : undefined;
    } catch (e) {
      throw new CliUsageError((e as Error).message);
    }
    if (values.engine !== undefined && values.engine !== 'ort' && values.engine !== 'tfjs') {
      throw new CliUsageError(`--engine must be ort or tfjs, got "${values.engine}"`);
    }
    const engineName = backend ? 'tfjs' : (values.engine as 'ort' | 'tfjs' | undefined);
    const spec = values.model!;
    const runId = parseRunSpec(spec);
    const source = runId === null ? { folder: spec, precision: values.int8 ? ('int8' as const) : undefined } : runSpecModel(runId, values.workspace);
    const models = new LoadedModels(1);
    let lastShown = 0;
    const model = await models
      .get(source.folder, {
        precision: source.precision,
        revision: values.revision,
        backend,
        engine: engineName,
        device: values.device,
        cacheDir: workspacePaths(values.workspace ?? defaultWorkspaceDir()).graphs,
        onNotice: (message) => process.stderr.write(`${message}\n`),
        onProgress: (p) => {
          if (values.json || !process.stderr.isTTY || performance.now() - lastShown < 250) return;
          lastShown = performance.now();
          const mb = (n: number) => (n / 1e6).toFixed(1);
          process.stderr.write(`\rdownloading ${p.file}: ${mb(p.done)}/${mb(p.total)} MB (${mb(p.rate)} MB/s)   `);
        },
      })
      .catch((e) => {
        if (e instanceof HubError || e instanceof CheckpointError || /--device/.test(String(e?.message))) {
          throw new CliUsageError(e.message);
        }
        throw e;
      });
    if (lastShown) process.stderr.write('\n');
    try {
      const results = await predictImages(
        model,
        positionals.map((p) => ({ name: p, input: path.resolve(p) })),
        topK,
      );
      const { engine: name, device } = model.engine.info;
      if (values.json) {
        // What ran, with the results: a script comparing numbers must know the engine and device.
        printJson({ model: values.model, folder: model.folder, engine: name, device, precision: source.precision ?? 'fp32', results });
        return 0;
      }
      const lines = [`Model:   ${values.model} (${model.folder})`, `Engine:  ${name === 'ort' ? 'ONNX Runtime' : 'TF.js'} — ${device}`, ''];
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
      const message = e instanceof Error ? e.message : String(e);
      if (/cannot read|classifier/.test(message)) throw new CliUsageError(message);
      throw e;
    } finally {
      await models.clear();
    }
  },
};

/** A completed run of the workspace as a model folder (exported once into the run's directory). */
function runSpecModel(runId: number, workspace: string | undefined) {
  const ws = openWorkspace(workspace ?? defaultWorkspaceDir());
  try {
    return runModel(ws, runId);
  } catch (e) {
    if (e instanceof RunModelError) throw new CliUsageError(e.message);
    throw e;
  } finally {
    ws.close();
  }
}
