// Picks and starts the TF.js backend once per process.
//
//   initBackend(prefer?)  → Promise<ComputeInfo>   idempotent for the same preference
//   computeInfo()         → ComputeInfo | null      what initBackend chose (null before)
//   parseBackendName(s)   → BackendName             validates --backend / VIT_STUDIO_BACKEND
//
// Order when nothing is forced: @tensorflow/tfjs-node-gpu (optional dependency, CUDA) →
// @tensorflow/tfjs-node (if the user installed it) → WASM with SIMD → plain JS CPU.
// `--backend tensorflow|wasm|cpu` or VIT_STUDIO_BACKEND force one (an unavailable forced backend is
// an error, not a silent fallback). Always `import * as tf from '@tensorflow/tfjs'`: the union
// package registers the gradients training needs.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

import { TFJS_BACKENDS, type TfjsBackend } from '../../shared/devices';

export type BackendName = TfjsBackend;
export const BACKEND_NAMES = TFJS_BACKENDS;

export interface ComputeInfo {
  /** TF.js backend actually running: 'tensorflow', 'wasm' or 'cpu'. */
  backend: BackendName;
  /** Human description: GPU name under CUDA, "WASM SIMD (1 thread)", "CPU (JavaScript)". */
  device: string;
}

export function parseBackendName(value: string): BackendName {
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`unknown backend "${value}" (expected ${BACKEND_NAMES.join(', ')})`);
}

let chosen: ComputeInfo | null = null;
let starting: Promise<ComputeInfo> | null = null;
let startingFor: BackendName | undefined;

export function computeInfo(): ComputeInfo | null {
  return chosen;
}

/** require() that tolerates absent optional packages (esbuild leaves node_modules external). */
function tryRequire(name: string): boolean {
  try {
    require(name);
    return true;
  } catch {
    return false;
  }
}

function gpuName(): string | null {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 3000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\n')[0]!.trim() || null;
  } catch {
    return null;
  }
}

async function startTensorflow(): Promise<ComputeInfo | null> {
  const gpu = tryRequire('@tensorflow/tfjs-node-gpu');
  if (!gpu && !tryRequire('@tensorflow/tfjs-node')) return null;
  if (!(await tf.setBackend('tensorflow'))) return null;
  const name = gpu ? gpuName() : null;
  return { backend: 'tensorflow', device: gpu ? `CUDA${name ? ` (${name})` : ''}` : 'CPU (libtensorflow)' };
}

async function startWasm(): Promise<ComputeInfo | null> {
  try {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from disk next to the package's dist bundle.
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    wasm.setWasmPaths(dist + path.sep);
    if (!(await tf.setBackend('wasm'))) return null;
    await tf.ready();
  } catch {
    return null;
  }
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  // Multi-threaded WASM does not start in Node: parallelism comes from worker processes.
  return { backend: 'wasm', device: `WASM${simd ? ' SIMD' : ''} (1 thread)` };
}

async function startCpu(): Promise<ComputeInfo> {
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', device: 'CPU (JavaScript)' };
}

async function start(prefer: BackendName | undefined): Promise<ComputeInfo> {
  if (prefer === 'tensorflow') {
    const info = await startTensorflow();
    if (!info) throw new Error('backend "tensorflow" unavailable: install @tensorflow/tfjs-node (or -gpu)');
    return info;
  }
  if (prefer === 'wasm') {
    const info = await startWasm();
    if (!info) throw new Error('backend "wasm" failed to start');
    return info;
  }
  if (prefer === 'cpu') return startCpu();
  return (await startTensorflow()) ?? (await startWasm()) ?? startCpu();
}

/**
 * Starts the backend: `prefer` (from --backend) wins over VIT_STUDIO_BACKEND, which wins over
 * auto-detection. Calling again with another preference switches backends (tests use that to run
 * the same model on WASM and CPU); models built before a switch must be rebuilt.
 */
export async function initBackend(prefer?: BackendName): Promise<ComputeInfo> {
  const env = process.env.VIT_STUDIO_BACKEND;
  const want = prefer ?? (env ? parseBackendName(env) : undefined);
  if (chosen && (want === undefined || want === chosen.backend)) return chosen;
  if (starting && startingFor === want) return starting;
  startingFor = want;
  starting = start(want).then(
    (info) => {
      chosen = info;
      starting = null;
      return info;
    },
    (e) => {
      starting = null;
      throw e;
    },
  );
  return starting;
}
