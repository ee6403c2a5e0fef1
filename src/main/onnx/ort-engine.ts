import { featureSize } from '../../shared/model/vit-config';
import type { FeatureBatch, FeatureEngine, FeatureEngineInfo } from '../model/feature-engine';
import {
  cpuThreads,
  gpuCandidates,
  sessionOptions,
  type OrtDevice,
  type ProviderChoice,
} from './execution-providers';
import { ensureGraph, type CachedGraph } from './graph-cache';
import { SessionWorker } from './session-worker';
import { FEATURE_OUTPUT, INPUT_NAME, LOGITS_OUTPUT, type AttentionKind, type GraphPrecision } from './vit-graph';

// FeatureEngine on ONNX Runtime: the checkpoint's graph (built once, cached by checkpoint) run by
// the best execution provider that starts — CUDA / DirectML / CoreML, else CPU on every core.
// Sessions live on worker threads, so extract() never blocks the caller's event loop.

export interface OrtEngineOptions {
  /** Where built graphs are cached (the workspace's cache folder). */
  cacheDir: string;
  device?: OrtDevice;
  /** CPU intra-op threads per session; default: all available cores divided among the sessions. */
  intraOpThreads?: number;
  /**
   * CPU sessions run side by side (each on its own worker thread, each holding its own weights).
   * Default 2 when there are ≥ 2 cores: two sessions fed concurrently keep the cores busy while
   * images decode (one multi-threaded session stalls at every kernel when a decoder takes a core).
   * Keep `parallelBatches` batches in flight to use them.
   */
  sessions?: number;
  /** 'int8' = fast mode: dynamically quantized encoder MatMuls (small accuracy cost). */
  precision?: GraphPrecision;
  /** Attention graph; default: 'mha' (ORT's MultiHeadAttention kernel) on the CPU, 'onnx' (standard ops) for a GPU provider. */
  attention?: AttentionKind;
  /** Let ORT's CPU threads busy-wait between kernels (faster only on an otherwise idle machine). Default false. */
  spinWait?: boolean;
  /** One line per fallback (e.g. "CUDA did not start (...); running on CPU"). */
  onNotice?: (message: string) => void;
}

export interface OrtFeatureEngine extends FeatureEngine {
  /** The cached graph file and whether this create built it. */
  readonly graph: Omit<CachedGraph, 'config' | 'inputSize'>;
  /** Fallback notices emitted while starting (also sent to onNotice). */
  readonly notices: readonly string[];
  /** How many extract() calls to keep in flight for full throughput (= sessions). */
  readonly parallelBatches: number;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n').find((l) => l.trim()) ?? text).trim().slice(0, 200);
}

async function startSessions(graphPath: string, options: OrtEngineOptions, candidates: ProviderChoice[], notice: (m: string) => void) {
  for (const choice of candidates) {
    try {
      // A GPU runs one session; parallel sessions would only compete for it.
      return { workers: [await SessionWorker.open(graphPath, sessionOptions(choice, cpuThreads(options.intraOpThreads), options.spinWait))], device: choice.label };
    } catch (e) {
      notice(`${choice.label} did not start (${firstLine(e)}); running on CPU`);
    }
  }
  const count = Math.max(1, Math.floor(options.sessions ?? Math.min(2, cpuThreads())));
  const threads = options.intraOpThreads ? cpuThreads(options.intraOpThreads) : Math.max(1, Math.floor(cpuThreads() / count));
  const cpu: ProviderChoice = { provider: 'cpu', label: 'CPU' };
  const workers = await Promise.all(Array.from({ length: count }, () => SessionWorker.open(graphPath, sessionOptions(cpu, threads, options.spinWait))));
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const label = count === 1 ? `CPU (${plural(threads, 'thread')})` : `CPU (${count} sessions × ${plural(threads, 'thread')})`;
  return { workers, device: label };
}

export async function createOrtFeatureEngine(checkpointFolder: string, options: OrtEngineOptions): Promise<OrtFeatureEngine> {
  const precision = options.precision ?? 'fp32';
  const notices: string[] = [];
  const notice = (m: string) => {
    notices.push(m);
    options.onNotice?.(m);
  };
  const { candidates, notice: unavailable } = gpuCandidates(options.device ?? 'auto');
  if (unavailable) notice(unavailable);
  // CPU-only runs get ORT's MultiHeadAttention kernel (measured faster); a GPU gets standard ops
  // every provider implements (and the CPU fallback still runs them correctly).
  const attention = options.attention ?? (candidates.length ? 'onnx' : 'mha');
  const { config, inputSize: S, ...graph } = ensureGraph(checkpointFolder, options.cacheDir, { precision, attention });
  const { workers, device } = await startSessions(graph.path, options, candidates, notice);
  const hasLogits = workers[0]!.outputNames.includes(LOGITS_OUTPUT);
  const C = config.numChannels;
  const info: FeatureEngineInfo = {
    engine: 'ort',
    device: precision === 'int8' ? `${device}, int8` : device,
    featureSize: featureSize(config),
    numLabels: hasLogits ? config.id2label.length : 0,
  };
  const outputs = hasLogits ? [FEATURE_OUTPUT, LOGITS_OUTPUT] : [FEATURE_OUTPUT];
  let disposed = false;

  return {
    info,
    graph,
    notices,
    parallelBatches: workers.length,
    async extract(pixelValues: Float32Array, batchSize: number): Promise<FeatureBatch> {
      if (disposed) throw new Error('the ONNX Runtime engine was disposed');
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
      const expected = batchSize * C * S * S;
      if (pixelValues.length !== expected) {
        throw new Error(`pixel_values has ${pixelValues.length} values; [${batchSize}, ${C}, ${S}, ${S}] needs ${expected}`);
      }
      const run = (pixels: Float32Array, n: number) => workers.reduce((a, b) => (b.busy < a.busy ? b : a)).run(INPUT_NAME, pixels, [n, C, S, S], outputs);
      if (precision === 'int8' && batchSize > 1) {
        // Dynamic quantization scales its whole input tensor, so in a batch an image's features
        // would depend on its batch-mates. One image per run keeps them its own (the feature cache
        // relies on that); the runs spread over every session at once, so throughput holds.
        const per = C * S * S;
        const parts = await Promise.all(Array.from({ length: batchSize }, (_, i) => run(pixelValues.slice(i * per, (i + 1) * per), 1)));
        const join = (name: string) => {
          const first = parts[0]![name]!;
          const out = new Float32Array(first.length * batchSize);
          parts.forEach((p, i) => out.set(p[name]!, i * first.length));
          return out;
        };
        return { features: join(FEATURE_OUTPUT), logits: hasLogits ? join(LOGITS_OUTPUT) : null };
      }
      const result = await run(pixelValues, batchSize);
      return { features: result[FEATURE_OUTPUT]!, logits: hasLogits ? result[LOGITS_OUTPUT]! : null };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
