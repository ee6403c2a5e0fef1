// A loopback HTTP server that answers like huggingface.co for /<repo>/resolve/<rev>/<file>, so the
// hub client can be tested offline: HF_ENDPOINT=hub.url.
//
//   const hub = await startFakeHub({repos: {'org/tiny': {commit, files: {'config.json': buf, ...}}}});
//   hub.url, hub.requests (method, path, range, authorization), hub.cutNext(file, bytes), hub.stop()
//   hub.push(repoId, {commit, files}): a new commit on main (earlier commits stay reachable by hash)
//   hub.outage(503): every answer is that status until hub.outage(null) (the hub is down)
//   hub.failNext(file, status): the next CDN download of `file` answers `status` (interrupted download)
//
// Like the real hub: LFS files (*.safetensors by default) answer 302 to a CDN URL with
// X-Linked-Etag (sha256) and X-Linked-Size; small files answer 200 with a git-blob-sha1 ETag;
// every answer carries X-Repo-Commit; errors carry X-Error-Code (RepoNotFound, EntryNotFound,
// RevisionNotFound, GatedRepo). The CDN honours Range requests.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRepo {
  commit: string;
  files: Record<string, Buffer>;
  /** Files served through LFS (302 to the CDN). Default: names ending in .safetensors or .bin. */
  lfs?: string[];
  /** Needs `Authorization: Bearer <token>`; without it 401 GatedRepo. */
  token?: string;
}

export interface FakeHubRequest {
  method: string;
  path: string;
  range?: string;
  authorization?: string;
}

export interface FakeHub {
  url: string;
  requests: FakeHubRequest[];
  /** The next CDN download of `file` sends only `bytes` bytes of its body, then drops the connection. */
  cutNext(file: string, bytes: number): void;
  /** A new commit on main of `repoId`, with these files (the old commit stays reachable by its hash). */
  push(repoId: string, commit: { commit: string; files: Record<string, Buffer> }): void;
  /** Every request answers `status` (e.g. 503) until called with null. */
  outage(status: number | null): void;
  /** The next CDN download of `file` answers `status` with no body. */
  failNext(file: string, status: number): void;
  stop(): Promise<void>;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitBlobSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

export async function startFakeHub(opts: { repos: Record<string, FakeRepo>; renames?: Record<string, string> }): Promise<FakeHub> {
  const requests: FakeHubRequest[] = [];
  const cuts = new Map<string, number>();
  const failures = new Map<string, number>();
  let down: number | null = null;
  const blobs = new Map<string, { file: string; data: Buffer }>();
  const addBlobs = (files: Record<string, Buffer>) => {
    for (const [file, data] of Object.entries(files)) blobs.set(sha256(data), { file, data });
  };
  // Every commit of every repo by hash: main moves on a push, old commits stay downloadable.
  const history = new Map<string, Map<string, Record<string, Buffer>>>();
  for (const [id, repo] of Object.entries(opts.repos)) {
    addBlobs(repo.files);
    history.set(id, new Map([[repo.commit, repo.files]]));
  }
  const isLfs = (repo: FakeRepo, file: string) => (repo.lfs ? repo.lfs.includes(file) : /\.(safetensors|bin)$/.test(file));

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      range: req.headers.range,
      authorization: req.headers.authorization,
    });
    const fail = (status: number, code: string, commit?: string) => {
      res.writeHead(status, { 'X-Error-Code': code, ...(commit ? { 'X-Repo-Commit': commit } : {}) });
      res.end(code);
    };
    if (down !== null) {
      res.writeHead(down);
      return res.end('the hub is down');
    }

    const cdn = /^\/cdn\/([0-9a-f]{64})$/.exec(url.pathname);
    if (cdn) {
      const blob = blobs.get(cdn[1]!);
      if (!blob) return fail(404, 'NotFound');
      const failure = failures.get(blob.file);
      if (failure !== undefined) {
        failures.delete(blob.file);
        res.writeHead(failure);
        return res.end();
      }
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const body = blob.data.subarray(start);
      res.writeHead(range ? 206 : 200, {
        'Content-Length': String(body.length),
        ...(range ? { 'Content-Range': `bytes ${start}-${blob.data.length - 1}/${blob.data.length}` } : {}),
      });
      if (req.method === 'HEAD') return res.end();
      const cut = cuts.get(blob.file);
      if (cut !== undefined) {
        cuts.delete(blob.file);
        res.write(body.subarray(0, cut), () => res.socket?.destroy());
        return;
      }
      return res.end(body);
    }

    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!m) return fail(404, 'NotFound');
    const [, repoId, revision, file] = m as unknown as [string, string, string, string];
    const renamed = opts.renames?.[repoId];
    if (renamed) {
      res.writeHead(307, { Location: `/${renamed}/resolve/${revision}/${file}` });
      return res.end();
    }
    const repo = opts.repos[repoId];
    if (!repo) return fail(404, 'RepoNotFound');
    if (repo.token && req.headers.authorization !== `Bearer ${repo.token}`) return fail(401, 'GatedRepo');
    const files = revision === 'main' ? repo.files : history.get(repoId)?.get(revision);
    if (!files) return fail(404, 'RevisionNotFound');
    const commit = revision === 'main' ? repo.commit : revision;
    const data = files[file];
    if (!data) return fail(404, 'EntryNotFound', commit);
    if (isLfs(repo, file)) {
      const hash = sha256(data);
      const host = `http://${req.headers.host}`;
      res.writeHead(302, {
        Location: `${host}/cdn/${hash}`,
        'X-Repo-Commit': commit,
        'X-Linked-Etag': `"${hash}"`,
        'X-Linked-Size': String(data.length),
        ETag: `"${hash}"`,
      });
      return res.end();
    }
    res.writeHead(200, {
      'X-Repo-Commit': commit,
      ETag: `"${gitBlobSha1(data)}"`,
      'Content-Length': String(data.length),
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cutNext: (file, bytes) => cuts.set(file, bytes),
    push: (repoId, { commit, files }) => {
      const repo = opts.repos[repoId]!;
      repo.commit = commit;
      repo.files = files;
      addBlobs(files);
      history.get(repoId)!.set(commit, files);
    },
    outage: (status) => {
      down = status;
    },
    failNext: (file, status) => failures.set(file, status),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
