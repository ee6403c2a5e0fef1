// Hugging Face tensor names of each family's checkpoint, with the shape config.json implies, read
// from transformers' modeling files and the fixtures' model.safetensors. The loader reads these
// names into one ViTWeights layout; export writes them back.
//
//   family   prefix(es)              per layer (under encoder.layer.{l}. / encoder.layers.{l}.)
//   vit      vit. | ''               layernorm_before, attention.attention.{query,key,value}, attention.output.dense,
//                                   layernorm_after, intermediate.dense, output.dense
//   dinov2   dinov2. | ''            norm1, attention.attention.{query,key,value}, attention.output.dense,
//                                   layer_scale1.lambda1, norm2, mlp.fc1, mlp.fc2, layer_scale2.lambda1
//   clip     vision_model.           layer_norm1, self_attn.{q,k,v,out}_proj, layer_norm2, mlp.fc1, mlp.fc2
//   siglip   vision_model.           (as clip)
import { featureSize, positionGrid, type ViTConfig } from './families';

/** One layer's tensors: Linear/LayerNorm module paths (`.weight`/`.bias` appended) and LayerScale tensors. */
export interface LayerTensorNames {
  layernormBefore: string;
  query: string;
  key: string;
  value: string;
  attentionOutput: string;
  layernormAfter: string;
  intermediate: string;
  output: string;
  /** Full tensor names (DINOv2's `layer_scale1.lambda1`), null without LayerScale. */
  layerScale1: string | null;
  layerScale2: string | null;
}

export interface TensorNames {
  /** Conv2d module path of the patch projection. */
  patchProjection: string;
  clsToken: { name: string; shape: number[] } | null;
  registerTokens: { name: string; shape: number[] } | null;
  positionEmbeddings: { name: string; shape: number[] };
  preLayernorm: string | null;
  layer: (l: number) => LayerTensorNames;
  /** Final LayerNorm: ViT/DINOv2 `layernorm`, CLIP/SigLIP `post_layernorm`. */
  layernorm: string;
  /** Names (under the prefix) a checkpoint may hold that no feature reads: kept on export. */
  unusedPrefixes: string[];
}

/** Prefixes the backbone's names may carry, most specific first (*ForImageClassification, then bare). */
export function tensorPrefixes(c: ViTConfig): string[] {
  switch (c.family) {
    case 'vit':
      return ['vit.', ''];
    case 'dinov2':
      // Dinov2WithRegistersForImageClassification keeps its backbone under its own name.
      return c.modelType === 'dinov2_with_registers' ? ['dinov2_with_registers.', ''] : ['dinov2.', ''];
    case 'clip':
    case 'siglip':
      // *ForImageClassification and CLIPModel/SiglipModel: vision_model.*; a saved CLIPVisionModel: bare names.
      return ['vision_model.', ''];
  }
}

function vitLayer(l: number, dinov2: boolean): LayerTensorNames {
  const p = `encoder.layer.${l}.`;
  return {
    layernormBefore: `${p}${dinov2 ? 'norm1' : 'layernorm_before'}`,
    query: `${p}attention.attention.query`,
    key: `${p}attention.attention.key`,
    value: `${p}attention.attention.value`,
    attentionOutput: `${p}attention.output.dense`,
    layernormAfter: `${p}${dinov2 ? 'norm2' : 'layernorm_after'}`,
    intermediate: `${p}${dinov2 ? 'mlp.fc1' : 'intermediate.dense'}`,
    output: `${p}${dinov2 ? 'mlp.fc2' : 'output.dense'}`,
    layerScale1: dinov2 ? `${p}layer_scale1.lambda1` : null,
    layerScale2: dinov2 ? `${p}layer_scale2.lambda1` : null,
  };
}

function clipLayer(l: number): LayerTensorNames {
  const p = `encoder.layers.${l}.`;
  return {
    layernormBefore: `${p}layer_norm1`,
    query: `${p}self_attn.q_proj`,
    key: `${p}self_attn.k_proj`,
    value: `${p}self_attn.v_proj`,
    attentionOutput: `${p}self_attn.out_proj`,
    layernormAfter: `${p}layer_norm2`,
    intermediate: `${p}mlp.fc1`,
    output: `${p}mlp.fc2`,
    layerScale1: null,
    layerScale2: null,
  };
}

