// The hub client against a loopback fake hub: cache layout identical to huggingface_hub's, reuse
// without network, offline mode, resumed downloads, and the error messages.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveModel } from '../../../src/main/model/hub';
import { loadCheckpoint } from '../../../src/main/model/checkpoint';
import { startFakeHub, type FakeHub } from '../../helpers/fake-hub';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';

const COMMIT = 'a'.repeat(32) + '12345678';
const OTHER_COMMIT = 'b'.repeat(40);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-hub-'));
const ck = makeTinyCheckpoint(path.join(root, 'src'), { seed: 4 });
const files = Object.fromEntries(
  ['config.json', 'preprocessor_config.json', 'model.safetensors'].map((f) => [f, fs.readFileSync(path.join(ck.folder, f))]),
);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

let hub: FakeHub;
let cacheN = 0;
const saved = { ...process.env };

function freshCache(): string {
  const dir = path.join(root, `cache-${cacheN++}`);
  process.env.HF_HUB_CACHE = dir;
  return dir;
}

beforeAll(async () => {
  hub = await startFakeHub({
    repos: {
      'org/tiny': { commit: COMMIT, files },
      'org/nopre': { commit: OTHER_COMMIT, files: { 'config.json': files['config.json']!, 'model.safetensors': files['model.safetensors']! } },
      'org/gated': { commit: COMMIT, files, token: 'hf_secret' },
      'org/pushed': { commit: COMMIT, files },
      'org/cut': { commit: COMMIT, files },
    },
    renames: { 'old/tiny': 'org/tiny' },
  });
});
afterAll(async () => {
  await hub.stop();
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  for (const k of ['HF_ENDPOINT', 'HF_HUB_CACHE', 'HF_TOKEN', 'HF_HUB_OFFLINE', 'HF_HOME', 'HF_TOKEN_PATH', 'TRANSFORMERS_OFFLINE', 'HUGGINGFACE_HUB_CACHE']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  hub.requests.length = 0;
});

describe('resolveModel', () => {
  it('downloads into the huggingface_hub layout: blobs, relative snapshot symlinks, refs', async () => {
    process.env.HF_ENDPOINT = hub.url;
    const cache = freshCache();
    const progress: { file: string; done: number; total: number }[] = [];
    const folder = await resolveModel('org/tiny', { onProgress: (p) => progress.push(p) });
    const repoDir = path.join(cache, 'models--org--tiny');
    expect(folder).toBe(path.join(repoDir, 'snapshots', COMMIT));
    expect(fs.readFileSync(path.join(repoDir, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    const etags = {
      'config.json': gitSha1(files['config.json']!),
      'preprocessor_config.json': gitSha1(files['preprocessor_config.json']!),
      'model.safetensors': sha256(files['model.safetensors']!),
    };
    for (const [file, etag] of Object.entries(etags)) {
      const pointer = path.join(folder, file);
      expect(fs.lstatSync(pointer).isSymbolicLink()).toBe(true);
      expect(fs.readlinkSync(pointer)).toBe(`../../blobs/${etag}`);
      expect(fs.readFileSync(pointer).equals(files[file]!)).toBe(true);
    }
    expect(fs.readdirSync(path.join(repoDir, 'blobs')).sort()).toEqual(Object.values(etags).sort());
    const last = progress.filter((p) => p.file === 'model.safetensors').at(-1)!;
    expect(last.done).toBe(files['model.safetensors']!.length);
    expect(last.total).toBe(files['model.safetensors']!.length);
    expect(loadCheckpoint(folder).config.hiddenSize).toBe(32);
    // The LFS file was fetched from the CDN location of the 302, metadata from the HEAD (by commit,
    // once config.json's HEAD on main named it, as snapshot_download does).
    expect(hub.requests.some((r) => r.method === 'HEAD' && r.path === `/org/tiny/resolve/${COMMIT}/model.safetensors`)).toBe(true);
    expect(hub.requests.some((r) => r.method === 'GET' && r.path.startsWith('/cdn/'))).toBe(true);
  });

  it('rechecks a cached branch with one HEAD, a commit with none, and HF_HUB_OFFLINE=1 works from the cache', async () => {
    process.env.HF_ENDPOINT = hub.url;
    freshCache();
    const first = await resolveModel('org/nopre');
    const marker = path.join(process.env.HF_HUB_CACHE!, 'models--org--nopre', '.no_exist', OTHER_COMMIT, 'preprocessor_config.json');
    expect(fs.existsSync(marker)).toBe(true);
    hub.requests.length = 0;
    expect(await resolveModel('org/nopre')).toBe(first);
    expect(hub.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['HEAD /org/nopre/resolve/main/config.json']);
    hub.requests.length = 0;
    expect(await resolveModel(`org/nopre@${OTHER_COMMIT}`)).toBe(first);
    expect(hub.requests).toEqual([]);
    process.env.HF_HUB_OFFLINE = '1';
    expect(await resolveModel('org/nopre')).toBe(first);
    expect(await resolveModel(`org/nopre@${OTHER_COMMIT}`)).toBe(first);
  });

  it('with HF_HUB_OFFLINE=1 and nothing cached, says so', async () => {
    process.env.HF_ENDPOINT = hub.url;
    freshCache();
    process.env.HF_HUB_OFFLINE = '1';
    await expect(resolveModel('org/tiny')).rejects.toThrow(
      /Working offline \(HF_HUB_OFFLINE\) and org\/tiny@main is not downloaded yet\. No hub model is on this computer yet: pick a local model folder/,
    );
    expect(hub.requests).toEqual([]);
  });

  it('resumes a cut download with a Range request and stores an intact blob', async () => {
    process.env.HF_ENDPOINT = hub.url;
    const cache = freshCache();
    hub.cutNext('model.safetensors', 10_000);
    const folder = await resolveModel('org/tiny');
    const gets = hub.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/cdn/'));
    expect(gets.map((r) => r.range)).toEqual([undefined, 'bytes=10000-']);
    const bytes = fs.readFileSync(path.join(folder, 'model.safetensors'));
    expect(sha256(bytes)).toBe(sha256(files['model.safetensors']!));
    const blobs = fs.readdirSync(path.join(cache, 'models--org--tiny', 'blobs'));
    expect(blobs.filter((b) => b.endsWith('.incomplete'))).toEqual([]);
  });

  it('continues an .incomplete left by an earlier run', async () => {
    process.env.HF_ENDPOINT = hub.url;
    const cache = freshCache();
    const blobDir = path.join(cache, 'models--org--tiny', 'blobs');
    fs.mkdirSync(blobDir, { recursive: true });
    const etag = sha256(files['model.safetensors']!);
    fs.writeFileSync(path.join(blobDir, `${etag}.incomplete`), files['model.safetensors']!.subarray(0, 5000));
    const folder = await resolveModel('org/tiny');
    expect(hub.requests.find((r) => r.path.startsWith('/cdn/'))!.range).toBe('bytes=5000-');
    expect(fs.readFileSync(path.join(folder, 'model.safetensors')).equals(files['model.safetensors']!)).toBe(true);
  });

  it('reuses a download with the server stopped', async () => {
    process.env.HF_ENDPOINT = hub.url;
    freshCache();
    const folder = await resolveModel('org/tiny');
    const stopped = await startFakeHub({ repos: {} });
    await stopped.stop();
    process.env.HF_ENDPOINT = stopped.url; // nothing listens there any more
    expect(await resolveModel('org/tiny')).toBe(folder);
    // Offline, the message says what to do in the app (no shell variable): the cached models by name.
    const offline = await resolveModel('org/other').catch((e: Error) => e.message);
    expect(offline).toMatch(/^Cannot download org\/other: the model hub \(http:\/\/127\.0\.0\.1:\d+\) cannot be reached/);
    expect(offline).toMatch(/Pick a model already on this computer \(org\/tiny\), or a local model folder with config\.json and model\.safetensors/);
    expect(offline).not.toMatch(/HF_HUB_OFFLINE|set /);
  });

  it('picks up a push to main when online: refs/main moves, unchanged blobs are not downloaded again', async () => {
    process.env.HF_ENDPOINT = hub.url;
    const cache = freshCache();
    const before = await resolveModel('org/pushed');
    const retrained = makeTinyCheckpoint(path.join(root, 'pushed'), { seed: 9 });
    const NEW_COMMIT = 'c'.repeat(40);
    hub.push('org/pushed', { commit: NEW_COMMIT, files: { ...files, 'model.safetensors': fs.readFileSync(path.join(retrained.folder, 'model.safetensors')) } });
    hub.requests.length = 0;
    const notices: string[] = [];
    const after = await resolveModel('org/pushed', { onNotice: (m) => notices.push(m) });
    expect(after).toBe(path.join(cache, 'models--org--pushed', 'snapshots', NEW_COMMIT));
    expect(fs.readFileSync(path.join(cache, 'models--org--pushed', 'refs', 'main'), 'utf8')).toBe(NEW_COMMIT);
    expect(fs.readFileSync(path.join(after, 'model.safetensors')).equals(fs.readFileSync(path.join(retrained.folder, 'model.safetensors')))).toBe(true);
    expect(hub.requests.filter((r) => r.path.startsWith('/cdn/'))).toHaveLength(1); // config files were already there
    expect(fs.existsSync(path.join(before, 'model.safetensors'))).toBe(true); // the old snapshot stays, as in Python
    expect(notices).toEqual([]);
  });

  it('uses the cache when the hub is down, and says so', async () => {
    process.env.HF_ENDPOINT = hub.url;
    freshCache();
    const folder = await resolveModel('org/tiny');
    const notices: string[] = [];
    hub.outage(503);
    try {
      expect(await resolveModel('org/tiny', { onNotice: (m) => notices.push(m) })).toBe(folder);
    } finally {
      hub.outage(null);
    }
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^The model hub could not be checked for a newer org\/tiny@main \(HTTP 503\): using the copy downloaded before \(commit a{7}/);
    // Nothing listening at all: the same, with the connection error named.
    const stopped = await startFakeHub({ repos: {} });
    await stopped.stop();
    process.env.HF_ENDPOINT = stopped.url;
    notices.length = 0;
    expect(await resolveModel('org/tiny', { onNotice: (m) => notices.push(m) })).toBe(folder);
    expect(notices[0]).toMatch(/ECONNREFUSED/);
  });

  it('an interrupted download leaves no ref and no snapshot: Python sees nothing cached, not a complete model', async () => {
    process.env.HF_ENDPOINT = hub.url;
    const cache = freshCache();
    const repoDir = path.join(cache, 'models--org--cut');
    hub.failNext('model.safetensors', 500);
    await expect(resolveModel('org/cut')).rejects.toThrow(/model\.safetensors/);
    // snapshot_download(local_files_only=True) returns snapshots/<refs/main> when it exists: neither may.
    expect(fs.existsSync(path.join(repoDir, 'refs', 'main'))).toBe(false);
    expect(fs.existsSync(path.join(repoDir, 'snapshots', COMMIT))).toBe(false);
    const folder = await resolveModel('org/cut');
    expect(fs.readFileSync(path.join(repoDir, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    expect(fs.readFileSync(path.join(folder, 'model.safetensors')).equals(files['model.safetensors']!)).toBe(true);
  });

  it('reads a gated repo with only the token file `hf auth login` writes (HF_HOME/token, or HF_TOKEN_PATH)', async () => {
    process.env.HF_ENDPOINT = hub.url;
    freshCache();
    const hfHome = path.join(root, 'hf-home');
    fs.mkdirSync(hfHome, { recursive: true });
    fs.writeFileSync(path.join(hfHome, 'token'), 'hf_secret');
    process.env.HF_HOME = hfHome;
    const folder = await resolveModel('org/gated');
    expect(fs.existsSync(path.join(folder, 'model.safetensors'))).toBe(true);
    expect(hub.requests.filter((r) => r.path.startsWith('/org/gated')).every((r) => r.authorization === 'Bearer hf_secret')).toBe(true);
    // HF_TOKEN comes first, as in Python: a wrong one is not rescued by the file.
    freshCache();
    process.env.HF_TOKEN = 'hf_wrong';
    await expect(resolveModel('org/gated')).rejects.toThrow(/gated or private/);
    delete process.env.HF_TOKEN;
    fs.writeFileSync(path.join(root, 'elsewhere-token'), 'hf_secret\n');
    fs.writeFileSync(path.join(hfHome, 'token'), 'hf_wrong');
    process.env.HF_TOKEN_PATH = path.join(root, 'elsewhere-token');
    expect(fs.existsSync(path.join(await resolveModel('org/gated'), 'config.json'))).toBe(true);
  });

  it('names a missing revision, and keeps the cause of a failed connection', async () => {
    process.env.HF_ENDPOINT = hub.url;
    freshCache();
    await expect(resolveModel('org/tiny@v9')).rejects.toThrow(/org\/tiny has no revision "v9" on the hub/);
    await expect(resolveModel('org/tiny', { revision: 'nope' })).rejects.toThrow(/revision "nope"/);
    const stopped = await startFakeHub({ repos: {} });
    await stopped.stop();
    process.env.HF_ENDPOINT = stopped.url;
    await expect(resolveModel('org/tiny')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('honours TRANSFORMERS_OFFLINE and the legacy HUGGINGFACE_HUB_CACHE', async () => {
    process.env.HF_ENDPOINT = hub.url;
    const cache = freshCache();
    const folder = await resolveModel('org/tiny');
    delete process.env.HF_HUB_CACHE;
    process.env.HUGGINGFACE_HUB_CACHE = cache;
    process.env.TRANSFORMERS_OFFLINE = '1';
    hub.requests.length = 0;
    expect(await resolveModel('org/tiny')).toBe(folder);
    expect(hub.requests).toEqual([]);
    await expect(resolveModel('org/other')).rejects.toThrow(/Working offline/);
  });

  it('follows a relative redirect of a renamed repo', async () => {
    process.env.HF_ENDPOINT = hub.url;
    freshCache();
    const folder = await resolveModel('old/tiny');
    expect(folder).toContain(path.join('models--old--tiny', 'snapshots', COMMIT));
    expect(loadCheckpoint(folder).config.id2label).toEqual(ck.config.id2label);
  });

  it('explains 401 (gated/private) and 404 (no such model)', async () => {
    process.env.HF_ENDPOINT = hub.url;
    freshCache();
    await expect(resolveModel('org/gated')).rejects.toThrow(/org\/gated is gated or private: set HF_TOKEN/);
    await expect(resolveModel('org/missing')).rejects.toThrow(/org\/missing: no such model or file/);
    await expect(resolveModel('./not/a/folder/at/all')).rejects.toThrow(/no such folder, and not a hub id/);
    process.env.HF_TOKEN = 'hf_secret';
    hub.requests.length = 0;
    const folder = await resolveModel('org/gated');
    expect(fs.existsSync(path.join(folder, 'model.safetensors'))).toBe(true);
    expect(hub.requests.filter((r) => r.path.startsWith('/org/gated')).every((r) => r.authorization === 'Bearer hf_secret')).toBe(true);
  });

  it('uses a local folder as it is', async () => {
    expect(await resolveModel(ck.folder)).toBe(path.resolve(ck.folder));
  });
});
