import * as ort from 'onnxruntime-node';
import type { FeatureBatch, FeatureEngine, FeatureEngineInfo } from '../model/feature-engine';
import {
  cpuThreads,
  gpuCandidates,
  sessionOptions,
  type OrtDevice,
  type ProviderChoice,
} from './execution-providers';
import { ensureGraph, type CachedGraph } from './graph-cache';
import { FEATURE_OUTPUT, INPUT_NAME, LOGITS_OUTPUT, type GraphPrecision } from './vit-graph';

// FeatureEngine on ONNX Runtime: the checkpoint's graph (built once, cached by checkpoint) run by
// the best execution provider that starts — CUDA / DirectML / CoreML, else CPU on every core.

export interface OrtEngineOptions {
  /** Where built graphs are cached (the workspace's cache folder). */
  cacheDir: string;
  device?: OrtDevice;
  /** CPU intra-op threads; default: all available cores. */
  intraOpThreads?: number;
  /** 'int8' = fast mode: dynamically quantized encoder MatMuls (small accuracy cost). */
  precision?: GraphPrecision;
  /** One line per fallback (e.g. "CUDA did not start (...); running on CPU"). */
  onNotice?: (message: string) => void;
}

export interface OrtFeatureEngine extends FeatureEngine {
  /** The cached graph file and whether this create built it. */
  readonly graph: Omit<CachedGraph, 'config'>;
  /** Fallback notices emitted while starting (also sent to onNotice). */
  readonly notices: readonly string[];
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n').find((l) => l.trim()) ?? text).trim().slice(0, 200);
}

async function startSession(graphPath: string, options: OrtEngineOptions, notice: (m: string) => void) {
  const device = options.device ?? 'auto';
  const threads = cpuThreads(options.intraOpThreads);
  const { candidates, notice: unavailable } = gpuCandidates(device);
  if (unavailable) notice(unavailable);
  for (const choice of candidates) {
    try {
      const session = await ort.InferenceSession.create(graphPath, sessionOptions(choice, threads));
      return { session, device: choice.label };
    } catch (e) {
      notice(`${choice.label} did not start (${firstLine(e)}); running on CPU`);
    }
  }
  const cpu: ProviderChoice = { provider: 'cpu', label: 'CPU' };
  const session = await ort.InferenceSession.create(graphPath, sessionOptions(cpu, threads));
  return { session, device: `CPU (${threads} thread${threads === 1 ? '' : 's'})` };
}

export async function createOrtFeatureEngine(checkpointFolder: string, options: OrtEngineOptions): Promise<OrtFeatureEngine> {
  const precision = options.precision ?? 'fp32';
  const notices: string[] = [];
  const notice = (m: string) => {
    notices.push(m);
    options.onNotice?.(m);
  };
  const { config, ...graph } = ensureGraph(checkpointFolder, options.cacheDir, precision);
  const { session, device } = await startSession(graph.path, options, notice);
  const hasLogits = session.outputNames.includes(LOGITS_OUTPUT);
  const { numChannels: C, imageSize: S, hiddenSize: D } = config;
  const info: FeatureEngineInfo = {
    engine: 'ort',
    device: precision === 'int8' ? `${device}, int8` : device,
    featureSize: D,
    numLabels: hasLogits ? config.id2label.length : 0,
  };
  const outputs = hasLogits ? [FEATURE_OUTPUT, LOGITS_OUTPUT] : [FEATURE_OUTPUT];
  let disposed = false;

  return {
    info,
    graph,
    notices,
    async extract(pixelValues: Float32Array, batchSize: number): Promise<FeatureBatch> {
      if (disposed) throw new Error('the ONNX Runtime engine was disposed');
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
      const expected = batchSize * C * S * S;
      if (pixelValues.length !== expected) {
        throw new Error(`pixel_values has ${pixelValues.length} values; [${batchSize}, ${C}, ${S}, ${S}] needs ${expected}`);
      }
      const input = new ort.Tensor('float32', pixelValues, [batchSize, C, S, S]);
      const result = await session.run({ [INPUT_NAME]: input }, outputs);
      return {
        features: result[FEATURE_OUTPUT]!.data as Float32Array,
        logits: hasLogits ? (result[LOGITS_OUTPUT]!.data as Float32Array) : null,
      };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await session.release();
    },
  };
}