/** The names of `c`'s family, without prefix. */
export function tensorNames(c: ViTConfig): TensorNames {
  const D = c.hiddenSize;
  const N = positionGrid(c) ** 2;
  switch (c.family) {
    case 'vit':
    case 'dinov2': {
      const dinov2 = c.family === 'dinov2';
      return {
        patchProjection: 'embeddings.patch_embeddings.projection',
        clsToken: { name: 'embeddings.cls_token', shape: [1, 1, D] },
        registerTokens: c.numRegisterTokens ? { name: 'embeddings.register_tokens', shape: [1, c.numRegisterTokens, D] } : null,
        positionEmbeddings: { name: 'embeddings.position_embeddings', shape: [1, N + 1, D] },
        preLayernorm: null,
        layer: (l) => vitLayer(l, dinov2),
        layernorm: 'layernorm',
        unusedPrefixes: dinov2 ? ['embeddings.mask_token'] : [],
      };
    }
    case 'clip':
      return {
        patchProjection: 'embeddings.patch_embedding',
        clsToken: { name: 'embeddings.class_embedding', shape: [D] },
        registerTokens: null,
        positionEmbeddings: { name: 'embeddings.position_embedding.weight', shape: [N + 1, D] },
        preLayernorm: 'pre_layrnorm', // sic: transformers' spelling
        layer: clipLayer,
        layernorm: 'post_layernorm',
        unusedPrefixes: [],
      };
    case 'siglip':
      return {
        patchProjection: 'embeddings.patch_embedding',
        clsToken: null,
        registerTokens: null,
        positionEmbeddings: { name: 'embeddings.position_embedding.weight', shape: [N, D] },
        preLayernorm: null,
        layer: clipLayer,
        layernorm: 'post_layernorm',
        unusedPrefixes: ['head.'],
      };
  }
}

/**
 * Every tensor the backbone (and classifier) must hold, by full name, with the shape config.json
 * implies. `prefix` is one of tensorPrefixes(config). The classifier reads featureSize inputs.
 */
export function expectedTensorShapes(c: ViTConfig, prefix: string, hasClassifier: boolean): Map<string, number[]> {
  const D = c.hiddenSize;
  const I = c.intermediateSize;
  const P = c.patchSize;
  const names = tensorNames(c);
  const expected = new Map<string, number[]>();
  const want = (name: string, shape: number[]) => expected.set(`${prefix}${name}`, shape);
  const linear = (path: string, out: number, inF: number, bias = true) => {
    want(`${path}.weight`, [out, inF]);
    if (bias) want(`${path}.bias`, [out]);
  };
  const norm = (path: string) => {
    want(`${path}.weight`, [D]);
    want(`${path}.bias`, [D]);
  };
  if (names.clsToken) want(names.clsToken.name, names.clsToken.shape);
  if (names.registerTokens) want(names.registerTokens.name, names.registerTokens.shape);
  want(names.positionEmbeddings.name, names.positionEmbeddings.shape);
  want(`${names.patchProjection}.weight`, [D, c.numChannels, P, P]);
  if (c.patchBias) want(`${names.patchProjection}.bias`, [D]);
  if (names.preLayernorm) norm(names.preLayernorm);
  for (let l = 0; l < c.numHiddenLayers; l++) {
    const n = names.layer(l);
    norm(n.layernormBefore);
    linear(n.query, D, D, c.qkvBias);
    linear(n.key, D, D, c.qkvBias);
    linear(n.value, D, D, c.qkvBias);
    linear(n.attentionOutput, D, D);
    if (n.layerScale1) want(n.layerScale1, [D]);
    norm(n.layernormAfter);
    linear(n.intermediate, I, D);
    linear(n.output, D, I);
    if (n.layerScale2) want(n.layerScale2, [D]);
  }
  norm(names.layernorm);
  if (hasClassifier) {
    expected.set('classifier.weight', [c.id2label.length, featureSize(c)]);
    expected.set('classifier.bias', [c.id2label.length]);
  }
  return expected;
}
