import { z } from 'zod';
import { channel } from './channel';

export interface ComputeInfo {
  /** TF.js backend in use: 'tensorflow' (tfjs-node / tfjs-node-gpu), 'wasm' or 'cpu'. */
  tfjsBackend: string;
  /** Human readable device, e.g. "CUDA (NVIDIA RTX 4090)", "CPU (WASM SIMD, 2 workers)". */
  tfjsDevice: string;
  /** ONNX Runtime execution provider in use for the frozen backbone, or null when not available. */
  ortProvider: string | null;
  /** What trains classifier heads, e.g. "native kernel (avx512)"; see head-trainer.ts. */
  headTrainer: string;
}

export interface WorkspaceInfo {
  path: string;
  version: string;
  datasets: number;
  runs: number;
  compute: ComputeInfo;
}

/** The workspace's caches: all derived data, rebuilt on demand (thumbnails at once, features by the next run). */
export const CACHE_KINDS = ['thumbnails', 'features', 'graphs'] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

export interface CacheUsage {
  kind: CacheKind;
  bytes: number;
  /** Thumbnails: files; features: cached vectors; graphs: ONNX files. */
  entries: number;
}

export interface WorkspaceStorage {
  caches: CacheUsage[];
  /** Runs' own files (head weights, exported checkpoints): not a cache, listed for the total. */
  runsBytes: number;
}

export const workspaceApi = {
  'workspace.info': channel<WorkspaceInfo>()(z.object({}).strict()),
  'workspace.storage': channel<WorkspaceStorage>()(z.object({}).strict()),
  /** Deletes one cache. Features and graphs are refused while a run is queued or running. */
  'workspace.clearCache': channel<{ freedBytes: number; entries: number }>()(z.object({ cache: z.enum(CACHE_KINDS) }).strict()),
};
