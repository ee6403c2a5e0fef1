// A loopback HTTP server that answers like huggingface.co for /<repo>/resolve/<rev>/<file>, so the
// hub client can be tested offline: HF_ENDPOINT=hub.url.
//
//   const hub = await startFakeHub({repos: {'org/tiny': {commit, files: {'config.json': buf, ...}}}});
//   hub.url, hub.requests (method, path, range, authorization), hub.cutNext(file, bytes), hub.stop()
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
  stop(): Promise<void>;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitBlobSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

export async function startFakeHub(opts: { repos: Record<string, FakeRepo>; renames?: Record<string, string> }): Promise<FakeHub> {
  const requests: FakeHubRequest[] = [];
  const cuts = new Map<string, number>();
  const blobs = new Map<string, { file: string; data: Buffer }>();
  for (const repo of Object.values(opts.repos)) {
    for (const [file, data] of Object.entries(repo.files)) blobs.set(sha256(data), { file, data });
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

    const cdn = /^\/cdn\/([0-9a-f]{64})$/.exec(url.pathname);
    if (cdn) {
      const blob = blobs.get(cdn[1]!);
      if (!blob) return fail(404, 'NotFound');
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
    if (revision !== 'main' && revision !== repo.commit) return fail(404, 'RevisionNotFound');
    const data = repo.files[file];
    if (!data) return fail(404, 'EntryNotFound', repo.commit);
    if (isLfs(repo, file)) {
      const hash = sha256(data);
      const host = `http://${req.headers.host}`;
      res.writeHead(302, {
        Location: `${host}/cdn/${hash}`,
        'X-Repo-Commit': repo.commit,
        'X-Linked-Etag': `"${hash}"`,
        'X-Linked-Size': String(data.length),
        ETag: `"${hash}"`,
      });
      return res.end();
    }
    res.writeHead(200, {
      'X-Repo-Commit': repo.commit,
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
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
