import type { ViTConfig } from '../../shared/model/vit-config';
import type { LayerNormWeights, LinearWeights, ViTLayerWeights, ViTWeights } from '../model/checkpoint';
import { GraphBuilder } from './graph-builder';
import { DataType } from './onnx-proto';
import { fuseQkvBias, fuseQkvWeight, quantizeColumns, transposeLinear } from './weight-layout';

// The ViT forward pass as an ONNX graph, block by block like HF modeling_vit.py
// (ViTEmbeddings → ViTEncoder of ViTLayers → layernorm → [CLS] → classifier).
// B = batch (symbolic), N = patches, S = N+1 tokens, D = hidden, H = heads, hd = D/H, I = intermediate.

export type GraphPrecision = 'fp32' | 'int8';

export const INPUT_NAME = 'pixel_values';
export const FEATURE_OUTPUT = 'cls_feature';
export const LOGITS_OUTPUT = 'logits';
const MS_DOMAIN = 'com.microsoft';

/** 'onnx': standard ops only (portable to every EP); 'mha': ORT's MultiHeadAttention contrib kernel. */
export type AttentionKind = 'onnx' | 'mha';

export interface GraphOptions {
  precision: GraphPrecision;
  attention: AttentionKind;
}

interface Ctx extends GraphOptions {
  g: GraphBuilder;
  config: ViTConfig;
}

/** y = x·W + b for a PyTorch Linear; int8 mode quantizes W per column and quantizes x on the fly. */
function linear(ctx: Ctx, x: string, name: string, w: LinearWeights, quantize: boolean, scale = 1): string {
  const [I, O] = [w.inFeatures, w.outFeatures];
  const bias = w.bias ? ctx.g.float(`${name}.bias`, [O], () => (scale === 1 ? w.bias! : w.bias!.map((b) => b * scale))) : null;
  return linearFromLayout(ctx, x, name, I, O, () => transposeLinear(w, scale), bias, quantize);
}

function linearFromLayout(
  ctx: Ctx,
  x: string,
  name: string,
  I: number,
  O: number,
  weightInOut: () => Float32Array,
  bias: string | null,
  quantize: boolean,
): string {
  const { g } = ctx;
  if (quantize && ctx.precision === 'int8') {
    // Quantize once, lazily; both initializers read the same result.
    let q: ReturnType<typeof quantizeColumns> | null = null;
    const get = () => (q ??= quantizeColumns(weightInOut(), I, O));
    const values = g.initializer(`${name}.weight_int8`, DataType.INT8, [I, O], () => get().values);
    const scales = g.float(`${name}.weight_scale`, [O], () => {
      const s = get().scales;
      q = null; // values were written first; drop the int8 copy now.
      return s;
    });
    // DynamicQuantizeMatMul: x → uint8 (per-tensor, per call) · int8 W, rescaled, + bias.
    return g.op('DynamicQuantizeMatMul', [x, values, scales, '', ...(bias ? [bias] : [])], name, {}, MS_DOMAIN);
  }
  const weight = g.float(`${name}.weight`, [I, O], weightInOut);
  const y = g.op('MatMul', [x, weight], `${name}/MatMul`);
  return bias ? g.op('Add', [y, bias], `${name}/Add`) : y;
}

function layerNorm(ctx: Ctx, x: string, name: string, w: LayerNormWeights): string {
  const D = ctx.config.hiddenSize;
  const scale = ctx.g.float(`${name}.weight`, [D], () => w.weight);
  const bias = ctx.g.float(`${name}.bias`, [D], () => w.bias);
  return ctx.g.op('LayerNormalization', [x, scale, bias], name, { axis: -1, epsilon: { float: ctx.config.layerNormEps } });
}

