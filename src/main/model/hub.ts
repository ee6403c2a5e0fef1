// Model folders from a local path or the Hugging Face hub, cached exactly like huggingface_hub.
//
//   resolveModel(spec, {revision='main', onProgress, signal}) → Promise<string> (local folder)
//     spec: an existing folder → that folder; "org/name" (or "org/name@rev") → download into the
//     hub cache (HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub) and return the snapshot.
//   HubError: a one-line message a user can act on (gated/private, no such model, offline…).
//
// Env: HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (Bearer), HF_HUB_OFFLINE=1 (cache only).
// Protocol as huggingface_hub's hf_hub_download: HEAD on /<repo>/resolve/<rev>/<file> without
// following absolute redirects (relative ones are renamed repos and are followed); metadata from
// that first response (X-Repo-Commit, X-Linked-Etag|ETag, X-Linked-Size|Content-Length, Location);
// GET the Location into blobs/<etag>.incomplete, resuming with Range after a cut, verify size and
// sha256, rename, symlink from snapshots/<commit>/<file>, write refs/<revision>.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  blobPath,
  cachedCommit,
  cachedFileState,
  hubCacheDir,
  isCommitHash,
  linkSnapshotFile,
  markAbsent,
  repoCacheDir,
  writeRef,
} from './hub-cache';
import { offlineAdvice } from './cached-models';

export interface DownloadProgress {
  file: string;
  done: number;
  total: number;
  /** Bytes per second over this download. */
  rate: number;
}

export interface ResolveOptions {
  revision?: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

export class HubError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubError';
  }
}

const REQUIRED = ['config.json', 'model.safetensors'];
const OPTIONAL = ['preprocessor_config.json'];
const MAX_ATTEMPTS = 5;

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

export function isRepoId(spec: string): boolean {
  return REPO_ID.test(spec) && !spec.includes('..');
}

