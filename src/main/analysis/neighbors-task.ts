import fs from 'node:fs';
import { rowMatrix } from '../../shared/data/row-dots';
import { normalizeRows } from '../../shared/data/vectors';
import type { AnalysisEvent } from './events';
import { unpackItems, type PackedItems } from '../../shared/data/packed-items';
import { loadFeatureSet, type FeatureSetArgs } from './feature-set';
import { knnGraph } from './knn';
import { pca } from './pca';
import { PhaseClock, type PhaseTime } from './phase-clock';

// Worker task 'data.neighbors': every image's features reduced by PCA and its nearest neighbours
// by cosine similarity, written as binary files next to the engine's record (the engine answers
// "more like this" and near-duplicate groups from them). 'data.map' starts the same way.

export const NEIGHBORS_K = 15;
export const REDUCED_DIMS = 50;

export interface NeighborsArgs {
  jobId: string;
  features: FeatureSetArgs;
  /** The images (packed: shared/data/packed-items.ts). */
  items: PackedItems;
  /** Files to write: `${base}.reduced.f32` [n, p], `${base}.knn.i32` and `${base}.sims.f32` [n, k]. */
  base: string;
}

export interface NeighborsResult {
  n: number;
  p: number;
  k: number;
  D: number;
  modelKey: string;
  /** Share of the variance the reduced dimensions keep. */
  explained: number;
  /** Where the time went, per phase. */
  phases: Record<string, PhaseTime>;
}

function writeArray(file: string, a: Float32Array | Int32Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  fs.renameSync(tmp, file);
}

export const yieldToMessages = () => new Promise<void>((r) => setImmediate(r));

/** Features → unit rows → PCA → k-NN graph, files written; also returns the arrays for a map. */
export async function computeNeighbors(args: NeighborsArgs, emit: (e: AnalysisEvent) => void) {
  const clock = new PhaseClock();
  const set = await loadFeatureSet(args.features, unpackItems(args.items), (p) => emit({ kind: 'phase', phase: p.phase, progress: p.progress }), undefined, clock);
  const { n, D } = set;
  const unit = rowMatrix(n, D); // the exact re-scoring's products run on its kernel
  normalizeRows(set.x, n, D, unit.x);
  set.x = new Float32Array(0); // the raw features are not needed any more
  clock.lap('normalise');
  emit({ kind: 'phase', phase: 'reducing dimensions', progress: { done: 0, total: 1, rate: 0, etaSeconds: null } });
  const reduced = await pca(unit.x, n, D, REDUCED_DIMS, 0, undefined, clock);
  const t0 = performance.now();
  const graph = await knnGraph(reduced.projected, n, reduced.p, unit, D, NEIGHBORS_K, {
    clock,
    onProgress: async (done, total) => {
      const rate = done / Math.max((performance.now() - t0) / 1000, 1e-6);
      emit({ kind: 'phase', phase: 'finding neighbours', progress: { done, total, rate, etaSeconds: (total - done) / rate } });
      if (done % 16 === 0) await yieldToMessages();
    },
  });
  writeArray(`${args.base}.reduced.f32`, reduced.projected);
  writeArray(`${args.base}.knn.i32`, graph.indices);
  writeArray(`${args.base}.sims.f32`, graph.similarities);
  clock.lap('write files');
  const result: NeighborsResult = { n, p: reduced.p, k: graph.k, D, modelKey: set.modelKey, explained: reduced.explained, phases: clock.rounded() };
  return { result, reduced, graph };
}

export async function neighborsTask(
  args: NeighborsArgs,
  emit: (e: AnalysisEvent) => void,
): Promise<NeighborsResult> {
  return (await computeNeighbors(args, emit)).result;
}
