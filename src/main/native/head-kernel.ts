import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { appRoot } from '../app-root';

// The native head kernel (native/head-kernel, Node-API, built by `npm run build`): one epoch of
// AdamW steps per call with the gradient fused into the update. It is optional: where no C
// compiler built it, head training falls back to TF.js with the same results.

export interface HeadKernel {
  /** params: [dim, labels, batch, lr, weightDecay, beta1, beta2, eps, stepsSoFar]; stats ← [lossSum, weightSum, correct, stepsAfter]. */
  epoch(
    x: Float32Array,
    y: Int32Array,
    classWeight: Float32Array,
    order: Int32Array,
    w: Float32Array,
    m: Float32Array,
    v: Float32Array,
    params: Float64Array,
    stats: Float64Array,
  ): void;
  /** The instruction set it runs with here: avx512, avx2, sse2, neon, generic or portable. */
  isa(): string;
}

/**
 * A kernel file of the build (dist/native): `head_kernel.node`, or `head_kernel_portable.node`,
 * the scalar-C build that tests check. dlopen cannot read inside an asar archive, so a packaged
 * app loads it from the unpacked copy electron-builder puts next to it.
 */
export function builtKernelPath(file = 'head_kernel.node', root = appRoot()): string {
  return unpacked(path.join(root, 'dist', 'native', file));
}

const unpacked = (p: string) => p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);

/** Loads one kernel file: the kernel, or null with the reason. */
export function requireKernel(file: string): { kernel: HeadKernel | null; error: string | null } {
  if (!fs.existsSync(file)) return { kernel: null, error: 'not built (npm run build compiles it with node-gyp)' };
  try {
    const kernel = createRequire(__filename)(file) as HeadKernel;
    if (typeof kernel.epoch === 'function' && typeof kernel.isa === 'function') return { kernel, error: null };
    return { kernel: null, error: `${file}: not a head kernel` };
  } catch (err) {
    return { kernel: null, error: `${file}: ${(err as Error).message.split('\n')[0]}` };
  }
}

let cached: { kernel: HeadKernel | null; error: string | null } | undefined;

/** The kernel file this process uses: VIT_STUDIO_HEAD_KERNEL (another file, or "off": null), else the build's. */
export function headKernelPath(): string | null {
  const override = process.env.VIT_STUDIO_HEAD_KERNEL;
  if (override === 'off') return null;
  return override ? unpacked(override) : builtKernelPath();
}

/** The kernel this process uses (see headKernelPath), or null with the reason. Loaded once. */
export function loadHeadKernel(): { kernel: HeadKernel | null; error: string | null } {
  if (cached) return cached;
  const file = headKernelPath();
  if (!file) return (cached = { kernel: null, error: 'turned off by VIT_STUDIO_HEAD_KERNEL=off' });
  return (cached = requireKernel(file));
}

/** What head training runs on here, before any run (trainHeadAuto's choice). */
export function describeHeadTrainer(): string {
  const { kernel } = loadHeadKernel();
  return kernel ? `native kernel (${kernel.isa()})` : 'TF.js (native kernel not built)';
}
