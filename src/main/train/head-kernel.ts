import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { appRoot } from '../app-root';

// The native head kernel (native/head-kernel, Node-API, built by `npm run build`): one epoch of
// AdamW steps per call with the gradient fused into the update. It is optional: where no C
// compiler built it, head training falls back to ONNX Runtime or TF.js with the same results.

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

export const HEAD_KERNEL_FILE = 'head_kernel.node';

/** Where the kernel may be: an explicit override, else the build output (unpacked from the asar when packaged). */
export function headKernelCandidates(root = appRoot()): string[] {
  const override = process.env.VIT_STUDIO_HEAD_KERNEL;
  const list = override && override !== 'off' ? [override] : [path.join(root, 'dist', 'native', HEAD_KERNEL_FILE)];
  // dlopen cannot read inside an asar archive; electron-builder unpacks dist/native next to it.
  return list.map((p) => p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`));
}

let cached: { kernel: HeadKernel | null; error: string | null } | undefined;

/** The kernel, or null with the reason (not built, or built for another platform). Loaded once. */
export function loadHeadKernel(): { kernel: HeadKernel | null; error: string | null } {
  if (cached) return cached;
  if (process.env.VIT_STUDIO_HEAD_KERNEL === 'off') return (cached = { kernel: null, error: 'turned off by VIT_STUDIO_HEAD_KERNEL=off' });
  const requireNative = createRequire(__filename);
  const errors: string[] = [];
  for (const file of headKernelCandidates()) {
    if (!fs.existsSync(file)) continue;
    try {
      const kernel = requireNative(file) as HeadKernel;
      if (typeof kernel.epoch === 'function' && typeof kernel.isa === 'function') return (cached = { kernel, error: null });
      errors.push(`${file}: not a head kernel`);
    } catch (err) {
      errors.push(`${file}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return (cached = { kernel: null, error: errors.length ? errors.join('; ') : 'not built (npm run build compiles it with node-gyp)' });
}
