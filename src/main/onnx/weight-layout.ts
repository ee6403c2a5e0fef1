import type { LinearWeights } from '../model/checkpoint';

// Weight re-layouts done once at graph-build time: PyTorch Linear stores [out, in], ONNX MatMul
// wants [in, out]; Q, K and V are fused into one [in, 3·out] matrix so each layer does one GEMM.

/** A factor on a Linear's outputs: one for all, or one per output (e.g. DINOv2's LayerScale [out]). */
export type OutputScale = number | Float32Array;

/** [out, in] → [in, out], each output optionally scaled. */
export function transposeLinear(w: LinearWeights, scale: OutputScale = 1): Float32Array {
  const { outFeatures: O, inFeatures: I, weight } = w;
  const out = new Float32Array(I * O);
  for (let o = 0; o < O; o++) {
    const row = o * I;
    const k = typeof scale === 'number' ? scale : scale[o]!;
    for (let i = 0; i < I; i++) out[i * O + o] = weight[row + i]! * k;
  }
  return out;
}

/**
 * Linear weights [O, D] each → one [D, k·O] matrix whose column blocks are the parts in order
 * (Q | K | V, or K | V), each optionally scaled: 1/sqrt(head_dim) is folded into Q so the graph
 * needs no Div after Q·Kᵀ.
 */
export function fuseLinearWeights(parts: { w: LinearWeights; scale: number }[]): Float32Array {
  const D = parts[0]!.w.inFeatures;
  const O = parts[0]!.w.outFeatures;
  const cols = parts.length * O;
  const out = new Float32Array(D * cols);
  parts.forEach(({ w, scale }, part) => {
    for (let o = 0; o < O; o++) {
      const row = o * D;
      const col = part * O + o;
      for (let i = 0; i < D; i++) out[i * cols + col] = w.weight[row + i]! * scale;
    }
  });
  return out;
}

/** The matching biases [k·O]; a missing bias (qkv_bias=false) is zeros. */
export function fuseLinearBiases(parts: { w: LinearWeights; scale: number }[]): Float32Array {
  const O = parts[0]!.w.outFeatures;
  const out = new Float32Array(parts.length * O);
  parts.forEach(({ w, scale }, part) => {
    if (!w.bias) return;
    for (let o = 0; o < O; o++) out[part * O + o] = w.bias[o]! * scale;
  });
  return out;
}

export interface QuantizedWeight {
  /** int8 [in, out], symmetric (zero point 0). */
  values: Int8Array;
  /** One scale per output column [out]. */
  scales: Float32Array;
}

/**
 * Symmetric per-output-column int8 quantization of an [in, out] float matrix: scale = max|w|/127,
 * q = round(w / scale). Per-column keeps a column with small weights from losing all precision.
 */
export function quantizeColumns(weight: Float32Array, inFeatures: number, outFeatures: number): QuantizedWeight {
  const scales = new Float32Array(outFeatures);
  for (let i = 0; i < inFeatures; i++) {
    const row = i * outFeatures;
    for (let o = 0; o < outFeatures; o++) {
      const a = Math.abs(weight[row + o]!);
      if (a > scales[o]!) scales[o] = a;
    }
  }
  for (let o = 0; o < outFeatures; o++) scales[o] = scales[o]! > 0 ? scales[o]! / 127 : 1;
  const values = new Int8Array(inFeatures * outFeatures);
  for (let i = 0; i < inFeatures; i++) {
    const row = i * outFeatures;
    for (let o = 0; o < outFeatures; o++) {
      values[row + o] = Math.max(-127, Math.min(127, Math.round(weight[row + o]! / scales[o]!)));
    }
  }
  return { values, scales };
}
