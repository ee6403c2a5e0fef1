import type { AnalysisReply } from '../../../../src/shared/api/data';

/** Asks again until the analysis is no longer running (as a UI would after 'analysis-changed'). */
export async function untilDone<T>(ask: () => Promise<AnalysisReply<T>>, timeoutMs = 240_000): Promise<AnalysisReply<T>> {
  const t0 = Date.now();
  for (;;) {
    const r = await ask();
    if (r.status !== 'running') return r;
    if (Date.now() - t0 > timeoutMs) throw new Error(`analysis ${r.analysis} still running after ${timeoutMs} ms (${r.progress?.phase})`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

import { makeDataset } from '../../../helpers/make-images';
import { seededRandom } from '../../../../src/shared/random';

export const COLOUR_CLASSES: Record<string, [number, number, number]> = {
  red: [210, 40, 40],
  green: [40, 190, 60],
  blue: [40, 60, 210],
  yellow: [220, 210, 40],
  grey: [128, 128, 128],
};

/** A learnable set on any backbone: dir/<colour>/<colour>_<i>.jpg, each image's colour jittered. */
export async function makeColourDataset(dir: string, perClass: number, seed = 1): Promise<string> {
  const rand = seededRandom(seed);
  const jitter = () => Math.round((rand() - 0.5) * 50);
  const files: Record<string, { color: { r: number; g: number; b: number }; seed: number }> = {};
  let k = 1;
  for (const [name, [r, g, b]] of Object.entries(COLOUR_CLASSES)) {
    for (let i = 0; i < perClass; i++) files[`${name}/${name}_${i}.jpg`] = { color: { r: r + jitter(), g: g + jitter(), b: b + jitter() }, seed: k++ };
  }
  return makeDataset(dir, files);
}
