// Writes a Hugging Face model folder (config.json, preprocessor_config.json, model.safetensors)
// that loadCheckpoint, transformers and the ONNX exporter all read.
//
//   saveCheckpoint(folder, {config, preprocessor?, weights})
//   configToJson(config) / preprocessorToJson(pre)  → HF JSON objects
//   weightsToTensors(config, weights) → TensorToWrite[] with HF names (ViTForImageClassification)
import fs from 'node:fs';
import path from 'node:path';
import { expectedTensorShapes, tensorNames, tensorPrefixes, type PreprocessorConfig, type ViTConfig } from '../../shared/model/vit-config';
import type { LayerNormWeights, LinearWeights, ViTWeights } from './checkpoint';
import { writeSafetensors, type TensorToWrite } from './safetensors';

export function configToJson(c: ViTConfig): Record<string, unknown> {
  const id2label = Object.fromEntries(c.id2label.map((name, i) => [String(i), name]));
  const label2id = Object.fromEntries(c.id2label.map((name, i) => [name, i]));
  return {
    architectures: [c.id2label.length ? 'ViTForImageClassification' : 'ViTModel'],
    model_type: c.modelType,
    hidden_size: c.hiddenSize,
    num_hidden_layers: c.numHiddenLayers,
    num_attention_heads: c.numAttentionHeads,
    intermediate_size: c.intermediateSize,
    hidden_act: c.hiddenAct,
    hidden_dropout_prob: 0.0,
    attention_probs_dropout_prob: 0.0,
    initializer_range: 0.02,
    layer_norm_eps: c.layerNormEps,
    image_size: c.imageSize,
    patch_size: c.patchSize,
    num_channels: c.numChannels,
    qkv_bias: c.qkvBias,
    num_labels: c.id2label.length,
    id2label,
    label2id,
  };
}

export function preprocessorToJson(p: PreprocessorConfig): Record<string, unknown> {
  return {
    image_processor_type: 'ViTImageProcessor',
    do_resize: p.doResize,
    size: p.size.shortestEdge ? { shortest_edge: p.size.shortestEdge } : { height: p.size.height, width: p.size.width },
    resample: p.resample,
    do_center_crop: p.doCenterCrop,
    crop_size: { height: p.cropSize.height, width: p.cropSize.width },
    do_rescale: p.doRescale,
    rescale_factor: p.rescaleFactor,
    do_normalize: p.doNormalize,
    image_mean: p.imageMean,
    image_std: p.imageStd,
  };
}

/**
 * ViTWeights → tensors under the family's Hugging Face names (tensorNames), with the shapes
 * config.json implies; `prefix` defaults to the *ForImageClassification one (`vit.`, `dinov2.`, …).
 */
export function weightsToTensors(config: ViTConfig, w: ViTWeights, opts: { prefix?: string } = {}): TensorToWrite[] {
  const prefix = opts.prefix ?? tensorPrefixes(config)[0]!;
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
  fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify(configToJson(checkpoint.config), null, 2));
  if (checkpoint.preprocessor) {
    fs.writeFileSync(
      path.join(folder, 'preprocessor_config.json'),
      JSON.stringify(preprocessorToJson(checkpoint.preprocessor), null, 2),
    );
  }
  writeSafetensors(path.join(folder, 'model.safetensors'), weightsToTensors(checkpoint.config, checkpoint.weights));
}