const endpoint = () => (process.env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
const offline = () => ['1', 'on', 'yes', 'true'].includes((process.env.HF_HUB_OFFLINE ?? '').toLowerCase());

export async function resolveModel(spec: string, opts: ResolveOptions = {}): Promise<string> {
  if (fs.existsSync(spec)) {
    if (!fs.statSync(spec).isDirectory()) throw new HubError(`${spec} is a file; give the model folder (with config.json)`);
    return path.resolve(spec);
  }
  const [repoId, atRevision] = spec.split('@', 2) as [string, string | undefined];
  if (!isRepoId(repoId)) {
    throw new HubError(`model "${spec}": no such folder, and not a hub id like "google/vit-base-patch16-224"`);
  }
  const revision = atRevision ?? opts.revision ?? 'main';
  const repoDir = repoCacheDir(repoId, hubCacheDir());

  const commit = cachedCommit(repoDir, revision);
  if (commit) {
    const states = [...REQUIRED, ...OPTIONAL].map((f) => cachedFileState(repoDir, commit, f));
    const complete = REQUIRED.every((_, i) => states[i] === 'present');
    const optionalKnown = OPTIONAL.every((_, i) => states[REQUIRED.length + i] !== 'unknown');
    if (complete && (optionalKnown || offline())) return path.join(repoDir, 'snapshots', commit);
  }
  if (offline()) {
    throw new HubError(`Working offline (HF_HUB_OFFLINE) and ${repoId}@${revision} is not downloaded yet. ${offlineAdvice(repoId)}`);
  }
  let snapshotCommit: string | null = null;
  for (const file of [...REQUIRED, ...OPTIONAL]) {
    const got = await downloadFile(repoId, revision, file, repoDir, !REQUIRED.includes(file), opts);
    snapshotCommit ??= got;
  }
  return path.join(repoDir, 'snapshots', snapshotCommit!);
}

interface FileMetadata {
  commit: string;
  etag: string;
  size: number;
  location: string;
}

function authHeaders(url: string): Record<string, string> {
  const token = process.env.HF_TOKEN || process.env.HUGGING_FACE_HUB_TOKEN;
  // Never send the token to another host (the LFS CDN gets a signed URL instead).
  return token && new URL(url).origin === new URL(endpoint()).origin ? { Authorization: `Bearer ${token}` } : {};
}

function failure(status: number, headers: Headers, repoId: string, file: string): HubError {
  const code = headers.get('x-error-code');
  if (code === 'RepoNotFound' || (status === 404 && !code)) {
    return new HubError(`${repoId}: no such model or file on the hub (private? set HF_TOKEN) [HTTP ${status}]`);
  }
  if (code === 'EntryNotFound' || code === 'RevisionNotFound' || status === 404) {
    return new HubError(`${repoId}: no such model or file: ${file} [HTTP ${status}${code ? ` ${code}` : ''}]`);
  }
  if (status === 401 || status === 403) {
    return new HubError(`${repoId} is gated or private: set HF_TOKEN to a token with access [HTTP ${status}]`);
  }
  return new HubError(`${repoId}/${file}: hub answered HTTP ${status}`);
}

const unquote = (etag: string) => etag.replace(/^W\//, '').replace(/^"|"$/g, '');

/** HEAD like huggingface_hub.get_hf_file_metadata; null for a 404 on an optional file. */
async function fetchMetadata(
  repoId: string,
  revision: string,
  file: string,
  repoDir: string,
  optional: boolean,
  signal?: AbortSignal,
): Promise<FileMetadata | null> {
  let url = `${endpoint()}/${repoId}/resolve/${encodeURIComponent(revision)}/${file}`;
  for (let hop = 0; hop < 10; hop++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'HEAD',
        redirect: 'manual',
        headers: { ...authHeaders(url), 'Accept-Encoding': 'identity', 'User-Agent': 'vit-studio' },
        signal,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      const why = String((e as Error).cause ?? (e as Error).message).replace(/^Error: /, '');
      throw new HubError(`Cannot download ${repoId}: the model hub (${endpoint()}) cannot be reached (${why}). ${offlineAdvice(repoId)}`);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location && !/^[a-z][a-z0-9+.-]*:/i.test(location)) {
      url = new URL(location, url).toString(); // renamed repo: relative redirect, follow it
      continue;
    }
    const commit = res.headers.get('x-repo-commit');
    if (res.status === 404 && optional && res.headers.get('x-error-code') !== 'RepoNotFound') {
      if (commit && isCommitHash(commit)) markAbsent(repoDir, commit, file);
      return null;
    }
    if (res.status >= 400) throw failure(res.status, res.headers, repoId, file);
    const etagHeader = res.headers.get('x-linked-etag') ?? res.headers.get('etag');
    const sizeHeader = res.headers.get('x-linked-size') ?? res.headers.get('content-length');
    if (!commit || !etagHeader || !sizeHeader) {
      throw new HubError(`${repoId}/${file}: the hub's answer lacks X-Repo-Commit/ETag/size headers (proxy in the way?)`);
    }
    return {
      commit,
      etag: unquote(etagHeader),
      size: Number(sizeHeader),
      location: location ? new URL(location, url).toString() : url,
    };
  }
  throw new HubError(`${repoId}/${file}: too many redirects`);
}

/** Downloads one file into the cache; returns the commit it belongs to (null: optional and absent). */
async function downloadFile(
  repoId: string,
  revision: string,
  file: string,
  repoDir: string,
  optional: boolean,
  opts: ResolveOptions,
): Promise<string | null> {
  const meta = await fetchMetadata(repoId, revision, file, repoDir, optional, opts.signal);
  if (!meta) return null;
  const blob = blobPath(repoDir, meta.etag);
  if (!fs.existsSync(blob)) await downloadBlob(meta, blob, file, opts);
  linkSnapshotFile(repoDir, meta.commit, file, meta.etag);
  writeRef(repoDir, revision, meta.commit);
  return meta.commit;
}

async function downloadBlob(meta: FileMetadata, blob: string, file: string, opts: ResolveOptions): Promise<void> {
  fs.mkdirSync(path.dirname(blob), { recursive: true });
  const incomplete = `${blob}.incomplete`;
  const started = performance.now();
  let startedAt = fs.existsSync(incomplete) ? fs.statSync(incomplete).size : 0;
  let lastReport = 0;
  const report = (done: number, force = false) => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastReport < 100)) return;
    lastReport = now;
    const seconds = Math.max(1e-3, (now - started) / 1000);
    opts.onProgress({ file, done, total: meta.size, rate: (done - startedAt) / seconds });
  };
  for (let attempt = 1; ; attempt++) {
    let done = fs.existsSync(incomplete) ? fs.statSync(incomplete).size : 0;
    if (done > meta.size) {
      fs.rmSync(incomplete); // not ours / stale: start over
      done = 0;
    }
    try {
      if (done < meta.size) {
        const headers: Record<string, string> = { ...authHeaders(meta.location), 'Accept-Encoding': 'identity' };
        if (done > 0) headers.Range = `bytes=${done}-`;
        const res = await fetch(meta.location, { headers, signal: opts.signal });
        if (res.status >= 400) throw failure(res.status, res.headers, meta.location, file);
        if (done > 0 && res.status !== 206) done = 0; // server ignored Range: rewrite from the start
        const fd = fs.openSync(incomplete, done > 0 ? 'a' : 'w');
        try {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            fs.writeSync(fd, chunk);
            done += chunk.length;
            report(done);
          }
        } finally {
          fs.closeSync(fd);
        }
      }
      report(done, true);
      await verify(incomplete, meta);
      fs.renameSync(incomplete, blob);
      return;
    } catch (e) {
      if (opts.signal?.aborted || e instanceof HubError || attempt >= MAX_ATTEMPTS) {
        if (e instanceof HubError && e.message.includes('checksum')) fs.rmSync(incomplete, { force: true });
        throw e instanceof HubError || opts.signal?.aborted
          ? e
          : new HubError(`download of ${file} failed after ${attempt} attempts: ${(e as Error).message}`);
      }
      // Connection cut: go round again, resuming from what is on disk.
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}

async function verify(file: string, meta: FileMetadata): Promise<void> {
  const size = fs.statSync(file).size;
  if (size < meta.size) throw new Error(`connection closed at ${size} of ${meta.size} bytes`);
  if (size > meta.size) {
    fs.rmSync(file);
    throw new HubError(`downloaded ${size} bytes, the hub announced ${meta.size}; removed, try again`);
  }
  if (!/^[0-9a-f]{64}$/.test(meta.etag)) return; // git blob sha1 of a small file: size check only
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== meta.etag) {
    throw new HubError(`checksum mismatch for ${path.basename(file)} (sha256 ≠ ${meta.etag}); removed, try again`);
  }
}
