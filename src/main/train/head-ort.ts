import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { GraphBuilder } from '../onnx/graph-builder';
import { DataType } from '../onnx/onnx-proto';
import { writeOnnxModel } from '../onnx/model-writer';
import { trainHeadWith, type HeadData, type HeadOptions, type HeadResult, type HeadSetup, type HeadStepper } from './head-loop';

// The same head training as head.ts (AdamW on softmax regression, same batches, same math), run by
// ONNX Runtime: S optimizer steps are unrolled into one graph, so one session.run does S steps
// with MLAS GEMMs and no per-op round trips from JS. Used when onnxruntime-node loads.

const STEPS = 32;
const B1 = 0.9;
const B2 = 0.999;

/**
 * One graph of `steps` AdamW steps over batches of `batch` rows. The bias is folded into W as a
 * last row (inputs carry a ones column), per-step scalars come in as inputs, and the loss and
 * accuracy are computed once for all steps at the end: ~18 nodes per step.
 *
 * Adam's moments are kept scaled, m̃ = m/(1−β1) and ṽ = v/(1−β2), so each recurrence is one
 * multiply and one add (m̃ ← β1·m̃ + g, ṽ ← β2·ṽ + g²), and the update lr·(m/c1)/(√(v/c2)+ε) becomes
 * a·m̃/(√ṽ+e) with a = lr·(1−β1)·√c2/(c1·√(1−β2)) and e = ε·√c2/√(1−β2): per step, three fewer passes
 * over the [D+1, L] weights than the textbook form (and none for decay when it is 0).
 */
function stepGraph(steps: number, batch: number, D: number, L: number, lr: number, weightDecay: number): GraphBuilder {
  const g = new GraphBuilder('head_steps');
  const D1 = D + 1;
  let W = g.input('w', [D1, L]);
  let m = g.input('m', [D1, L]);
  let v = g.input('v', [D1, L]);
  const labels = g.input('labels', [steps * batch], DataType.INT64); // -1 = padding
  const k1 = g.scalar('b1', B1);
  const k2 = g.scalar('b2', B2);
  // Decoupled weight decay on the weight rows, not on the bias row.
  const decay =
    weightDecay > 0 ? g.float('decay', [D1, 1], () => Float32Array.from({ length: D1 }, (_, i) => (i < D ? 1 - lr * weightDecay : 1))) : null;
  const allLogits: string[] = [];
  const allY: string[] = [];
  for (let k = 0; k < steps; k++) {
    const n = `s${k}`;
    const x = g.input(`x${k}`, [batch, D1]); // features + 1 (0 for padding rows)
    const y = g.input(`y${k}`, [batch, L]); // one-hot · w / Σw
    const rw = g.input(`rw${k}`, [batch, 1]); // w / Σw
    const a = g.input(`a${k}`, [1]);
    const e = g.input(`e${k}`, [1]);
    const logits = g.op('MatMul', [x, W], `${n}/logits`); // [B, L]
    allLogits.push(logits);
    allY.push(y);
    const G = g.op('Sub', [g.op('Mul', [g.op('Softmax', [logits], `${n}/p`, { axis: 1 }), rw], `${n}/pw`), y], `${n}/G`); // ∂loss/∂logits
    const grad = g.op('Gemm', [x, G], `${n}/grad`, { transA: 1 }); // [D+1, L]
    m = g.op('Add', [g.op('Mul', [m, k1], `${n}/m_b1`), grad], `${n}/m`);
    v = g.op('Add', [g.op('Mul', [v, k2], `${n}/v_b2`), g.op('Mul', [grad, grad], `${n}/g2`)], `${n}/v`);
    const update = g.op('Mul', [g.op('Div', [m, g.op('Add', [g.op('Sqrt', [v], `${n}/sqrt_v`), e], `${n}/denom`)], `${n}/ratio`), a], `${n}/update`);
    W = g.op('Sub', [decay ? g.op('Mul', [W, decay], `${n}/decayed`) : W, update], `${n}/w`);
  }
  // Per-step Σ y·(−log p) (times Σw in JS) and hits, for the epoch's running loss and accuracy.
  const logitsAll = g.op('Concat', allLogits, 'logits_all', { axis: 0 }); // [S·B, L]
  const yAll = g.op('Concat', allY, 'y_all', { axis: 0 });
  const perRow = g.op('ReduceSum', [g.op('Mul', [yAll, g.op('LogSoftmax', [logitsAll], 'logp', { axis: 1 })], 'ylogp'), g.int64([1])], 'row_nll', { keepdims: 0 });
  const losses = g.op('Neg', [g.op('ReduceSum', [g.op('Reshape', [perRow, g.int64([steps, batch])], 'nll_sb'), g.int64([1])], 'nll_s', { keepdims: 0 })], 'losses');
  const hitRows = g.op('Cast', [g.op('Equal', [g.op('ArgMax', [logitsAll], 'pred', { axis: 1, keepdims: 0 }), labels], 'eq')], 'hit_f', { to: DataType.FLOAT });
  const hits = g.op('ReduceSum', [g.op('Reshape', [hitRows, g.int64([steps, batch])], 'hit_sb'), g.int64([1])], 'hits', { keepdims: 0 });
  g.output(W, 'w_out', [D1, L]);
  g.output(m, 'm_out', [D1, L]);
  g.output(v, 'v_out', [D1, L]);
  g.output(losses, 'losses_out', [steps]);
  g.output(hits, 'hits_out', [steps]);
  return g;
}

