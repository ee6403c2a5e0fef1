import type { Trainer } from '../../shared/api/runs';
import type { HeadData, HeadOptions, HeadResult } from './head-loop';
import { fastHeadKernel, loadHeadKernel } from '../native/head-kernel';

// Which implementation trains a run's head. All three give the same weights up to float rounding
// (tests hold them to it), so this is about speed only: the native kernel (fused AdamW, ~0.7 s for
// 10k × 768 features, 30 epochs here), else ONNX Runtime when the run's engine is ORT (~1.5 s),
// else TF.js. A GPU is unlikely to help: 9,000 small steps on a [769, L] matrix are launch-bound.

/**
 * The head trainer a run uses, first of: the native kernel with vectors, ONNX Runtime (when the
 * engine is ORT and it loads), a portable native kernel, TF.js.
 */
export async function trainHeadAuto(
  engine: 'ort' | 'tfjs',
  train: HeadData,
  val: HeadData | null,
  o: HeadOptions,
): Promise<HeadResult & { trainer: Trainer }> {
  const native = async (kernel: NonNullable<ReturnType<typeof fastHeadKernel>>) => {
    const { trainHeadNative } = await import('./head-native');
    return { ...(await trainHeadNative(kernel, train, val, o)), trainer: 'native' as const };
  };
  const fast = fastHeadKernel();
  if (fast) return native(fast);
  if (engine === 'ort') {
    let available = true;
    try {
      await import('onnxruntime-node');
    } catch {
      available = false;
    }
    if (available) {
      const { trainHeadOrt } = await import('./head-ort');
      return { ...(await trainHeadOrt(train, val, o)), trainer: 'ort' };
    }
  }
  const { kernel } = loadHeadKernel();
  if (kernel) return native(kernel);
  const { trainHead } = await import('./head');
  return { ...(await trainHead(train, val, o)), trainer: 'tfjs' };
}
