// Writes a Hugging Face model folder (config.json, preprocessor_config.json, model.safetensors)
// that loadCheckpoint, transformers and the ONNX exporter all read.
//
//   saveCheckpoint(folder, {config, preprocessor?, weights})
//   configToJson(config) / preprocessorToJson(pre)  → HF JSON objects
//   weightsToTensors(config, weights) → TensorToWrite[] with HF names (ViTForImageClassification)
import fs from 'node:fs';
import path from 'node:path';
import type { PreprocessorConfig, ViTConfig } from '../../shared/model/vit-config';
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

export function weightsToTensors(config: ViTConfig, w: ViTWeights, opts: { prefix?: string } = {}): TensorToWrite[] {
  const prefix = opts.prefix ?? 'vit.';
  const out: TensorToWrite[] = [];
  const D = config.hiddenSize;
  const C = config.numChannels;
  const P = config.patchSize;
  const N = (config.imageSize / P) ** 2;
  const add = (name: string, shape: number[], data: Float32Array) => out.push({ name, shape, data });
  const linear = (name: string, l: LinearWeights) => {
    add(`${name}.weight`, [l.outFeatures, l.inFeatures], l.weight);
    if (l.bias) add(`${name}.bias`, [l.outFeatures], l.bias);
  };
  const norm = (name: string, n: LayerNormWeights) => {
    add(`${name}.weight`, [D], n.weight);
    add(`${name}.bias`, [D], n.bias);
  };
  add(`${prefix}embeddings.cls_token`, [1, 1, D], w.clsToken);
  add(`${prefix}embeddings.position_embeddings`, [1, N + 1, D], w.positionEmbeddings);
  add(`${prefix}embeddings.patch_embeddings.projection.weight`, [D, C, P, P], w.patchProjection.weight);
  add(`${prefix}embeddings.patch_embeddings.projection.bias`, [D], w.patchProjection.bias);
  w.layers.forEach((l, i) => {
    const p = `${prefix}encoder.layer.${i}.`;
    norm(`${p}layernorm_before`, l.layernormBefore);
    linear(`${p}attention.attention.query`, l.query);
    linear(`${p}attention.attention.key`, l.key);
    linear(`${p}attention.attention.value`, l.value);
    linear(`${p}attention.output.dense`, l.attentionOutput);
    norm(`${p}layernorm_after`, l.layernormAfter);
    linear(`${p}intermediate.dense`, l.intermediate);
    linear(`${p}output.dense`, l.output);
  });
  norm(`${prefix}layernorm`, w.layernorm);
  if (w.classifier) linear('classifier', w.classifier);
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
