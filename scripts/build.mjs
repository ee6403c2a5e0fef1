// Builds every runtime of the app: Node/Electron-main bundles with esbuild, the renderer with Vite.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv[2]; // optional: "node" or "renderer"

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
      'main/workers/worker-entry': 'src/main/workers/worker-entry.ts',
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

if (!only || only === 'node') await buildNode();
if (!only || only === 'renderer') await buildRenderer();
