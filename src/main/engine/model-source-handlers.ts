// What a typed model is, checked before Train instead of failing a run: a local folder (it must be
// a Hugging Face checkpoint), a hub id (cached or to download; offline it must be cached), or a
// run of this workspace. Every refusal is one sentence saying what to do.
import fs from 'node:fs';
import path from 'node:path';
import type { CachedModelInfo, ModelCheck } from '../../shared/api/model';
import { KNOWN_MODELS } from '../../shared/model/known-models';
import { ApiFailure } from '../../shared/result';
import { listCachedModels, offlineAdvice } from '../model/cached-models';
import { CheckpointError, loadModelConfigSync, requireWeightsFile } from '../model/checkpoint';
import { isRepoId } from '../model/hub';
import { parseRunSpec, RunModelError, runModel } from '../runs/run-model';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { hubOffline } from '../model/hub-env';

const EXAMPLE = 'a hub id like google/vit-base-patch16-224';
const looksLikePath = (spec: string) => path.isAbsolute(spec) || /^(\.{1,2}|~)([/\\]|$)/.test(spec) || /^[A-Za-z]:[\\/]/.test(spec);

function checkFolder(spec: string): ModelCheck {
  const folder = path.resolve(spec);
  const st = fs.statSync(folder, { throwIfNoEntry: false });
  if (!st) {
    const tilde = spec.startsWith('~') ? ' (~ is not expanded: type the full path)' : '';
    throw new ApiFailure('not_found', `No model folder at ${folder}${tilde}: type the path of a folder with config.json and model.safetensors, or ${EXAMPLE}.`);
  }
  if (!st.isDirectory()) throw new ApiFailure('invalid_argument', `${folder} is a file: give the model folder (the one with config.json and model.safetensors).`);
  if (!fs.existsSync(path.join(folder, 'config.json'))) {
    throw new ApiFailure('invalid_argument', `${folder} has no config.json: a model folder is a Hugging Face checkpoint (config.json and model.safetensors, as save_pretrained writes them).`);
  }
  let modelType: string | null = null;
  try {
    modelType = loadModelConfigSync(folder).config.modelType ?? null;
    requireWeightsFile(folder);
  } catch (e) {
    if (e instanceof CheckpointError) throw new ApiFailure('invalid_argument', `${e.message.replace(/\.$/, '')}.`);
    throw e;
  }
  return { kind: 'folder', folder, ready: true, modelType, message: `Local model folder${modelType ? ` (${modelType})` : ''}.` };
}

function checkHubId(spec: string): ModelCheck {
  const [id, revision] = spec.split('@', 2) as [string, string | undefined];
  const cached = revision ? undefined : listCachedModels().find((m) => m.id === id);
  if (cached) return { kind: 'hub', folder: cached.folder, ready: true, modelType: cached.modelType, message: `${id} is downloaded (${(cached.bytes / 1e6).toFixed(0)} MB).` };
  if (hubOffline()) throw new ApiFailure('unavailable', `Working offline and ${spec} is not downloaded yet. ${offlineAdvice(id)}`);
  const known = KNOWN_MODELS.find((m) => m.id === id);
  const size = known ? ` (about ${(known.downloadBytes / 1e6).toFixed(0)} MB)` : '';
  return { kind: 'hub', folder: null, ready: false, modelType: null, message: `${spec} will be downloaded from the hub when training starts${size}.` };
}

/** The check of model.check and train.start (runs are checked by the caller, which has the workspace). */
export function checkModelSpec(spec: string): ModelCheck {
  const trimmed = spec.trim();
  if (looksLikePath(trimmed) || fs.existsSync(trimmed)) return checkFolder(trimmed);
  if (isRepoId(trimmed.split('@', 1)[0]!)) return checkHubId(trimmed);
  throw new ApiFailure('invalid_argument', `"${trimmed}" is neither a model folder on this computer nor ${EXAMPLE}.`);
}

export function modelSourceHandlers(ctx: EngineContext): HandlersFor<'model.cached' | 'model.check'> {
  return {
    'model.cached': (): CachedModelInfo[] =>
      listCachedModels().map((m) => ({ ...m, known: KNOWN_MODELS.some((k) => k.id === m.id) })),
    'model.check': ({ model }) => {
      const runId = parseRunSpec(model);
      if (runId === null) return checkModelSpec(model);
      try {
        const { folder } = runModel(ctx.ws, runId);
        return { kind: 'run', folder, ready: true, modelType: null, message: `The model of run ${runId}.` };
      } catch (e) {
        if (e instanceof RunModelError) throw new ApiFailure('not_found', e.message);
        throw e;
      }
    },
  };
}
