import { requireFamily, type ViTConfig } from '../../shared/model/vit-config';
import type { LayerNormWeights, LinearWeights, ViTLayerWeights, ViTWeights } from '../model/checkpoint';
import { GraphBuilder } from './graph-builder';
import { DataType } from './onnx-proto';
import { fuseLinearBiases, fuseLinearWeights, quantizeColumns, transposeLinear } from './weight-layout';
import type { BackbonePrecision } from '../../shared/api/runs';

// The ViT forward pass as an ONNX graph, block by block like HF modeling_vit.py
// (ViTEmbeddings → ViTEncoder of ViTLayers → layernorm → [CLS] → classifier).
// B = batch (symbolic), N = patches, S = N+1 tokens, D = hidden, H = heads, hd = D/H, I = intermediate.

/** The backbone's precision in the graph: the same choice a run records. */
export type GraphPrecision = BackbonePrecision;

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
  const cls = g.float('embeddings.cls_token', [1, 1, D], () => w.clsToken!);
  const inputShape = g.op('Shape', [pixels], 'embeddings/input_shape'); // [4]
  const batch = g.op('Slice', [inputShape, g.int64([0]), g.int64([1])], 'embeddings/batch'); // [1]
  const clsShape = g.op('Concat', [batch, g.int64([1, D])], 'embeddings/cls_shape', { axis: 0 }); // [3]
  const clsTokens = g.op('Expand', [cls, clsShape], 'embeddings/cls_tokens'); // [B, 1, D]
  const tokens = g.op('Concat', [clsTokens, patches], 'embeddings/concat', { axis: 1 }); // [B, S, D]
  const pos = g.float('embeddings.position_embeddings', [1, N + 1, D], () => w.positionEmbeddings);
  return g.op('Add', [tokens, pos], 'embeddings/add_position'); // [B, S, D]
}

/** y [B, S, k·D] (k column blocks) → k tensors [B, H, S, hd]. */
function splitHeads(ctx: Ctx, y: string, k: number, n: string): string[] {
  const { g, config } = ctx;
  const H = config.numAttentionHeads;
  const hd = config.hiddenSize / H;
  if (k === 1) {
    const heads = g.op('Reshape', [y, g.int64([0, 0, H, hd])], `${n}/split_heads`); // [B, S, H, hd]
    return [g.op('Transpose', [heads], `${n}/transpose_heads`, { perm: [0, 2, 1, 3] })]; // [B, H, S, hd]
  }
  const heads = g.op('Reshape', [y, g.int64([0, 0, k, H, hd])], `${n}/split_heads`); // [B, S, k, H, hd]
  const t = g.op('Transpose', [heads], `${n}/transpose_heads`, { perm: [2, 0, 3, 1, 4] }); // [k, B, H, S, hd]
  const parts = g.opN('Split', [t, g.int64(Array(k).fill(1))], `${n}/split`, k, { axis: 0 }); // k × [1, B, H, S, hd]
  return parts.map((part, i) => g.op('Squeeze', [part, g.int64([0])], `${n}/part${i}`)); // [B, H, S, hd]
}

/** A fused projection of x onto several Linears (one GEMM): [B, S, D] → [B, S, k·D]. */
function fusedProjection(ctx: Ctx, x: string, name: string, parts: { w: LinearWeights; scale: number }[]): string {
  const D = ctx.config.hiddenSize;
  const O = parts.length * D;
  const bias = ctx.config.qkvBias ? ctx.g.float(`${name}.bias`, [O], () => fuseLinearBiases(parts)) : null;
  return linearFromLayout(ctx, x, name, D, O, () => fuseLinearWeights(parts), bias, true);
}

/**
 * ViTSelfAttention in standard ONNX ops (runs on every execution provider), 1/sqrt(hd) folded into
 * Q. `xq` [B, Sq, D] are the query tokens — all tokens (Sq = S, one fused Q|K|V GEMM) or just [CLS]
 * in the last layer (Sq = 1); `x` [B, S, D] gives keys and values. → context [B, Sq, D].
 */
function vitSelfAttentionOnnx(ctx: Ctx, x: string, xq: string | null, p: string, w: ViTLayerWeights): string {
  const { g, config } = ctx;
  const scale = 1 / Math.sqrt(config.hiddenSize / config.numAttentionHeads);
  const n = `${p}attention.attention`;
  let q: string, k: string, v: string; // [B, H, S(q), hd]
  if (!xq) {
    const qkv = fusedProjection(ctx, x, `${n}.qkv`, [{ w: w.query, scale }, { w: w.key, scale: 1 }, { w: w.value, scale: 1 }]);
    [q, k, v] = splitHeads(ctx, qkv, 3, n) as [string, string, string];
  } else {
    [q] = splitHeads(ctx, linear(ctx, xq, `${n}.query`, w.query, true, scale), 1, `${n}.query`) as [string];
    const kv = fusedProjection(ctx, x, `${n}.kv`, [{ w: w.key, scale: 1 }, { w: w.value, scale: 1 }]);
    [k, v] = splitHeads(ctx, kv, 2, n) as [string, string];
  }
  const kT = g.op('Transpose', [k], `${n}/key_t`, { perm: [0, 1, 3, 2] }); // [B, H, hd, S]
  const scores = g.op('MatMul', [q, kT], `${n}/scores`); // [B, H, Sq, S]
  const probs = g.op('Softmax', [scores], `${n}/softmax`, { axis: -1 }); // [B, H, Sq, S]
  const context = g.op('MatMul', [probs, v], `${n}/context`); // [B, H, Sq, hd]
  const merged = g.op('Transpose', [context], `${n}/merge_transpose`, { perm: [0, 2, 1, 3] }); // [B, Sq, H, hd]
  return g.op('Reshape', [merged, g.int64([0, 0, config.hiddenSize])], `${n}/merge_heads`); // [B, Sq, D]
}

