import type { Trainer } from '../../shared/api/runs';
import type { HeadData, HeadOptions, HeadResult } from './head-loop';
import { loadHeadKernel } from '../native/head-kernel';

// Which implementation trains a run's head: two, behind this one function, giving the same weights
// up to float rounding (tests hold them to it; head-loop.ts is their shared epoch loop):
// - the native kernel (native/head-kernel: AdamW fused per step in C), when `npm run build` could
//   compile it: 0.7 s for 10k × 768 features, 30 epochs here with vectors; a compiler without
//   GCC/Clang vector extensions (MSVC) builds a portable scalar version, about 6× slower, still
//   about 4× faster than TF.js;
// - TF.js (head.ts), the fallback that runs everywhere: no compiler, no native binary, any platform.
// A GPU is unlikely to help: 9,000 small steps on a [769, L] matrix are launch-bound.

/** The head trainer a run uses: the native kernel when it is built, else TF.js. */
export async function trainHeadAuto(train: HeadData, val: HeadData | null, o: HeadOptions): Promise<HeadResult & { trainer: Trainer }> {
  const { kernel } = loadHeadKernel();
  if (kernel) {
    const { trainHeadNative } = await import('./head-native');
    return { ...(await trainHeadNative(kernel, train, val, o)), trainer: 'native' };
  }
  const { trainHead } = await import('./head');
  return { ...(await trainHead(train, val, o)), trainer: 'tfjs' };
}
