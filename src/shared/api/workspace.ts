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

export const workspaceApi = {
  'workspace.info': channel<WorkspaceInfo>()(z.object({}).strict()),
};