/**
 * ViTSelfAttention with ORT's com.microsoft MultiHeadAttention kernel: Q, K, V projections stay
 * [B, S, D] and the kernel splits heads itself — no Transpose/Split copies. CPU/CUDA/DML only.
 */
function vitSelfAttentionMha(ctx: Ctx, x: string, xq: string | null, p: string, w: ViTLayerWeights): string {
  const { g, config } = ctx;
  const H = config.numAttentionHeads;
  const scale = 1 / Math.sqrt(config.hiddenSize / H);
  const n = `${p}attention.attention`;
  const q = linear(ctx, xq ?? x, `${n}.query`, w.query, true, scale); // [B, Sq, D], already · 1/sqrt(hd)
  const k = linear(ctx, x, `${n}.key`, w.key, true); // [B, S, D]
  const v = linear(ctx, x, `${n}.value`, w.value, true); // [B, S, D]
  return g.op('MultiHeadAttention', [q, k, v], n, { num_heads: H, scale: { float: 1 } }, MS_DOMAIN); // [B, Sq, D]
}

/** ViTAttention: self-attention + ViTSelfOutput's dense. → [B, Sq, D]. */
function vitAttention(ctx: Ctx, x: string, xq: string | null, p: string, w: ViTLayerWeights): string {
  const context = ctx.attention === 'mha' ? vitSelfAttentionMha(ctx, x, xq, p, w) : vitSelfAttentionOnnx(ctx, x, xq, p, w);
  return linear(ctx, context, `${p}attention.output.dense`, w.attentionOutput, true); // [B, Sq, D]
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

/** tokens[:, 0:1, :] — the [CLS] token, kept 3-D. [B, S, D] → [B, 1, D]. */
function clsToken(ctx: Ctx, x: string, name: string): string {
  return ctx.g.op('Slice', [x, ctx.g.int64([0]), ctx.g.int64([1]), ctx.g.int64([1])], name);
}

/**
 * ViTLayer (pre-norm): x + attn(LN(x)), then + mlp(LN(·)). [B, S, D] → [B, S, D].
 * `clsOnly` (the last layer): only [CLS] is read downstream and every step after attention is
 * per token, so only [CLS] queries, and only [CLS] goes through the output dense and MLP — exact,
 * and ~7 % fewer FLOPs for ViT-B. → [B, 1, D].
 */
function vitLayer(ctx: Ctx, x: string, index: number, w: ViTLayerWeights, clsOnly: boolean): string {
  const { g } = ctx;
  const p = `encoder.layer.${index}.`;
  const normed = layerNorm(ctx, x, `${p}layernorm_before`, w.layernormBefore); // [B, S, D]
  const query = clsOnly ? clsToken(ctx, normed, `${p}attention/cls_query`) : null; // [B, 1, D]
  const residual = clsOnly ? clsToken(ctx, x, `${p}attention/cls_residual`) : x; // [B, Sq, D]
  const attn = vitAttention(ctx, normed, query, p, w); // [B, Sq, D]
  const afterAttn = g.op('Add', [attn, residual], `${p}attention/residual`); // [B, Sq, D]
  const normedAfter = layerNorm(ctx, afterAttn, `${p}layernorm_after`, w.layernormAfter);
  const inter = linear(ctx, normedAfter, `${p}intermediate.dense`, w.intermediate, true); // [B, Sq, I]
  const act = activation(ctx, inter, `${p}intermediate.intermediate_act_fn`);
  const out = linear(ctx, act, `${p}output.dense`, w.output, true); // [B, Sq, D]
  return g.op('Add', [out, afterAttn], `${p}output/residual`); // [B, Sq, D]
}

/**
 * The whole ViT (and classifier when the checkpoint has one) as an ONNX graph:
 * pixel_values [B, C, H, W] → cls_feature [B, D] (final LayerNorm [CLS]), logits [B, L].
 */
export function buildViTGraph(config: ViTConfig, weights: ViTWeights, options: GraphOptions): GraphBuilder {
  requireFamily(config, 'The ONNX Runtime engine', ['vit']);
  const g = new GraphBuilder(`vit_${options.precision}_${options.attention}`);
  const ctx: Ctx = { g, config, ...options };
  const D = config.hiddenSize;
  const pixels = g.input(INPUT_NAME, ['batch', config.numChannels, config.imageSize, config.imageSize]);
  let hidden = vitEmbeddings(ctx, pixels, weights); // [B, S, D]
  const last = weights.layers.length - 1;
  weights.layers.forEach((layer, i) => {
    hidden = vitLayer(ctx, hidden, i, layer, i === last); // [B, S, D], the last [B, 1, D]
  });
  const normed = layerNorm(ctx, hidden, 'layernorm', weights.layernorm); // [B, 1, D]
  const cls = g.op('Gather', [normed, g.int64([0], true)], 'pooled_cls', { axis: 1 }); // [B, D]
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
