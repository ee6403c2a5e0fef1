import type { ViTConfig } from '../../shared/model/vit-config';
import type { BackbonePrecision } from '../../shared/api/runs';
import type { LayerNormWeights, LinearWeights } from '../model/checkpoint';
import type { GraphBuilder } from './graph-builder';
import { DataType } from './onnx-proto';
import { quantizeColumns, transposeLinear, type OutputScale } from './weight-layout';

// The small units every family's graph is made of, as ONNX nodes: nn.Linear (fp32 MatMul or
// int8 DynamicQuantizeMatMul), nn.LayerNorm and transformers' ACT2FN activations.

/** The backbone's precision in the graph: the same choice a run records. */
export type GraphPrecision = BackbonePrecision;

/** 'onnx': standard ops only (portable to every EP); 'mha': ORT's MultiHeadAttention contrib kernel. */
export type AttentionKind = 'onnx' | 'mha';

export interface GraphOptions {
  precision: GraphPrecision;
  attention: AttentionKind;
  /** Side of the square pixel_values the graph takes (the image processor's output); default config.imageSize. */
  inputSize?: number;
}

export const MS_DOMAIN = 'com.microsoft';

export interface Ctx extends GraphOptions {
  g: GraphBuilder;
  config: ViTConfig;
}

/**
 * y = x·W + b for a PyTorch Linear; int8 mode quantizes W per column and x on the fly. `scale`
 * multiplies the outputs (a number, or one factor per output such as DINOv2's LayerScale),
 * folded into W and b at build time.
 */
export function linear(ctx: Ctx, x: string, name: string, w: LinearWeights, quantize: boolean, scale: OutputScale = 1): string {
  const [I, O] = [w.inFeatures, w.outFeatures];
  const at = (o: number) => (typeof scale === 'number' ? scale : scale[o]!);
  const bias = w.bias ? ctx.g.float(`${name}.bias`, [O], () => (scale === 1 ? w.bias! : w.bias!.map((b, o) => b * at(o)))) : null;
  return linearFromLayout(ctx, x, name, I, O, () => transposeLinear(w, scale), bias, quantize);
}

/** A Linear whose [in, out] weight comes from `weightInOut` (fused or rescaled at build time). */
export function linearFromLayout(
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

export function layerNorm(ctx: Ctx, x: string, name: string, w: LayerNormWeights): string {
  const D = ctx.config.hiddenSize;
  const scale = ctx.g.float(`${name}.weight`, [D], () => w.weight);
  const bias = ctx.g.float(`${name}.bias`, [D], () => w.bias);
  return ctx.g.op('LayerNormalization', [x, scale, bias], name, { axis: -1, epsilon: { float: ctx.config.layerNormEps } });
}

/** The MLP's activation (config.hidden_act), as transformers' ACT2FN. */
export function activation(ctx: Ctx, x: string, name: string): string {
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
      // x · σ(1.702 x)
      const s = g.op('Sigmoid', [g.op('Mul', [x, g.scalar(`${name}.k`, 1.702)], `${name}/mul_k`)], `${name}/sigmoid`);
      return g.op('Mul', [x, s], `${name}/mul`);
    }
    case 'relu':
      return g.op('Relu', [x], name);
  }
}

/** tokens[:, from:to, :], kept 3-D. [B, S, D] → [B, to-from, D]; `to` omitted = to the end. */
export function tokenSlice(ctx: Ctx, x: string, name: string, from: number, to?: number): string {
  const end = to ?? Number.MAX_SAFE_INTEGER;
  return ctx.g.op('Slice', [x, ctx.g.int64([from]), ctx.g.int64([end]), ctx.g.int64([1])], name);
}
