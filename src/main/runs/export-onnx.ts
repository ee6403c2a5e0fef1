import fs from 'node:fs';
import path from 'node:path';
import { loadCheckpoint } from '../model/checkpoint';
import { writeOnnxModel } from '../onnx/model-writer';
import { buildViTGraph, graphOpsets, processorInputSize, type GraphOptions } from '../onnx/vit-graph';
import { GRAPH_FORMAT_VERSION } from '../onnx/graph-cache';

// A run as one ONNX file for deployment: the whole *ForImageClassification of the run's family
// (backbone + trained classifier) in standard ONNX ops at fp32, so any runtime and execution
// provider can run it. Input `pixel_values` [batch, C, H, W] (the image processor's output,
// normalized as preprocessor_config.json says); outputs `logits` [batch, labels] and `features`
// [batch, F] (the classifier's input). id2label is in config.json and in the model's metadata.

const PORTABLE: GraphOptions = { precision: 'fp32', attention: 'onnx' };

/** The class transformers loads the folder as (config.json's architectures), e.g. SiglipForImageClassification. */
function architectureOf(hfFolder: string): string {
  const config = JSON.parse(fs.readFileSync(path.join(hfFolder, 'config.json'), 'utf8')) as { architectures?: unknown };
  return Array.isArray(config.architectures) && typeof config.architectures[0] === 'string' ? config.architectures[0] : '';
}

/** Writes model.onnx, config.json and preprocessor_config.json from a run's Hugging Face folder. */
export function exportOnnx(hfFolder: string, target: string, runId: number): string[] {
  const checkpoint = loadCheckpoint(hfFolder);
  if (!checkpoint.weights.classifier) throw new Error(`${hfFolder} has no classifier to export`);
  fs.mkdirSync(target, { recursive: true });
  const options: GraphOptions = { ...PORTABLE, inputSize: processorInputSize(checkpoint.preprocessor) };
  writeOnnxModel(path.join(target, 'model.onnx'), buildViTGraph(checkpoint.config, checkpoint.weights, options), {
    opsets: graphOpsets(options),
    producerName: 'vit-studio',
    producerVersion: String(GRAPH_FORMAT_VERSION),
    irVersion: 8,
    metadata: { id2label: JSON.stringify(checkpoint.config.id2label), source: `vit-studio run ${runId}`, architecture: architectureOf(hfFolder) },
  });
  for (const f of ['config.json', 'preprocessor_config.json']) fs.copyFileSync(path.join(hfFolder, f), path.join(target, f));
  return ['model.onnx', 'config.json', 'preprocessor_config.json'].map((f) => path.join(target, f));
}
