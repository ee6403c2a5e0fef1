// Writes a Hugging Face model folder (config.json, preprocessor_config.json, model.safetensors)
// that loadCheckpoint, transformers and the ONNX exporter all read.
//
//   saveCheckpoint(folder, {config, preprocessor?, weights})
//   configToJson(config) / preprocessorToJson(pre)  → HF JSON objects of the family (hf-config-json.ts)
//   weightsToTensors(config, weights) → TensorToWrite[] with the family's HF names
import fs from 'node:fs';
import path from 'node:path';
import { expectedTensorShapes, tensorNames, tensorPrefixes, type PreprocessorConfig, type ViTConfig } from '../../shared/model/vit-config';
import type { LayerNormWeights, LinearWeights, ViTWeights } from './checkpoint';
import { configJsonText, configToJson, preprocessorToJson } from './hf-config-json';

export { configToJson, preprocessorToJson };
import { writeSafetensors, type TensorToWrite } from './safetensors';

/**
 * ViTWeights → tensors under the family's Hugging Face names (tensorNames), with the shapes
 * config.json implies; `prefix` defaults to the *ForImageClassification one (`vit.`, `dinov2.`, …),
 * or none for a bare backbone (transformers 5 saves ViTModel, CLIPVisionModel… without one).
 */
export function weightsToTensors(config: ViTConfig, w: ViTWeights, opts: { prefix?: string } = {}): TensorToWrite[] {
  // *ForImageClassification names its backbone (vit., dinov2., vision_model.); a bare model does not.
  const prefix = opts.prefix ?? (w.classifier ? tensorPrefixes(config)[0]! : '');
  const names = tensorNames(config);
  const shapes = expectedTensorShapes(config, prefix, w.classifier !== null);
  const out: TensorToWrite[] = [];
  const add = (name: string, data: Float32Array | null | undefined, full = `${prefix}${name}`) => {
    const shape = shapes.get(full);
    if (!shape || !data) throw new Error(`weightsToTensors: ${full} is not part of a ${config.modelType} checkpoint or has no data`);
    out.push({ name: full, shape, data });
  };
  const linear = (name: string, l: LinearWeights, full = `${prefix}${name}`) => {
    add(`${name}.weight`, l.weight, `${full}.weight`);
    if (l.bias) add(`${name}.bias`, l.bias, `${full}.bias`);
  };
  const norm = (name: string, n: LayerNormWeights | undefined) => {
    add(`${name}.weight`, n?.weight);
    add(`${name}.bias`, n?.bias);
  };
  if (names.clsToken) add(names.clsToken.name, w.clsToken);
  if (names.registerTokens) add(names.registerTokens.name, w.registerTokens);
  add(names.positionEmbeddings.name, w.positionEmbeddings);
  add(`${names.patchProjection}.weight`, w.patchProjection.weight);
  if (config.patchBias) add(`${names.patchProjection}.bias`, w.patchProjection.bias);
  if (names.preLayernorm) norm(names.preLayernorm, w.preLayernorm);
  w.layers.forEach((l, i) => {
    const n = names.layer(i);
    norm(n.layernormBefore, l.layernormBefore);
    linear(n.query, l.query);
    linear(n.key, l.key);
    linear(n.value, l.value);
    linear(n.attentionOutput, l.attentionOutput);
    if (n.layerScale1) add(n.layerScale1, l.layerScale1);
    norm(n.layernormAfter, l.layernormAfter);
    linear(n.intermediate, l.intermediate);
    linear(n.output, l.output);
    if (n.layerScale2) add(n.layerScale2, l.layerScale2);
  });
  norm(names.layernorm, w.layernorm);
  for (const u of w.unused ?? []) out.push({ name: `${prefix}${u.name}`, shape: u.shape, data: u.data });
  if (w.classifier) linear('classifier', w.classifier, 'classifier');
  return out;
}

export function saveCheckpoint(
  folder: string,
  checkpoint: { config: ViTConfig; preprocessor?: PreprocessorConfig; weights: ViTWeights },
): void {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'config.json'), configJsonText(configToJson(checkpoint.config)));
  if (checkpoint.preprocessor) {
    fs.writeFileSync(
      path.join(folder, 'preprocessor_config.json'),
      JSON.stringify(preprocessorToJson(checkpoint.preprocessor), null, 2),
    );
  }
  writeSafetensors(path.join(folder, 'model.safetensors'), weightsToTensors(checkpoint.config, checkpoint.weights));
}
