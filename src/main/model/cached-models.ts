// The hub models already on this machine (the huggingface_hub cache, shared with Python), and the
// advice given when a hub model cannot be downloaded: pick one of these or a local folder. Said
// in words that fit every host (app, browser, CLI): no shell variables to set.
import fs from 'node:fs';
import path from 'node:path';
import { cachedCommit, hubCacheDir } from './hub-cache';
import { readModelJsonSync } from './model-files';

export interface CachedHubModel {
  /** Hub repo id, e.g. "google/vit-base-patch16-224". */
  id: string;
  commit: string;
  /** The snapshot folder (config.json + model.safetensors). */
  folder: string;
  /** config.json's model_type ("vit", "dinov2", …), null when unreadable. */
  modelType: string | null;
  /** Bytes of model.safetensors. */
  bytes: number;
}

function modelType(folder: string): string | null {
  try {
    // Regular file of at most 1 MB only: a FIFO in a snapshot must not hang the model list.
    const type = (readModelJsonSync(path.join(folder, 'config.json'), true) as { model_type?: unknown }).model_type;
    return typeof type === 'string' ? type.slice(0, 100) : null;
  } catch {
    return null;
  }
}

/** The usable snapshot of one cached repo: refs/main's commit, else the newest complete snapshot. */
function usableSnapshot(repoDir: string): { commit: string; folder: string; bytes: number } | null {
  const complete = (commit: string) => {
    const folder = path.join(repoDir, 'snapshots', commit);
    const weights = fs.statSync(path.join(folder, 'model.safetensors'), { throwIfNoEntry: false });
    const config = fs.statSync(path.join(folder, 'config.json'), { throwIfNoEntry: false });
    return weights?.isFile() && config?.isFile() ? { commit, folder, bytes: weights.size } : null;
  };
  const main = cachedCommit(repoDir, 'main');
  const fromMain = main ? complete(main) : null;
  if (fromMain) return fromMain;
  let snapshots: fs.Dirent[] = [];
  try {
    snapshots = fs.readdirSync(path.join(repoDir, 'snapshots'), { withFileTypes: true });
  } catch {
    return null;
  }
  const found = snapshots
    .filter((d) => d.isDirectory())
    .map((d) => ({ found: complete(d.name), mtime: fs.statSync(path.join(repoDir, 'snapshots', d.name)).mtimeMs }))
    .filter((s) => s.found)
    .sort((a, b) => b.mtime - a.mtime);
  return found[0]?.found ?? null;
}

/** Every model in the hub cache with config.json and model.safetensors, sorted by id. */
export function listCachedModels(cacheDir = hubCacheDir()): CachedHubModel[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(cacheDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const models: CachedHubModel[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !e.name.startsWith('models--')) continue;
    const snapshot = usableSnapshot(path.join(cacheDir, e.name));
    if (!snapshot) continue;
    const id = e.name.slice('models--'.length).split('--').join('/');
    models.push({ id, ...snapshot, modelType: modelType(snapshot.folder) });
  }
  return models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What to do when `repoId` cannot be downloaded: the cached models by name, or a local folder. */
export function offlineAdvice(repoId: string, cacheDir = hubCacheDir()): string {
  const cached = listCachedModels(cacheDir).map((m) => m.id).filter((id) => id !== repoId);
  const pick = cached.length
    ? `Pick a model already on this computer (${cached.slice(0, 5).join(', ')}${cached.length > 5 ? `, and ${cached.length - 5} more` : ''})`
    : 'No hub model is on this computer yet: pick';
  return `${pick}${cached.length ? ', or' : ''} a local model folder with config.json and model.safetensors${cached.length ? '' : ' (a Hugging Face checkpoint)'}, or connect to the internet to download ${repoId} once.`;
}