/** ViTPatchEmbeddings + ViTEmbeddings: pixels [B, C, H, W] → tokens [B, S, D]. */
function vitEmbeddings(ctx: Ctx, pixels: string, w: ViTWeights): string {
  const { g, config } = ctx;
  const { hiddenSize: D, numChannels: C, patchSize: P } = config;
  const N = (config.imageSize / P) ** 2;
  const kernel = g.float('embeddings.patch_embeddings.projection.weight', [D, C, P, P], () => w.patchProjection.weight);
  const kernelBias = g.float('embeddings.patch_embeddings.projection.bias', [D], () => w.patchProjection.bias);
  const conv = g.op('Conv', [pixels, kernel, kernelBias], 'embeddings.patch_embeddings.projection', {
    kernel_shape: [P, P],
    strides: [P, P],
  }); // [B, D, h, w]
  const flat = g.op('Reshape', [conv, g.int64([0, D, -1])], 'embeddings.patch_embeddings/flatten'); // [B, D, N]
  const patches = g.op('Transpose', [flat], 'embeddings.patch_embeddings/transpose', { perm: [0, 2, 1] }); // [B, N, D]

  // cls_token [1, 1, D] expanded to [B, 1, D]; the target shape is [B] ++ [1, D].
  const cls = g.float('embeddings.cls_token', [1, 1, D], () => w.clsToken);
  const inputShape = g.op('Shape', [pixels], 'embeddings/input_shape'); // [4]
  const batch = g.op('Slice', [inputShape, g.int64([0]), g.int64([1])], 'embeddings/batch'); // [1]
  const clsShape = g.op('Concat', [batch, g.int64([1, D])], 'embeddings/cls_shape', { axis: 0 }); // [3]
  const clsTokens = g.op('Expand', [cls, clsShape], 'embeddings/cls_tokens'); // [B, 1, D]
  const tokens = g.op('Concat', [clsTokens, patches], 'embeddings/concat', { axis: 1 }); // [B, S, D]
  const pos = g.float('embeddings.position_embeddings', [1, N + 1, D], () => w.positionEmbeddings);
  return g.op('Add', [tokens, pos], 'embeddings/add_position'); // [B, S, D]
}

/**
 * ViTSelfAttention in standard ONNX ops (runs on every execution provider): one fused Q|K|V GEMM
 * with 1/sqrt(hd) folded into Q, heads split by Reshape/Transpose. [B, S, D] → context [B, S, D].
 */
function vitSelfAttentionOnnx(ctx: Ctx, x: string, p: string, w: ViTLayerWeights): string {
  const { g, config } = ctx;
  const D = config.hiddenSize;
  const H = config.numAttentionHeads;
  const hd = D / H;
  const scale = 1 / Math.sqrt(hd);
  const n = `${p}attention.attention`;
  const qkvBias = config.qkvBias ? g.float(`${n}.qkv.bias`, [3 * D], () => fuseQkvBias(w.query, w.key, w.value, scale)) : null;
  const qkv = linearFromLayout(ctx, x, `${n}.qkv`, D, 3 * D, () => fuseQkvWeight(w.query, w.key, w.value, scale), qkvBias, true); // [B, S, 3D]
  const heads = g.op('Reshape', [qkv, g.int64([0, 0, 3, H, hd])], `${n}/split_heads`); // [B, S, 3, H, hd]
  const qkvT = g.op('Transpose', [heads], `${n}/transpose_qkv`, { perm: [2, 0, 3, 1, 4] }); // [3, B, H, S, hd]
  const [q3, k3, v3] = g.opN('Split', [qkvT, g.int64([1, 1, 1])], `${n}/split`, 3, { axis: 0 });
  const axis0 = g.int64([0]);
  const q = g.op('Squeeze', [q3!, axis0], `${n}/query`); // [B, H, S, hd], already · 1/sqrt(hd)
  const k = g.op('Squeeze', [k3!, axis0], `${n}/key`); // [B, H, S, hd]
  const v = g.op('Squeeze', [v3!, axis0], `${n}/value`); // [B, H, S, hd]
  const kT = g.op('Transpose', [k], `${n}/key_t`, { perm: [0, 1, 3, 2] }); // [B, H, hd, S]
  const scores = g.op('MatMul', [q, kT], `${n}/scores`); // [B, H, S, S]
  const probs = g.op('Softmax', [scores], `${n}/softmax`, { axis: -1 }); // [B, H, S, S]
  const context = g.op('MatMul', [probs, v], `${n}/context`); // [B, H, S, hd]
  const merged = g.op('Transpose', [context], `${n}/merge_transpose`, { perm: [0, 2, 1, 3] }); // [B, S, H, hd]
  return g.op('Reshape', [merged, g.int64([0, 0, D])], `${n}/merge_heads`); // [B, S, D]
}

