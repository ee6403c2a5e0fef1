// One blob from the hub into the cache, as huggingface_hub's http_get: GET the file's location
// into blobs/<etag>.incomplete, resume with Range after a cut, verify size and sha256, rename.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HubError, networkCause } from './hub-error';
import { authHeaders, failure, type FileMetadata } from './hub-http';

export interface DownloadProgress {
  file: string;
  done: number;
  total: number;
  /** Bytes per second over this download. */
  rate: number;
}

const MAX_ATTEMPTS = 5;

export async function downloadBlob(
  meta: FileMetadata & { repoId: string; revision: string },
  blob: string,
  file: string,
  opts: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal },
): Promise<void> {
  fs.mkdirSync(path.dirname(blob), { recursive: true });
  const incomplete = `${blob}.incomplete`;
  const started = performance.now();
  const startedAt = fs.existsSync(incomplete) ? fs.statSync(incomplete).size : 0;
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
        if (res.status >= 400) throw failure(res.status, res.headers, meta.repoId, file, meta.revision);
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
        throw e instanceof HubError || opts.signal?.aborted
          ? e
          : new HubError(`download of ${file} failed after ${attempt} attempts: ${networkCause(e)}`);
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
    fs.rmSync(file, { force: true });
    throw new HubError(`checksum mismatch for ${path.basename(file)} (sha256 ≠ ${meta.etag}); removed, try again`);
  }
}
