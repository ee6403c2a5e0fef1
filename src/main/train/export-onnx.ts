import fs from 'node:fs';
import path from 'node:path';
import { loadCheckpoint } from '../model/checkpoint';
import { writeOnnxModel } from '../onnx/model-writer';
import { buildViTGraph, graphOpsets, type GraphOptions } from '../onnx/vit-graph';
import { GRAPH_FORMAT_VERSION } from '../onnx/graph-cache';

// A run as one ONNX file for deployment: the whole ViTForImageClassification (backbone + trained
// classifier) in standard ONNX ops at fp32, so any runtime and execution provider can run it.
// Input `pixel_values` [batch, 3, H, W] (normalized as preprocessor_config.json says); outputs
// `logits` [batch, labels] and `cls_feature` [batch, hidden]. id2label is in config.json and in the
// model's metadata.

const PORTABLE: GraphOptions = { precision: 'fp32', attention: 'onnx' };

/** Writes model.onnx, config.json and preprocessor_config.json from a run's Hugging Face folder. */
export function exportOnnx(hfFolder: string, target: string, runId: number): string[] {
  const checkpoint = loadCheckpoint(hfFolder);
  if (!checkpoint.weights.classifier) throw new Error(`${hfFolder} has no classifier to export`);
  fs.mkdirSync(target, { recursive: true });
  writeOnnxModel(path.join(target, 'model.onnx'), buildViTGraph(checkpoint.config, checkpoint.weights, PORTABLE), {
    opsets: graphOpsets(PORTABLE),
    producerName: 'vit-studio',
    producerVersion: String(GRAPH_FORMAT_VERSION),
    irVersion: 8,
    metadata: { id2label: JSON.stringify(checkpoint.config.id2label), source: `vit-studio run ${runId}`, architecture: 'ViTForImageClassification' },
  });
  for (const f of ['config.json', 'preprocessor_config.json']) fs.copyFileSync(path.join(hfFolder, f), path.join(target, f));
  return ['model.onnx', 'config.json', 'preprocessor_config.json'].map((f) => path.join(target, f));
}