/**
 * ViTSelfAttention with ORT's com.microsoft MultiHeadAttention kernel: Q, K, V projections stay
 * [B, S, D] and the kernel splits heads itself — no Transpose/Split copies. CPU/CUDA/DML only.
 */
function vitSelfAttentionMha(ctx: Ctx, x: string, p: string, w: ViTLayerWeights): string {
  const { g, config } = ctx;
  const H = config.numAttentionHeads;
  const scale = 1 / Math.sqrt(config.hiddenSize / H);
  const n = `${p}attention.attention`;
  const q = linear(ctx, x, `${n}.query`, w.query, true, scale); // [B, S, D], already · 1/sqrt(hd)
  const k = linear(ctx, x, `${n}.key`, w.key, true); // [B, S, D]
  const v = linear(ctx, x, `${n}.value`, w.value, true); // [B, S, D]
  return g.op('MultiHeadAttention', [q, k, v], n, { num_heads: H, scale: { float: 1 } }, MS_DOMAIN); // [B, S, D]
}

/** ViTAttention: self-attention + ViTSelfOutput's dense. [B, S, D] → [B, S, D]. */
function vitAttention(ctx: Ctx, x: string, p: string, w: ViTLayerWeights): string {
  const context = ctx.attention === 'mha' ? vitSelfAttentionMha(ctx, x, p, w) : vitSelfAttentionOnnx(ctx, x, p, w);
  return linear(ctx, context, `${p}attention.output.dense`, w.attentionOutput, true); // [B, S, D]
}

/** ViTIntermediate's activation (config.hidden_act). */
function activation(ctx: Ctx, x: string, name: string): string {
  const { g } = ctx;
  switch (ctx.config.hiddenAct) {
    case 'gelu': {
      // Exact GELU: x · 0.5 · (1 + erf(x / √2)) — ORT fuses this pattern into its Gelu kernel.
      const scaled = g.op('Div', [x, g.scalar(`${name}.sqrt2`, Math.SQRT2)], `${name}/div`);
      const erf = g.op('Erf', [scaled], `${name}/erf`);
      const onePlus = g.op('Add', [erf, g.scalar(`${name}.one`, 1)], `${name}/add`);
      const half = g.op('Mul', [x, g.scalar(`${name}.half`, 0.5)], `${name}/mul_half`);
      return g.op('Mul', [half, onePlus], `${name}/mul`);
    }
    case 'gelu_new':
    case 'gelu_pytorch_tanh': {
      // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))
      const cube = g.op('Pow', [x, g.scalar(`${name}.three`, 3)], `${name}/pow`);
      const inner = g.op('Add', [x, g.op('Mul', [cube, g.scalar(`${name}.c`, 0.044715)], `${name}/mul_c`)], `${name}/add_inner`);
      const t = g.op('Tanh', [g.op('Mul', [inner, g.scalar(`${name}.k`, Math.sqrt(2 / Math.PI))], `${name}/mul_k`)], `${name}/tanh`);
      const onePlus = g.op('Add', [t, g.scalar(`${name}.one`, 1)], `${name}/add_one`);
      return g.op('Mul', [g.op('Mul', [x, g.scalar(`${name}.half`, 0.5)], `${name}/mul_half`), onePlus], `${name}/mul`);
    }
    case 'quick_gelu': {
      const s = g.op('Sigmoid', [g.op('Mul', [x, g.scalar(`${name}.k`, 1.702)], `${name}/mul_k`)], `${name}/sigmoid`);
      return g.op('Mul', [x, s], `${name}/mul`);
    }
    case 'relu':
      return g.op('Relu', [x], name);
  }
}

