// Model folders from a local path or the Hugging Face hub, cached exactly like huggingface_hub.
//
//   resolveModel(spec, {revision='main', onProgress, onNotice, signal}) → Promise<string> (local folder)
//     spec: an existing folder → that folder; "org/name" (or "org/name@rev") → the snapshot folder
//     in the hub cache (see hub-env.ts for where), downloaded or updated first when needed.
//   HubError: a one-line message a user can act on (gated/private, no such revision, offline…).
//
// As huggingface_hub: a commit hash is immutable, so a cached one is used without a request; a
// branch or tag is rechecked with one HEAD when online (a push to main moves refs/main), and when
// the hub cannot be reached the cached snapshot is used with a notice. Offline (HF_HUB_OFFLINE,
// TRANSFORMERS_OFFLINE) the cache alone answers. A download fetches every blob first and only
// then links snapshots/<commit>/ and writes refs/<revision>: an interrupted download leaves no
// snapshot that Python's snapshot_download(local_files_only=True) would take for a complete one.
import fs from 'node:fs';
import path from 'node:path';
import { offlineAdvice } from './cached-models';
import { blobPath, cachedCommit, cachedFileState, isCommitHash, linkSnapshotFile, repoCacheDir, writeRef } from './hub-cache';
import { downloadBlob, type DownloadProgress } from './hub-download';
import { hubCacheDir, hubOffline } from './hub-env';
import { HubError } from './hub-error';
import { fetchMetadata, type FileMetadata } from './hub-http';

export { HubError, type DownloadProgress };

export interface ResolveOptions {
  revision?: string;
  onProgress?: (p: DownloadProgress) => void;
  /** One-line notices, e.g. "the hub could not be checked: using the cached copy". */
  onNotice?: (message: string) => void;
  signal?: AbortSignal;
}

const REQUIRED = ['config.json', 'model.safetensors'];
const OPTIONAL = ['preprocessor_config.json'];

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

export function isRepoId(spec: string): boolean {
  return REPO_ID.test(spec) && !spec.includes('..');
}

interface CachedSnapshot {
  commit: string;
  folder: string;
  /** Every required file is there. */
  complete: boolean;
  /** Every optional file is there or known to be absent upstream (.no_exist). */
  optionalKnown: boolean;
}

function cachedSnapshot(repoDir: string, revision: string): CachedSnapshot | null {
  const commit = cachedCommit(repoDir, revision);
  if (!commit) return null;
  const state = (f: string) => cachedFileState(repoDir, commit, f);
  return {
    commit,
    folder: path.join(repoDir, 'snapshots', commit),
    complete: REQUIRED.every((f) => state(f) === 'present'),
    optionalKnown: OPTIONAL.every((f) => state(f) !== 'unknown'),
  };
}

export async function resolveModel(spec: string, opts: ResolveOptions = {}): Promise<string> {
  if (fs.existsSync(spec)) {
    if (!fs.statSync(spec).isDirectory()) throw new HubError(`${spec} is a file; give the model folder (with config.json)`, { code: 'not_found' });
    return path.resolve(spec);
  }
  const [repoId, atRevision] = spec.split('@', 2) as [string, string | undefined];
  if (!isRepoId(repoId)) {
    throw new HubError(`model "${spec}": no such folder, and not a hub id like "google/vit-base-patch16-224"`, { code: 'not_found' });
  }
  const revision = atRevision ?? opts.revision ?? 'main';
  const repoDir = repoCacheDir(repoId, hubCacheDir());
  const cached = cachedSnapshot(repoDir, revision);
  const offline = hubOffline();
  if (cached?.complete && (offline || (isCommitHash(revision) && cached.optionalKnown))) return cached.folder;
  if (offline) {
    throw new HubError(`Working offline (HF_HUB_OFFLINE) and ${repoId}@${revision} is not downloaded yet. ${offlineAdvice(repoId)}`);
  }

  // Online: which commit is the revision now? One HEAD (config.json's metadata carries it).
  let config: FileMetadata;
  try {
    config = (await fetchMetadata(repoId, revision, 'config.json', repoDir, false, opts.signal))!;
  } catch (e) {
    if (!cached?.complete || opts.signal?.aborted || !(e instanceof HubError) || !e.cacheUsable) throw e;
    opts.onNotice?.(
      `The model hub could not be checked for a newer ${repoId}@${revision} (${e.reason}): using the copy downloaded before (commit ${cached.commit.slice(0, 7)}).`,
    );
    return cached.folder;
  }
  const commit = config.commit;
  if (cached?.complete && cached.commit === commit && cached.optionalKnown) return cached.folder;
  return downloadSnapshot(repoId, revision, commit, repoDir, config, opts);
}

/** Every file of the snapshot at `commit` into blobs/ first; then the snapshot links and the ref. */
async function downloadSnapshot(
  repoId: string,
  revision: string,
  commit: string,
  repoDir: string,
  config: FileMetadata,
  opts: ResolveOptions,
): Promise<string> {
  // The other files by commit hash: a push during the download cannot mix two commits.
  const files: Array<[string, FileMetadata]> = [['config.json', config]];
  for (const file of [...REQUIRED, ...OPTIONAL].filter((f) => f !== 'config.json')) {
    const meta = await fetchMetadata(repoId, commit, file, repoDir, OPTIONAL.includes(file), opts.signal);
    if (meta) files.push([file, meta]);
  }
  for (const [file, meta] of files) {
    const blob = blobPath(repoDir, meta.etag);
    if (!fs.existsSync(blob)) await downloadBlob({ ...meta, repoId, revision }, blob, file, opts);
  }
  for (const [file, meta] of files) linkSnapshotFile(repoDir, commit, file, meta.etag);
  writeRef(repoDir, revision, commit);
  return path.join(repoDir, 'snapshots', commit);
}