/** One thread: these GEMMs are small ([32, 769]·[769, L]); a second thread costs more in sync than it gives. */
async function session(ort: typeof import('onnxruntime-node'), graph: GraphBuilder): Promise<InferenceSession> {
  const file = path.join(os.tmpdir(), `vit-studio-head-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.onnx`);
  writeOnnxModel(file, graph, { opsets: [{ domain: '', version: 17 }], producerName: 'vit-studio', producerVersion: '1', irVersion: 8 });
  try {
    return await ort.InferenceSession.create(file, { graphOptimizationLevel: 'all', executionMode: 'sequential', interOpNumThreads: 1, logSeverityLevel: 3, intraOpNumThreads: 1 });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Same contract and results (up to float rounding) as trainHead in head.ts. */
export async function trainHeadOrt(train: HeadData, val: HeadData | null, o: HeadOptions): Promise<HeadResult> {
  const ort = await import('onnxruntime-node');
  return trainHeadWith(train, val, o, (setup) => ortStepper(ort, train, o, setup));
}

function ortStepper(ort: typeof import('onnxruntime-node'), train: HeadData, o: HeadOptions, { D, L, init, classWeight: cw }: HeadSetup): HeadStepper {
  const BS = o.batchSize;
  const D1 = D + 1;
  // W [D+1, L]: the weight rows, then the bias row (0).
  let W: Float32Array = new Float32Array(D1 * L);
  W.set(init);
  let m: Float32Array = new Float32Array(D1 * L);
  let v: Float32Array = new Float32Array(D1 * L);
  const sessions = new Map<number, Promise<InferenceSession>>();
  const sessionFor = (steps: number) => {
    let s = sessions.get(steps);
    if (!s) sessions.set(steps, (s = session(ort, stepGraph(steps, BS, D, L, o.lr, o.weightDecay))));
    return s;
  };
  const x = new Float32Array(STEPS * BS * D1);
  const y = new Float32Array(STEPS * BS * L);
  const rw = new Float32Array(STEPS * BS);
  const labels = new BigInt64Array(STEPS * BS);
  const wsum = new Float64Array(STEPS);
  const f32 = (data: Float32Array, dims: number[]): Tensor => new ort.Tensor('float32', data, dims);
  let t = 0;
  return {
    async epoch(order) {
      const n = order.length;
      const stepsPerEpoch = Math.ceil(n / BS);
      const sums = { lossSum: 0, weightSum: 0, correct: 0 };
      for (let step0 = 0; step0 < stepsPerEpoch; step0 += STEPS) {
        if (o.signal?.aborted) throw new Error('cancelled');
        const steps = Math.min(STEPS, stepsPerEpoch - step0);
        const feeds: Record<string, Tensor> = {};
        for (let s = 0; s < steps; s++) {
          const first = (step0 + s) * BS;
          const rows = Math.min(BS, n - first);
          let w = 0;
          for (let k = 0; k < rows; k++) w += cw[train.y[order[first + k]!]!]!;
          wsum[s] = w;
          sums.weightSum += w;
          const base = s * BS;
          y.fill(0, base * L, (base + BS) * L);
          x.fill(0, (base + rows) * D1, (base + BS) * D1);
          rw.fill(0, base + rows, base + BS);
          labels.fill(-1n, base + rows, base + BS);
          for (let k = 0; k < rows; k++) {
            const row = order[first + k]!;
            const r = base + k;
            x.set(train.x.subarray(row * D, (row + 1) * D), r * D1);
            x[r * D1 + D] = 1;
            const c = train.y[row]!;
            y[r * L + c] = w ? cw[c]! / w : 0;
            rw[r] = w ? cw[c]! / w : 0;
            labels[r] = BigInt(c);
          }
          t++;
          const c1 = 1 - B1 ** t;
          const c2 = 1 - B2 ** t;
          feeds[`x${s}`] = f32(x.subarray(base * D1, (base + BS) * D1), [BS, D1]);
          feeds[`y${s}`] = f32(y.subarray(base * L, (base + BS) * L), [BS, L]);
          feeds[`rw${s}`] = f32(rw.subarray(base, base + BS), [BS, 1]);
          feeds[`a${s}`] = f32(Float32Array.of((o.lr * (1 - B1) * Math.sqrt(c2)) / (c1 * Math.sqrt(1 - B2))), [1]);
          feeds[`e${s}`] = f32(Float32Array.of((1e-8 * Math.sqrt(c2)) / Math.sqrt(1 - B2)), [1]);
        }
        feeds.w = f32(W, [D1, L]);
        feeds.m = f32(m, [D1, L]);
        feeds.v = f32(v, [D1, L]);
        feeds.labels = new ort.Tensor('int64', labels.subarray(0, steps * BS), [steps * BS]);
        const out = await (await sessionFor(steps)).run(feeds);
        W = out.w_out!.data as Float32Array;
        m = out.m_out!.data as Float32Array;
        v = out.v_out!.data as Float32Array;
        const losses = out.losses_out!.data as Float32Array;
        for (let s = 0; s < steps; s++) sums.lossSum += losses[s]! * wsum[s]!;
        for (const h of out.hits_out!.data as Float32Array) sums.correct += h;
      }
      return sums;
    },
    weights: () => ({ weight: W.slice(0, D * L), bias: W.slice(D * L) }),
    async dispose() {
      for (const s of sessions.values()) await s.then((x) => x.release()).catch(() => undefined);
    },
  };
}
