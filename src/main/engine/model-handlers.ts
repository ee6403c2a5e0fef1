import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';
import { KNOWN_MODELS } from '../../shared/model/known-models';
import { CheckpointError } from '../model/checkpoint';
import { cachedCommit, cachedFileState, repoCacheDir } from '../model/hub-cache';
import { HubError } from '../model/hub';
import { LoadedModels, predictImages } from '../inference/predict';
import { parseRunSpec, RunModelError, runModel } from '../runs/run-model';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import type { BackbonePrecision } from '../../shared/api/runs';

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
 * The pretrained model: predict with its classifier, the known checkpoints, the compute backend.
 * Loaded models stay in this process (LRU of two), so "try an image" after the first is fast.
 */
export function modelHandlers(ctx: EngineContext): HandlersFor<'model.predict' | 'model.known'> {
  const models = new LoadedModels(2);
  ctx.closing.addEventListener('abort', () => void models.clear());
  let downloadJob = 0;
  // "run:<id>" names a completed run of this workspace: its exported Hugging Face folder.
  const modelSpec = (spec: string): { folder: string; precision?: BackbonePrecision } => {
    const runId = parseRunSpec(spec);
    if (runId === null) return { folder: spec };
    try {
      return runModel(ctx.ws, runId);
    } catch (e) {
      if (e instanceof RunModelError) throw new ApiFailure('not_found', e.message);
      throw e;
    }
  };
  return {
    'model.predict': async (req) => {
      const inputs: Array<{ name: string; input: string | Buffer }> = req.images
        ? req.images.map((p) => ({ name: p, input: path.resolve(p) }))
        : [{ name: 'image', input: Buffer.from(req.imageData!, 'base64') }];
      for (const { name, input } of inputs) {
        if (typeof input === 'string' && !fs.existsSync(input)) throw new ApiFailure('not_found', `no such image: ${name}`);
      }
      const jobId = `download-${++downloadJob}`;
      const spec = modelSpec(req.model);
      const model = await models
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
      try {
        return await predictImages(model, inputs, req.topK);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (/cannot read|classifier/.test(message)) throw new ApiFailure('invalid_argument', message);
        throw e;
      }
    },
    'model.known': () => KNOWN_MODELS.map((m) => ({ ...m, cached: isCached(m.id) })),
  };
}
