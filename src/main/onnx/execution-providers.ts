import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';

// Which ONNX Runtime execution provider to try, in order, for a device request. A GPU provider
// that does not start (driver/library missing, unsupported op) falls back to CPU — the caller
// reports one notice line; a fallback is never an error.

import type { OrtDevice } from '../../shared/devices';

export { ORT_DEVICES, type OrtDevice } from '../../shared/devices';

export interface ProviderChoice {
  /** Provider name passed to ORT ('cpu' is always the last resort). */
  provider: 'cpu' | 'cuda' | 'dml' | 'coreml';
  /** Label for info.device. */
  label: string;
}

const GPU_LABEL = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML' } as const;

const PLATFORM_OF = { cuda: ['linux', 'win32'], dml: ['win32'], coreml: ['darwin'] } as const;

/**
 * onnxruntime-node ships the CUDA provider as a separate library fetched by its install script;
 * when it is absent (installed with ONNXRUNTIME_NODE_INSTALL=skip, or no CUDA), 'auto' skips CUDA
 * quietly instead of logging a failed load on every start.
 */
function cudaProviderInstalled(): boolean {
  try {
    // The app bundle is CommonJS (require exists); under vitest's ESM fall back to resolving from cwd.
    const req = typeof require === 'function' && typeof require.resolve === 'function' ? require : createRequire(path.join(process.cwd(), 'index.js'));
    const pkg = path.dirname(req.resolve('onnxruntime-node/package.json'));
    const dir = path.join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
    const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    return fs.existsSync(path.join(dir, lib));
  } catch {
    return false;
  }
}

/** The GPU providers to attempt for a request, best first; empty means CPU only. */
export function gpuCandidates(device: OrtDevice, platform: NodeJS.Platform = process.platform): {
  candidates: ProviderChoice[];
  /** Set when an explicit request cannot even be attempted on this platform. */
  notice: string | null;
} {
  if (device === 'cpu') return { candidates: [], notice: null };
  if (device === 'auto') {
    const candidates: ProviderChoice[] = [];
    if ((PLATFORM_OF.cuda as readonly string[]).includes(platform) && cudaProviderInstalled()) {
      candidates.push({ provider: 'cuda', label: GPU_LABEL.cuda });
    }
    if (platform === 'win32') candidates.push({ provider: 'dml', label: GPU_LABEL.dml });
    if (platform === 'darwin') candidates.push({ provider: 'coreml', label: GPU_LABEL.coreml });
    return { candidates, notice: null };
  }
  if (!(PLATFORM_OF[device] as readonly string[]).includes(platform)) {
    return { candidates: [], notice: `${GPU_LABEL[device]} is not available on ${platform}; running on CPU` };
  }
  return { candidates: [{ provider: device, label: GPU_LABEL[device] }], notice: null };
}

export function cpuThreads(requested?: number): number {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  return requested && requested > 0 ? Math.floor(requested) : cores;
}

/**
 * `spin`: ORT's intra-op threads busy-wait between kernels by default. On a 2-core desktop that
 * also decodes images (and with other apps running) spinning burns the cycles the decoder needs;
 * measured on ViT-B/16 under load, no spinning cut CPU per image 17-19 % and ran faster.
 */
export function sessionOptions(choice: ProviderChoice, intraOpThreads: number, spin = false): InferenceSession.SessionOptions {
  const base: InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    logSeverityLevel: 3,
    extra: { session: { intra_op: { allow_spinning: spin ? '1' : '0' } } },
  };
  if (choice.provider === 'cpu') return { ...base, executionProviders: ['cpu'] };
  // A GPU provider that fails to load is reported as one notice line; keep ORT's own log quiet.
  base.logSeverityLevel = 4;
  // DirectML requires memory patterns off (its docs); CPU stays as the fallback for unsupported ops.
  if (choice.provider === 'dml') return { ...base, enableMemPattern: false, executionProviders: ['dml', 'cpu'] };
  return { ...base, executionProviders: [choice.provider, 'cpu'] };
}
