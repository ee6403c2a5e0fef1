// One file's metadata from the hub, as huggingface_hub's get_hf_file_metadata: HEAD on
// /<repo>/resolve/<rev>/<file> without following absolute redirects (relative ones are renamed
// repos and are followed); X-Repo-Commit, X-Linked-Etag|ETag, X-Linked-Size|Content-Length and
// Location from that first response. Errors become HubErrors that name what is missing.
import { offlineAdvice } from './cached-models';
import { isCommitHash, markAbsent } from './hub-cache';
import { hfToken, hubEndpoint } from './hub-env';
import { HubError, networkCause } from './hub-error';

export interface FileMetadata {
  commit: string;
  etag: string;
  size: number;
  location: string;
}

/** The Authorization header for `url`: never sent to another host (the LFS CDN gets a signed URL). */
export function authHeaders(url: string): Record<string, string> {
  const token = hfToken();
  return token && new URL(url).origin === new URL(hubEndpoint()).origin ? { Authorization: `Bearer ${token}` } : {};
}

export function failure(status: number, headers: Headers, repoId: string, file: string, revision: string): HubError {
  const code = headers.get('x-error-code');
  const reason = `HTTP ${status}${code ? ` ${code}` : ''}`;
  const http = `[${reason}]`;
  if (code === 'RevisionNotFound') {
    return new HubError(`${repoId} has no revision "${revision}" on the hub (a branch, tag or commit) ${http}`, { code: 'not_found', cacheUsable: false, reason });
  }
  if (code === 'RepoNotFound' || (status === 404 && !code)) {
    return new HubError(`${repoId}: no such model or file on the hub (private? set HF_TOKEN, or log in with \`hf auth login\`) ${http}`, { code: 'not_found', reason });
  }
  if (code === 'EntryNotFound' || status === 404) {
    return new HubError(`${repoId}: no such file at revision "${revision}": ${file} ${http}`, { code: 'not_found', cacheUsable: false, reason });
  }
  if (status === 401 || status === 403) {
    return new HubError(`${repoId} is gated or private: set HF_TOKEN to a token with access, or log in with \`hf auth login\` ${http}`, { code: 'unauthorized', reason });
  }
  return new HubError(`${repoId}/${file}: the hub answered HTTP ${status}`, { reason });
}

const unquote = (etag: string) => etag.replace(/^W\//, '').replace(/^"|"$/g, '');

/** HEAD like huggingface_hub.get_hf_file_metadata; null for a 404 on an optional file. */
export async function fetchMetadata(
  repoId: string,
  revision: string,
  file: string,
  repoDir: string,
  optional: boolean,
  signal?: AbortSignal,
): Promise<FileMetadata | null> {
  let url = `${hubEndpoint()}/${repoId}/resolve/${encodeURIComponent(revision)}/${file}`;
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
      const reason = networkCause(e);
      throw new HubError(`Cannot download ${repoId}: the model hub (${hubEndpoint()}) cannot be reached (${reason}). ${offlineAdvice(repoId)}`, { reason });
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location && !/^[a-z][a-z0-9+.-]*:/i.test(location)) {
      url = new URL(location, url).toString(); // renamed repo: relative redirect, follow it
      continue;
    }
    const commit = res.headers.get('x-repo-commit');
    const errorCode = res.headers.get('x-error-code');
    if (res.status === 404 && optional && errorCode !== 'RepoNotFound' && errorCode !== 'RevisionNotFound') {
      if (commit && isCommitHash(commit)) markAbsent(repoDir, commit, file);
      return null;
    }
    if (res.status >= 400) throw failure(res.status, res.headers, repoId, file, revision);
    const etagHeader = res.headers.get('x-linked-etag') ?? res.headers.get('etag');
    const sizeHeader = res.headers.get('x-linked-size') ?? res.headers.get('content-length');
    if (!commit || !etagHeader || !sizeHeader) {
      throw new HubError(`${repoId}/${file}: the hub's answer lacks X-Repo-Commit/ETag/size headers (proxy in the way?)`);
    }
    return { commit, etag: unquote(etagHeader), size: Number(sizeHeader), location: location ? new URL(location, url).toString() : url };
  }
  throw new HubError(`${repoId}/${file}: too many redirects`);
}
