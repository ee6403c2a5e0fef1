import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';
import { KNOWN_MODELS } from '../../shared/model/known-models';
import { CheckpointError } from '../model/checkpoint';
import { cachedCommit, cachedFileState, repoCacheDir } from '../model/hub-cache';
import { HubError } from '../model/hub';
import { LoadedModels, NoClassifierError, predictImages, type LoadedModel } from '../inference/predict';
import { ImageReadError } from '../model/preprocess';
import { parseRunSpec, RunModelError, runModel } from '../runs/run-model';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import type { BackbonePrecision } from '../../shared/api/runs';
import type { RequestOf } from '../../shared/api';

type ModelChoice = Pick<RequestOf<'model.load'>, 'model' | 'revision' | 'engine' | 'device' | 'precision'>;

/** Hub/checkpoint failures become API errors with their one-line message. */
function asApiFailure(e: unknown): never {
  if (e instanceof HubError) {
    throw new ApiFailure(e.code === 'not_found' ? 'not_found' : 'unavailable', e.message);
  }
  if (e instanceof CheckpointError) throw new ApiFailure('invalid_argument', e.message);
  throw e;
}

function isCached(repoId: string): boolean {
  const dir = repoCacheDir(repoId);
  const commit = cachedCommit(dir, 'main');
  return !!commit && cachedFileState(dir, commit, 'model.safetensors') === 'present';
}

/**
 * The pretrained model: load it, predict with its classifier, the known checkpoints. Loaded models
 * stay in this process (LRU of two), so "try an image" after the first is fast, and model.load then
 * model.predict with the same choice loads once (the CLI's predict does that).
 */
export function modelHandlers(ctx: EngineContext): HandlersFor<'model.predict' | 'model.load' | 'model.known'> {
  const models = new LoadedModels(2);
  ctx.closing.addEventListener('abort', () => void models.clear());
  let downloadJob = 0;
  // "run:<id>" names a completed run of this workspace: its exported Hugging Face folder.
  const modelSpec = (spec: string, precision: BackbonePrecision | undefined): { folder: string; precision?: BackbonePrecision } => {
    const runId = parseRunSpec(spec);
    if (runId === null) return { folder: spec, precision };
    if (precision) throw new ApiFailure('invalid_argument', `${spec} predicts with the precision it was trained on: leave out the precision (--int8).`);
    try {
      return runModel(ctx.ws, runId);
    } catch (e) {
      if (e instanceof RunModelError) throw new ApiFailure('not_found', e.message);
      throw e;
    }
  };
  const load = async (req: ModelChoice): Promise<LoadedModel> => {
    if (req.precision === 'int8' && req.engine === 'tfjs') throw new ApiFailure('invalid_argument', "int8 fast mode is ONNX Runtime's: it does not go with TF.js.");
    const jobId = `download-${++downloadJob}`;
    const spec = modelSpec(req.model, req.precision);
    return models
      .get(spec.folder, {
        precision: spec.precision,
        signal: ctx.closing,
        revision: req.revision,
        engine: req.engine,
        device: req.device,
        cacheDir: ctx.ws.paths.graphs,
        onNotice: (message) => ctx.emit({ type: 'notice', level: 'warning', message }),
        onProgress: (p) =>
          ctx.emit({
            type: 'progress',
            progress: {
              jobId,
              kind: 'download',
              phase: `downloading ${p.file}`,
              done: p.done,
              total: p.total,
              rate: p.rate,
              etaSeconds: p.rate > 0 ? (p.total - p.done) / p.rate : null,
            },
          }),
      })
      .catch(asApiFailure);
  };
  return {
    'model.load': async (req) => {
      const m = await load(req);
      return { model: req.model, folder: m.folder, engine: m.engine.info.engine, device: m.engine.info.device, precision: m.precision, labels: m.labels };
    },
    'model.predict': async (req) => {
      const inputs: Array<{ name: string; input: string | Buffer }> = req.images
        ? req.images.map((p) => ({ name: p, input: path.resolve(p) }))
        : [{ name: 'image', input: Buffer.from(req.imageData!, 'base64') }];
      for (const { name, input } of inputs) {
        if (typeof input === 'string' && !fs.existsSync(input)) throw new ApiFailure('not_found', `no such image: ${name}`);
      }
      const model = await load(req);
      try {
        return await predictImages(model, inputs, req.topK);
      } catch (e) {
        if (e instanceof ImageReadError || e instanceof NoClassifierError) throw new ApiFailure(e.code, e.message);
        throw e;
      }
    },
    'model.known': () => KNOWN_MODELS.map((m) => ({ ...m, cached: isCached(m.id) })),
  };
}