/** ViTLayer (pre-norm): x + attn(LN(x)), then + mlp(LN(·)). [B, S, D] → [B, S, D]. */
function vitLayer(ctx: Ctx, x: string, index: number, w: ViTLayerWeights): string {
  const { g } = ctx;
  const p = `encoder.layer.${index}.`;
  const attn = vitAttention(ctx, layerNorm(ctx, x, `${p}layernorm_before`, w.layernormBefore), p, w);
  const afterAttn = g.op('Add', [attn, x], `${p}attention/residual`); // [B, S, D]
  const normed = layerNorm(ctx, afterAttn, `${p}layernorm_after`, w.layernormAfter);
  const inter = linear(ctx, normed, `${p}intermediate.dense`, w.intermediate, true); // [B, S, I]
  const act = activation(ctx, inter, `${p}intermediate.intermediate_act_fn`);
  const out = linear(ctx, act, `${p}output.dense`, w.output, true); // [B, S, D]
  return g.op('Add', [out, afterAttn], `${p}output/residual`); // [B, S, D]
}

/**
 * The whole ViT (and classifier when the checkpoint has one) as an ONNX graph:
 * pixel_values [B, C, H, W] → cls_feature [B, D] (final LayerNorm [CLS]), logits [B, L].
 */
export function buildViTGraph(config: ViTConfig, weights: ViTWeights, options: GraphOptions): GraphBuilder {
  const g = new GraphBuilder(`vit_${options.precision}_${options.attention}`);
  const ctx: Ctx = { g, config, ...options };
  const D = config.hiddenSize;
  const pixels = g.input(INPUT_NAME, ['batch', config.numChannels, config.imageSize, config.imageSize]);
  let hidden = vitEmbeddings(ctx, pixels, weights); // [B, S, D]
  weights.layers.forEach((layer, i) => {
    hidden = vitLayer(ctx, hidden, i, layer);
  });
  const sequence = layerNorm(ctx, hidden, 'layernorm', weights.layernorm); // [B, S, D]
  const cls = g.op('Gather', [sequence, g.int64([0], true)], 'pooled_cls', { axis: 1 }); // [B, D]
  g.output(cls, FEATURE_OUTPUT, ['batch', D]);
  if (weights.classifier) {
    const c = weights.classifier;
    const wc = g.float('classifier.weight', [c.outFeatures, D], () => c.weight); // PyTorch [L, D], Gemm transB
    const bc = g.float('classifier.bias', [c.outFeatures], () => c.bias!);
    const logits = g.op('Gemm', [cls, wc, bc], 'classifier', { transB: 1 }); // [B, L]
    g.output(logits, LOGITS_OUTPUT, ['batch', c.outFeatures]);
  }
  return g;
}

/** Opsets the graph imports: LayerNormalization needs 17; int8 and 'mha' use com.microsoft contrib ops. */
export function graphOpsets(options: GraphOptions) {
  const contrib = options.precision === 'int8' || options.attention === 'mha';
  return [{ domain: '', version: 17 }, ...(contrib ? [{ domain: MS_DOMAIN, version: 1 }] : [])];
}

/** The graph variant the CPU runs fastest (measured on ViT-B/16, see bench/onnx-bench.ts). */
export function defaultGraphOptions(precision: GraphPrecision): GraphOptions {
  return { precision, attention: precision === 'int8' ? 'mha' : 'onnx' };
}
