// Model folders built to hang or exhaust the engine: config.json or preprocessor_config.json that
// is a symlink to /dev/zero, a FIFO nobody writes to, a folder, a file far larger than any config,
// and a preprocessor size that would allocate gigabytes. The CLI must answer exit 2 with a sentence
// (a hang is caught by the child's timeout, not by timing it), and `serve` must keep answering.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry, REPO } from '../helpers/bundle';
import { makeImage, tmpDir } from '../helpers/make-images';
import { makeTinyCheckpoint } from '../helpers/tiny-vit';

const POSIX = process.platform !== 'win32';
const root = tmpDir('vit-hostile-');
const env = { ...process.env, VIT_STUDIO_ROOT: REPO, NODE_PATH: path.join(REPO, 'node_modules'), HF_HUB_OFFLINE: '1' };
let cliJs: string;
let image: string;

/** A tiny checkpoint whose `file` is replaced by what `make` puts at its path. */
function hostileFolder(name: string, file: string, make: (target: string) => void): string {
  const folder = path.join(root, name);
  makeTinyCheckpoint(folder, { hiddenSize: 16, layers: 1, heads: 2, imageSize: 16, patchSize: 8, labels: 2 });
  fs.rmSync(path.join(folder, file));
  make(path.join(folder, file));
  return folder;
}

const fifo = (target: string) => spawnSync('mkfifo', [target]);
const devZero = (target: string) => fs.symlinkSync('/dev/zero', target);

beforeAll(async () => {
  cliJs = await bundleEntry('src/main/hosts/cli/cli.ts', path.join(root, 'cli.js'));
  image = await makeImage(path.join(root, 'img.png'), { width: 16, height: 16, noise: true, seed: 3 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function predict(folder: string) {
  const ws = path.join(root, 'ws');
  // 30 s is a hang guard (a loaded CI machine starts the CLI in ~5 s) only: a hostile folder used to block forever (FIFO) or eat memory (/dev/zero).
  const r = spawnSync(process.execPath, [cliJs, 'predict', '--model', folder, '--workspace', ws, image], {
    encoding: 'utf8',
    env,
    timeout: 30_000,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, stderr: r.stderr, signal: r.signal };
}

describe.skipIf(!POSIX)('hostile model folders', () => {
  it.each([
    ['config.json → /dev/zero', 'config.json', devZero, /config\.json is not a regular file \(a device\)/],
    ['config.json is a FIFO', 'config.json', fifo, /config\.json is not a regular file \(a FIFO\)/],
    ['preprocessor_config.json → /dev/zero', 'preprocessor_config.json', devZero, /preprocessor_config\.json is not a regular file/],
    ['preprocessor_config.json is a FIFO', 'preprocessor_config.json', fifo, /preprocessor_config\.json is not a regular file \(a FIFO\)/],
    ['model.safetensors is a FIFO', 'model.safetensors', fifo, /model\.safetensors is not a regular file \(a FIFO\)/],
    ['config.json is a folder', 'config.json', (t: string) => fs.mkdirSync(t), /config\.json is not a regular file \(a folder\)/],
    [
      'config.json of 2 MB',
      'config.json',
      (t: string) => fs.writeFileSync(t, `{"pad": "${'x'.repeat(2 * 1024 * 1024)}"}`),
      /config\.json is 2\.0 MB; a model config is at most 1 MB/,
    ],
  ])('%s: predict exits 2 with a sentence', (name, file, make, message) => {
    const r = predict(hostileFolder(name.replace(/\W+/g, '-'), file, make));
    expect(r.signal).toBeNull();
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });

  it('a preprocessor size of 8000×8000 on a 16-px model is refused before anything is allocated', () => {
    const folder = hostileFolder('huge-size', 'preprocessor_config.json', (t) =>
      fs.writeFileSync(t, JSON.stringify({ do_resize: true, size: { height: 8000, width: 8000 } })),
    );
    const r = predict(folder);
    expect(r.stderr).toMatch(/preprocessor_config\.json: size 8000×8000 is larger than .*at most 1024/);
    expect(r.code).toBe(2);
  });

  it('train with a FIFO config.json exits 2 with the same sentence, before any run is created', async () => {
    const ws = path.join(root, 'ws-train');
    const data = path.join(root, 'data');
    for (const label of ['a', 'b']) {
      for (let i = 0; i < 3; i++) await makeImage(path.join(data, label, `${i}.png`), { width: 8, height: 8, noise: true, seed: i + 10 * label.length });
    }
    const run = (args: string[]) => spawnSync(process.execPath, [cliJs, ...args, '--workspace', ws], { encoding: 'utf8', env, timeout: 30_000, killSignal: 'SIGKILL' });
    expect(run(['import', data]).status).toBe(0);
    const r = run(['train', '--model', hostileFolder('train-fifo', 'config.json', fifo), '--epochs', '1']);
    expect(r.stderr).toMatch(/config\.json is not a regular file \(a FIFO\)/);
    expect(r.status).toBe(2);
    expect(JSON.parse(run(['runs', '--json']).stdout)).toEqual([]);
  });

  it('serve answers invalid_argument for a FIFO config and keeps answering other calls', async () => {
    const folder = hostileFolder('serve-fifo', 'config.json', fifo);
    const zero = hostileFolder('serve-zero', 'preprocessor_config.json', devZero);
    const child = spawn(process.execPath, [cliJs, 'serve', '--port', '0', '--no-open', '--workspace', path.join(root, 'ws-serve')], { env });
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Open (http\S+)/.exec(out);
          if (m) resolve(new URL(m[1]!));
        });
        child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
      });
      const call = async (channel: string, body: unknown) => {
        const res = await fetch(new URL(`/api/${channel}`, url), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${url.searchParams.get('token')}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000), // a frozen event loop fails here instead of hanging
        });
        return res.json() as Promise<{ ok: boolean; error?: { code: string; message: string } }>;
      };
      const [fromFifo, fromZero, info] = await Promise.all([
        call('model.predict', { model: folder, images: [image] }),
        call('model.predict', { model: zero, images: [image] }),
        call('model.known', {}),
      ]);
      expect(fromFifo.error?.code).toBe('invalid_argument');
      expect(fromFifo.error?.message).toMatch(/config\.json is not a regular file \(a FIFO\)/);
      expect(fromZero.error?.code).toBe('invalid_argument');
      expect(fromZero.error?.message).toMatch(/preprocessor_config\.json is not a regular file \(a device\)/);
      expect(info.ok).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
