import type { FeatureEngine, FeatureEngineName } from '../model/feature-engine';
import type { BackendName } from '../model/backend';
import type { BackbonePrecision } from '../../shared/api/runs';
import { isOrtDevice, isTfjsBackend, ORT_DEVICES, TFJS_BACKENDS } from '../../shared/devices';

// Chooses the frozen backbone's engine: ONNX Runtime by default (fastest on CPU, uses every
// core), TF.js when asked (`--engine tfjs`) or when onnxruntime-node does not load here.

export interface SelectEngineOptions {
  engine?: FeatureEngineName;
  /** ORT: auto|cpu|cuda|dml|coreml; TF.js: tensorflow|wasm|cpu (the backend). */
  device?: string;
  /** Where ORT caches its built graphs. */
  cacheDir: string;
  /** ORT CPU threads (default all cores). */
  threads?: number;
  /** ORT parallel CPU sessions: 2 for bulk extraction, 1 for single-image latency (predict). */
  sessions?: number;
  /** 'int8': ORT's fast mode, so ONNX Runtime is required (TF.js has no such mode). */
  precision?: BackbonePrecision;
  onNotice?(message: string): void;
}


export async function selectFeatureEngine(folder: string, o: SelectEngineOptions): Promise<FeatureEngine> {
  if (o.precision === 'int8' && o.engine === 'tfjs') throw new Error('int8 fast mode runs on ONNX Runtime, not TF.js');
  if (o.engine !== 'tfjs') {
    if (o.device && !isOrtDevice(o.device)) {
      throw new Error(`--device "${o.device}" is not an ONNX Runtime device (${ORT_DEVICES.join(', ')})`);
    }
    let ortModule: typeof import('../onnx/ort-engine') | null = null;
    try {
      ortModule = await import('../onnx/ort-engine');
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      if (o.precision === 'int8') throw new Error(`int8 fast mode needs ONNX Runtime, which is not available here (${why})`);
      if (o.engine === 'ort') throw new Error(`ONNX Runtime is not available here (${why}); use --engine tfjs`);
      o.onNotice?.(`ONNX Runtime did not load (${why}); using TF.js`);
    }
    if (ortModule) {
      return ortModule.createOrtFeatureEngine(folder, {
        cacheDir: o.cacheDir,
        device: o.device && isOrtDevice(o.device) ? o.device : 'auto',
        intraOpThreads: o.threads,
        sessions: o.sessions,
        precision: o.precision,
        onNotice: o.onNotice,
      });
    }
  }
  if (o.device && !isTfjsBackend(o.device)) {
    throw new Error(`--device "${o.device}" is not a TF.js backend (${TFJS_BACKENDS.join(', ')})`);
  }
  const { PooledTfjsFeatureEngine } = await import('../model/pooled-tfjs-engine');
  return PooledTfjsFeatureEngine.create(folder, { backend: o.device && isTfjsBackend(o.device) ? o.device : undefined });
}
