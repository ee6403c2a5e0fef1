import { fitToUnitSquare, umapLayout } from '../../shared/data/umap-layout';
import type { AnalysisEvent } from './events';
import { computeNeighbors, yieldToMessages, type NeighborsArgs, type NeighborsResult } from './neighbors-task';

// Worker task 'data.map': the neighbours (as 'data.neighbors', files included), then the UMAP
// layout of their graph started from the first two principal components.

export interface MapTaskResult {
  /** Positions in [-1, 1], per item. */
  x: number[];
  y: number[];
  method: string;
  /** What 'data.neighbors' would have answered: the engine keeps it as that analysis too. */
  neighbors: NeighborsResult;
}

export async function mapTask(
  args: NeighborsArgs,
  emit: (e: AnalysisEvent) => void,
): Promise<MapTaskResult> {
  const { result, reduced, graph } = await computeNeighbors(args, emit);
  const { n, k } = result;
  const init = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    init[i * 2] = reduced.projected[i * reduced.p]!;
    init[i * 2 + 1] = reduced.projected[i * reduced.p + 1]!;
  }
  const distances = Float32Array.from(graph.similarities, (s) => Math.max(0, 1 - s));
  const phase = 'laying out the map';
  emit({ kind: 'phase', phase, progress: { done: 0, total: 1, rate: 0, etaSeconds: null } });
  const t0 = performance.now();
  const layout = await umapLayout(graph.indices, distances, n, k, {
    init,
    // Every 5th epoch (and the last): progress, and a turn of the event loop so it reaches the engine.
    onEpoch: (epoch, total) => {
      if (epoch % 5 && epoch !== total) return;
      const rate = epoch / Math.max((performance.now() - t0) / 1000, 1e-6);
      emit({ kind: 'phase', phase, progress: { done: epoch, total, rate, etaSeconds: (total - epoch) / rate } });
      return yieldToMessages();
    },
  });
  const unit = fitToUnitSquare(layout, n);
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  return {
    x: Array.from({ length: n }, (_, i) => round(unit[i * 2]!)),
    y: Array.from({ length: n }, (_, i) => round(unit[i * 2 + 1]!)),
    method: `UMAP (${k} neighbours, cosine, ${result.p} principal components)`,
    neighbors: result,
  };
}
