import type { LinearWeights, ViTLayerWeights } from '../model/checkpoint';
import { activation, layerNorm, linear, linearFromLayout, MS_DOMAIN, tokenSlice, type Ctx } from './graph-ops';
import { fuseLinearBiases, fuseLinearWeights } from './weight-layout';

// One encoder layer as ONNX nodes, block by block like HF modeling_vit.py (ViTLayer = ViTAttention
// + ViTIntermediate + ViTOutput); CLIPEncoderLayer, SiglipEncoderLayer and Dinov2Layer are the same
// pre-norm block under other names (DINOv2 adds LayerScale, folded into the projections).
// B = batch (symbolic), S = tokens, D = hidden, H = heads, hd = D/H, I = intermediate.

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
 * Self-attention in standard ONNX ops (runs on every execution provider), 1/sqrt(hd) folded into
 * Q. `xq` [B, Sq, D] are the query tokens — all tokens (Sq = S, one fused Q|K|V GEMM) or just [CLS]
 * in the last layer (Sq = 1); `x` [B, S, D] gives keys and values. → context [B, Sq, D].
 */
function selfAttentionOnnx(ctx: Ctx, x: string, xq: string | null, n: string, w: ViTLayerWeights): string {
  const { g, config } = ctx;
  const scale = 1 / Math.sqrt(config.hiddenSize / config.numAttentionHeads);
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
 * Self-attention with ORT's com.microsoft MultiHeadAttention kernel: Q, K, V projections stay
 * [B, S, D] and the kernel splits heads itself — no Transpose/Split copies. CPU/CUDA/DML only.
 */
function selfAttentionMha(ctx: Ctx, x: string, xq: string | null, n: string, w: ViTLayerWeights): string {
  const { g, config } = ctx;
  const H = config.numAttentionHeads;
  const scale = 1 / Math.sqrt(config.hiddenSize / H);
  const q = linear(ctx, xq ?? x, `${n}.query`, w.query, true, scale); // [B, Sq, D], already · 1/sqrt(hd)
  const k = linear(ctx, x, `${n}.key`, w.key, true); // [B, S, D]
  const v = linear(ctx, x, `${n}.value`, w.value, true); // [B, S, D]
  return g.op('MultiHeadAttention', [q, k, v], n, { num_heads: H, scale: { float: 1 } }, MS_DOMAIN); // [B, Sq, D]
}

/** Attention + its output projection (times LayerScale λ1 when the family has it). → [B, Sq, D]. */
function attentionBlock(ctx: Ctx, x: string, xq: string | null, p: string, w: ViTLayerWeights): string {
  const n = `${p}attention.attention`;
  const context = ctx.attention === 'mha' ? selfAttentionMha(ctx, x, xq, n, w) : selfAttentionOnnx(ctx, x, xq, n, w);
  return linear(ctx, context, `${p}attention.output.dense`, w.attentionOutput, true, w.layerScale1 ?? 1); // [B, Sq, D]
}

/**
 * One pre-norm layer: x + attn(LN(x)), then + mlp(LN(·)). [B, S, D] → [B, S, D].
 * `clsOnly` (the last layer when the feature is [CLS] alone): every step after attention is per
 * token, so only [CLS] queries, and only [CLS] goes through the output dense and MLP — exact,
 * and ~7 % fewer FLOPs for ViT-B. → [B, 1, D].
 */
export function encoderLayer(ctx: Ctx, x: string, index: number, w: ViTLayerWeights, clsOnly: boolean): string {
  const { g } = ctx;
  const p = `encoder.layer.${index}.`;
  const normed = layerNorm(ctx, x, `${p}layernorm_before`, w.layernormBefore); // [B, S, D]
  const query = clsOnly ? tokenSlice(ctx, normed, `${p}attention/cls_query`, 0, 1) : null; // [B, 1, D]
  const residual = clsOnly ? tokenSlice(ctx, x, `${p}attention/cls_residual`, 0, 1) : x; // [B, Sq, D]
  const attn = attentionBlock(ctx, normed, query, p, w); // [B, Sq, D]
  const afterAttn = g.op('Add', [attn, residual], `${p}attention/residual`); // [B, Sq, D]
  const normedAfter = layerNorm(ctx, afterAttn, `${p}layernorm_after`, w.layernormAfter);
  const inter = linear(ctx, normedAfter, `${p}intermediate.dense`, w.intermediate, true); // [B, Sq, I]
  const act = activation(ctx, inter, `${p}intermediate.intermediate_act_fn`);
  const out = linear(ctx, act, `${p}output.dense`, w.output, true, w.layerScale2 ?? 1); // [B, Sq, D]
  return g.op('Add', [out, afterAttn], `${p}output/residual`); // [B, Sq, D]
}
