// Builds every runtime of the app: Node/Electron-main bundles with esbuild, the renderer with Vite,
// and the optional native code (head kernel, JPEG thumbnailer) with node-gyp.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv[2]; // optional: "node", "renderer" or "native"

// Native and heavy packages stay in node_modules (sharp, better-sqlite3, tfjs, onnxruntime, electron).
const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

async function buildNode() {
  rmSync(path.join(root, 'dist/main'), { recursive: true, force: true });
  await build({
    ...nodeCommon,
    entryPoints: {
      'main/electron-main': 'src/main/hosts/electron/electron-main.ts',
      'main/cli': 'src/main/hosts/cli/cli.ts',
      'main/workers/worker-entry': 'src/main/tasks/worker-entry.ts',
      'bench/bench': 'bench/bench.ts',
    },
    outdir: 'dist',
  });
  // The preload runs sandboxed: one self-contained CommonJS file that may require only 'electron'.
  await build({
    ...nodeCommon,
    packages: undefined,
    external: ['electron'],
    entryPoints: { 'preload/preload': 'src/preload/preload.ts' },
    outdir: 'dist',
  });
}

async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
}

/** True when <prefix>/include/node/node_version.h is this Node's version. */
function localHeadersMatch(prefix) {
  try {
    const h = readFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
    const v = ['MAJOR', 'MINOR', 'PATCH'].map((k) => new RegExp(`#define NODE_${k}_VERSION (\\d+)`).exec(h)?.[1]);
    return `v${v.join('.')}` === process.version;
  } catch {
    return false;
  }
}

/**
 * native/<dir> → dist/native/<target>.node for each of its targets (Node-API: the same file loads in
 * Node and Electron). Optional: without a C compiler the build goes on and the app does without
 * (`without` says how).
 */
function buildNativeDir(dirName, targets, without) {
  const dir = path.join(root, 'native', dirName);
  const outs = targets.map((t) => path.join(root, 'dist/native', `${t}.node`));
  for (const out of outs) rmSync(out, { force: true });
  // Node's own headers when they sit next to it (official tarballs, distro -dev packages) and npm
  // named none: node-gyp then needs no download, so the native code builds offline too.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const localHeaders = path.join(prefix, 'include', 'node', 'node_api.h');
  const nodedir = process.env.npm_config_nodedir || (existsSync(localHeaders) && localHeadersMatch(prefix) ? prefix : null);
  const gyp = (command) =>
    spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/node-gyp/bin/node-gyp.js'), command, '--directory', dir, ...(nodedir ? [`--nodedir=${nodedir}`] : [])],
      { encoding: 'utf8' },
    );
  // Incremental when configured; a failed incremental build (e.g. a new Node) reconfigures once.
  let result = existsSync(path.join(dir, 'build/Makefile')) || existsSync(path.join(dir, 'build/binding.sln')) ? gyp('build') : null;
  if (!result || result.status !== 0) result = gyp('rebuild');
  if (result.status !== 0) {
    const why = `${result.stderr ?? ''}${result.error?.message ?? ''}`.split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join(' | ');
    console.warn(`warning: native/${dirName} not built (${why || 'node-gyp failed'}); ${without}.`);
    return;
  }
  mkdirSync(path.join(root, 'dist/native'), { recursive: true });
  targets.forEach((t, i) => copyFileSync(path.join(dir, `build/Release/${t}.node`), outs[i]));
}

function buildNative() {
  // The portable (scalar C) build is what compilers without vector extensions get; tests check it.
  buildNativeDir('head-kernel', ['head_kernel', 'head_kernel_portable'], 'head training will use ONNX Runtime or TF.js');
  buildNativeDir('jpeg-thumbnail', ['jpeg_thumbnail'], 'JPEG thumbnails will be rendered by sharp alone (about a third more CPU each)');
}

if (!only || only === 'node') await buildNode();
if (!only || only === 'native') buildNative();
if (!only || only === 'renderer') await buildRenderer();
