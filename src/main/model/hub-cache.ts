// The huggingface_hub cache layout, shared with Python tools on the same machine:
//
//   <cache>/models--org--name/blobs/<etag>                  file contents (etag = sha256 for LFS)
//   <cache>/models--org--name/snapshots/<commit>/<file>     relative symlink → ../../blobs/<etag>
//   <cache>/models--org--name/refs/<revision>               the commit hash the revision points to
//   <cache>/models--org--name/.no_exist/<commit>/<file>     empty: "this file does not exist there"
//
//   hubCacheDir() → where the cache is, as huggingface_hub finds it (hub-env.ts)
//   repoCacheDir(repoId), cachedSnapshot(repoId, revision, files), linkSnapshotFile(...)
import fs from 'node:fs';
import path from 'node:path';
import { hubCacheDir } from './hub-env';

export { hubCacheDir };

export function repoCacheDir(repoId: string, cacheDir = hubCacheDir()): string {
  return path.join(cacheDir, `models--${repoId.split('/').join('--')}`);
}

export const isCommitHash = (revision: string) => /^[0-9a-f]{40}$/.test(revision);

/** The commit a revision points to in the cache, or null. */
export function cachedCommit(repoDir: string, revision: string): string | null {
  if (isCommitHash(revision)) return revision;
  try {
    const commit = fs.readFileSync(path.join(repoDir, 'refs', revision), 'utf8').trim();
    return isCommitHash(commit) ? commit : null;
  } catch {
    return null;
  }
}

export type CachedFile = 'present' | 'absent-upstream' | 'unknown';

/** Whether `file` of snapshot `commit` is usable (the symlink resolves), known not to exist, or unknown. */
export function cachedFileState(repoDir: string, commit: string, file: string): CachedFile {
  if (fs.existsSync(path.join(repoDir, 'snapshots', commit, file))) return 'present';
  if (fs.existsSync(path.join(repoDir, '.no_exist', commit, file))) return 'absent-upstream';
  return 'unknown';
}

export function writeRef(repoDir: string, revision: string, commit: string): void {
  if (revision === commit) return;
  const ref = path.join(repoDir, 'refs', revision);
  fs.mkdirSync(path.dirname(ref), { recursive: true });
  // huggingface_hub writes the bare hash, no newline.
  fs.writeFileSync(ref, commit);
}

export function markAbsent(repoDir: string, commit: string, file: string): void {
  const marker = path.join(repoDir, '.no_exist', commit, file);
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  fs.writeFileSync(marker, '');
}

export function blobPath(repoDir: string, etag: string): string {
  return path.join(repoDir, 'blobs', etag);
}

/** snapshots/<commit>/<file> → relative symlink to the blob (a copy where symlinks are refused). */
export function linkSnapshotFile(repoDir: string, commit: string, file: string, etag: string): string {
  const pointer = path.join(repoDir, 'snapshots', commit, file);
  fs.mkdirSync(path.dirname(pointer), { recursive: true });
  const target = path.relative(path.dirname(pointer), blobPath(repoDir, etag));
  fs.rmSync(pointer, { force: true });
  try {
    fs.symlinkSync(target, pointer);
  } catch {
    fs.copyFileSync(blobPath(repoDir, etag), pointer); // e.g. Windows without developer mode
  }
  return pointer;
}
