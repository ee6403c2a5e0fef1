import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ViTConfig } from '../../shared/model/vit-config';
import { CheckpointError, loadCheckpoint, loadModelConfigSync } from '../model/checkpoint';
import { writeOnnxModel } from './model-writer';
import { buildViTGraph, graphOpsets, processorInputSize, type GraphOptions } from './vit-graph';

// Built graphs live in the workspace cache as <cacheDir>/<key>.onnx. The key hashes everything the
// graph depends on — the builder's format version, the graph options (precision, attention kind,
// input size: the image processor's output, to which DINOv2's positions are resampled), the parsed config and the
// identity of model.safetensors (resolved path, size, mtime: a hub snapshot symlinks into a
// content-addressed blob, so its resolved path already names the content) — so an edited or
// re-downloaded checkpoint gets a fresh graph and an unchanged one is never rebuilt.

/** Bump when vit-graph.ts changes what it emits, so old cached graphs are not reused. */
export const GRAPH_FORMAT_VERSION = 4;

export interface CachedGraph {
  path: string;
  config: ViTConfig;
  /** Side of the square pixel_values the graph takes. */
  inputSize: number;
  /** True when this call built the graph; false when it was already cached. */
  built: boolean;
  buildMs: number;
  bytes: number;
}

let buildCount = 0;
/** How many graphs this process has built (tests use it to see the cache was hit). */
export function graphBuildCount(): number {
  return buildCount;
}

export function graphCacheKey(folder: string, config: ViTConfig, options: GraphOptions): string {
  const weightsFile = path.join(folder, 'model.safetensors');
  if (!fs.existsSync(weightsFile)) throw new CheckpointError(`model.safetensors not found in ${folder}`);
  const real = fs.realpathSync(weightsFile);
  const stat = fs.statSync(real);
  const identity = { format: GRAPH_FORMAT_VERSION, options, config, weights: { path: real, size: stat.size, mtimeMs: stat.mtimeMs } };
  return crypto.createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/**
 * Returns the cached graph for the checkpoint, building it first when missing. Building reads the
 * weights once and streams the graph to disk; the weights are garbage once this returns.
 */
export function ensureGraph(folder: string, cacheDir: string, graphOptions: GraphOptions): CachedGraph {
  const { config, preprocessor } = loadModelConfigSync(folder);
  const inputSize = processorInputSize(preprocessor);
  const options: GraphOptions = { ...graphOptions, inputSize };
  const key = graphCacheKey(folder, config, options);
  const file = path.join(cacheDir, `${key}.onnx`);
  if (fs.existsSync(file)) return { path: file, config, inputSize, built: false, buildMs: 0, bytes: fs.statSync(file).size };
  const t0 = performance.now();
  const checkpoint = loadCheckpoint(folder);
  const graph = buildViTGraph(checkpoint.config, checkpoint.weights, options);
  fs.mkdirSync(cacheDir, { recursive: true });
  const bytes = writeOnnxModel(file, graph, {
    opsets: graphOpsets(options),
    producerName: 'vit-studio',
    producerVersion: String(GRAPH_FORMAT_VERSION),
    irVersion: 8,
    metadata: { source: path.resolve(folder), precision: options.precision, attention: options.attention },
  });
  buildCount++;
  return { path: file, config: checkpoint.config, inputSize, built: true, buildMs: performance.now() - t0, bytes };
}
