import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { GraphBuilder } from '../onnx/graph-builder';
import { DataType } from '../onnx/onnx-proto';
import { writeOnnxModel } from '../onnx/model-writer';
import { seededRandom } from '../../shared/augment';
import type { RunEpoch } from '../../shared/api/runs';
import { classWeights, transpose, type HeadData, type HeadOptions, type HeadResult } from './head';

// The same head training as head.ts (AdamW on softmax regression, same batches, same math), run by
// ONNX Runtime: S optimizer steps are unrolled into one graph, so one session.run does S steps
// with MLAS GEMMs on every core and no per-op round trips. Used when onnxruntime-node loads.

const STEPS = 32;
const B1 = 0.9;
const B2 = 0.999;

/** One graph of `steps` AdamW steps over batches of `batch` rows. */
function stepGraph(steps: number, batch: number, D: number, L: number, lr: number, weightDecay: number): GraphBuilder {
  const g = new GraphBuilder('head_steps');
  const X = g.input('x', [steps * batch, D]);
  const Y = g.input('y_weighted', [steps * batch, L]); // one-hot × class weight; 0 rows = padding
  const labels = g.input('labels', [steps * batch], DataType.INT64); // -1 = padding
  const wsum = g.input('batch_weight', [steps]);
  const c1 = g.input('c1', [steps]);
  const c2 = g.input('c2', [steps]);
  let W = g.input('w', [D, L]);
  let b = g.input('b', [L]);
  let mW = g.input('m_w', [D, L]);
  let vW = g.input('v_w', [D, L]);
  let mb = g.input('m_b', [L]);
  let vb = g.input('v_b', [L]);
  const axis0 = g.int64([0]);
  const axis1 = g.int64([1]);
  const k1 = g.scalar('b1', B1);
  const k1c = g.scalar('one_minus_b1', 1 - B1);
  const k2 = g.scalar('b2', B2);
  const k2c = g.scalar('one_minus_b2', 1 - B2);
  const eps = g.scalar('eps', 1e-8);
  const lrC = g.scalar('lr', lr);
  const decay = g.scalar('decay', 1 - lr * weightDecay);
  const losses: string[] = [];
  const hits: string[] = [];
  const adam = (p: string, m: string, v: string, grad: string, c1k: string, c2k: string, n: string, decayed: boolean) => {
    const m2 = g.op('Add', [g.op('Mul', [m, k1], `${n}/m_b1`), g.op('Mul', [grad, k1c], `${n}/g_b1`)], `${n}/m`);
    const v2 = g.op('Add', [g.op('Mul', [v, k2], `${n}/v_b2`), g.op('Mul', [g.op('Mul', [grad, grad], `${n}/g2`), k2c], `${n}/g2_b2`)], `${n}/v`);
    const denom = g.op('Add', [g.op('Sqrt', [g.op('Div', [v2, c2k], `${n}/vhat`)], `${n}/sqrt`), eps], `${n}/denom`);
    const update = g.op('Mul', [g.op('Div', [g.op('Div', [m2, c1k], `${n}/mhat`), denom], `${n}/ratio`), lrC], `${n}/update`);
    const base = decayed ? g.op('Mul', [p, decay], `${n}/decayed`) : p;
    return [g.op('Sub', [base, update], `${n}/p`), m2, v2] as const;
  };
  for (let k = 0; k < steps; k++) {
    const n = `step${k}`;
    const rows = (t: string, name: string) => g.op('Slice', [t, g.int64([k * batch]), g.int64([(k + 1) * batch]), axis0], `${n}/${name}`);
    const xb = rows(X, 'x'); // [B, D]
    const yb = rows(Y, 'y'); // [B, L]
    const lb = rows(labels, 'labels'); // [B]
    const at = (t: string, name: string) => g.op('Slice', [t, g.int64([k]), g.int64([k + 1]), axis0], `${n}/${name}`); // [1]
    const logits = g.op('Gemm', [xb, W, b], `${n}/logits`); // [B, L]
    const logp = g.op('LogSoftmax', [logits], `${n}/logp`, { axis: 1 });
    const rowWeight = g.op('ReduceSum', [yb, axis1], `${n}/row_w`, { keepdims: 1 }); // [B, 1]
    // ∂loss/∂logits = (softmax·w − onehot·w) / Σw
    const G = g.op('Div', [g.op('Sub', [g.op('Mul', [g.op('Exp', [logp], `${n}/p`), rowWeight], `${n}/pw`), yb], `${n}/diff`), at(wsum, 'wsum')], `${n}/G`);
    const gW = g.op('Gemm', [xb, G], `${n}/gW`, { transA: 1 }); // [D, L]
    const gb = g.op('ReduceSum', [G, axis0], `${n}/gb`, { keepdims: 0 }); // [L]
    const c1k = at(c1, 'c1');
    const c2k = at(c2, 'c2');
    [W, mW, vW] = adam(W, mW, vW, gW, c1k, c2k, `${n}/W`, true);
    [b, mb, vb] = adam(b, mb, vb, gb, c1k, c2k, `${n}/b`, false);
    losses.push(g.op('Neg', [g.op('ReduceSum', [g.op('Mul', [yb, logp], `${n}/ylogp`), g.int64([0, 1])], `${n}/nll`, { keepdims: 0 })], `${n}/loss`));
    const pred = g.op('ArgMax', [logits], `${n}/pred`, { axis: 1, keepdims: 0 }); // int64 [B]
    const hit = g.op('Cast', [g.op('Equal', [pred, lb], `${n}/eq`)], `${n}/hitf`, { to: DataType.FLOAT });
    hits.push(g.op('ReduceSum', [hit, axis0], `${n}/hits`, { keepdims: 0 }));
  }
  const stack = (xs: string[], name: string) =>
    g.op('Concat', xs.map((x, i) => g.op('Unsqueeze', [x, axis0], `${name}/u${i}`)), name, { axis: 0 });
  g.output(W, 'w_out', [D, L]);
  g.output(b, 'b_out', [L]);
  g.output(mW, 'm_w_out', [D, L]);
  g.output(vW, 'v_w_out', [D, L]);
  g.output(mb, 'm_b_out', [L]);
  g.output(vb, 'v_b_out', [L]);
  g.output(stack(losses, 'losses'), 'losses_out', [steps]);
  g.output(stack(hits, 'hits'), 'hits_out', [steps]);
  return g;
}

async function session(ort: typeof import('onnxruntime-node'), graph: GraphBuilder): Promise<InferenceSession> {
  const file = path.join(os.tmpdir(), `vit-studio-head-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.onnx`);
  writeOnnxModel(file, graph, { opsets: [{ domain: '', version: 17 }], producerName: 'vit-studio', producerVersion: '1', irVersion: 8 });
  try {
    return await ort.InferenceSession.create(file, { graphOptimizationLevel: 'all', executionMode: 'sequential', interOpNumThreads: 1, logSeverityLevel: 3 });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Same contract and results (up to float rounding) as trainHead in head.ts. */
export async function trainHeadOrt(train: HeadData, val: HeadData | null, o: HeadOptions): Promise<HeadResult> {
  const ort = await import('onnxruntime-node');
  const { dim: D, numLabels: L, batchSize: BS } = o;
  const n = train.y.length;
  if (n === 0) throw new Error('no training examples');
  const rand = seededRandom(o.seed);
  let W: Float32Array = new Float32Array(D * L);
  for (let i = 0; i < W.length; i++) W[i] = (rand() - 0.5) * 0.02;
  let b: Float32Array = new Float32Array(L);
  let mW: Float32Array = new Float32Array(D * L);
  let vW: Float32Array = new Float32Array(D * L);
  let mb: Float32Array = new Float32Array(L);
  let vb: Float32Array = new Float32Array(L);
  const cw = o.classWeighting ? classWeights(train.y, L) : new Float32Array(L).fill(1);
  const sessions = new Map<number, Promise<InferenceSession>>();
  const sessionFor = (steps: number) => {
    let s = sessions.get(steps);
    if (!s) sessions.set(steps, (s = session(ort, stepGraph(steps, BS, D, L, o.lr, o.weightDecay))));
    return s;
  };
  const stepsPerEpoch = Math.ceil(n / BS);
  const x = new Float32Array(STEPS * BS * D);
  const y = new Float32Array(STEPS * BS * L);
  const labels = new BigInt64Array(STEPS * BS);
  const wsum = new Float32Array(STEPS);
  const c1 = new Float32Array(STEPS);
  const c2 = new Float32Array(STEPS);
  const T = (data: Float32Array | BigInt64Array, dims: number[]): Tensor =>
    new ort.Tensor(data instanceof BigInt64Array ? 'int64' : 'float32', data, dims);
  let t = 0;
  const epochs: RunEpoch[] = [];
  let best: { epoch: number; acc: number; loss: number; weight: Float32Array; bias: Float32Array } = {
    epoch: 0, acc: -1, loss: Infinity, weight: W.slice(), bias: b.slice(),
  };
  const order = Int32Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      let lossSum = 0;
      let weightSum = 0;
      let correct = 0;
      for (let step0 = 0; step0 < stepsPerEpoch; step0 += STEPS) {
        if (o.signal?.aborted) throw new Error('cancelled');
        const steps = Math.min(STEPS, stepsPerEpoch - step0);
        y.fill(0);
        labels.fill(-1n);
        x.fill(0);
        for (let s = 0; s < steps; s++) {
          let w = 0;
          for (let k = 0; k < BS; k++) {
            const pos = (step0 + s) * BS + k;
            if (pos >= n) break;
            const row = order[pos]!;
            const r = s * BS + k;
            x.set(train.x.subarray(row * D, (row + 1) * D), r * D);
            const c = train.y[row]!;
            y[r * L + c] = cw[c]!;
            labels[r] = BigInt(c);
            w += cw[c]!;
          }
          wsum[s] = w || 1;
          weightSum += w;
          t++;
          c1[s] = 1 - B1 ** t;
          c2[s] = 1 - B2 ** t;
        }
        const sess = await sessionFor(steps);
        const out = await sess.run({
          x: T(x.subarray(0, steps * BS * D), [steps * BS, D]),
          y_weighted: T(y.subarray(0, steps * BS * L), [steps * BS, L]),
          labels: T(labels.subarray(0, steps * BS), [steps * BS]),
          batch_weight: T(wsum.subarray(0, steps), [steps]),
          c1: T(c1.subarray(0, steps), [steps]),
          c2: T(c2.subarray(0, steps), [steps]),
          w: T(W, [D, L]), b: T(b, [L]), m_w: T(mW, [D, L]), v_w: T(vW, [D, L]), m_b: T(mb, [L]), v_b: T(vb, [L]),
        });
        W = out.w_out!.data as Float32Array;
        b = out.b_out!.data as Float32Array;
        mW = out.m_w_out!.data as Float32Array;
        vW = out.v_w_out!.data as Float32Array;
        mb = out.m_b_out!.data as Float32Array;
        vb = out.v_b_out!.data as Float32Array;
        for (const v of out.losses_out!.data as Float32Array) lossSum += v;
        for (const v of out.hits_out!.data as Float32Array) correct += v;
      }
      const va = val && val.y.length ? evaluate(val, W, b, D, L, cw) : null;
      const row: RunEpoch = { epoch, trainLoss: weightSum ? lossSum / weightSum : 0, trainAcc: correct / n, valLoss: va?.loss ?? null, valAcc: va?.acc ?? null };
      epochs.push(row);
      o.onEpoch?.(row);
      const acc = va ? va.acc : Infinity;
      const loss = va ? va.loss : 0;
      if (acc > best.acc || (acc === best.acc && loss < best.loss)) best = { epoch, acc, loss, weight: W.slice(), bias: b.slice() };
      else if (o.patience !== null && epoch - best.epoch >= o.patience) break;
    }
  } finally {
    for (const s of sessions.values()) await s.then((x) => x.release()).catch(() => undefined);
  }
  return { weight: transpose(best.weight, D, L), bias: best.bias, epochs, bestEpoch: best.epoch };
}

/** Weighted cross-entropy and accuracy of W [D, L], b on a set, in JS (validation sets are small). */
function evaluate(set: HeadData, W: Float32Array, b: Float32Array, D: number, L: number, cw: Float32Array) {
  const n = set.y.length;
  let loss = 0, wsum = 0, correct = 0;
  const z = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    z.set(b);
    for (let d = 0; d < D; d++) {
      const xv = set.x[i * D + d]!;
      if (xv === 0) continue;
      for (let c = 0; c < L; c++) z[c]! += xv * W[d * L + c]!;
    }
    let max = -Infinity, arg = 0;
    for (let c = 0; c < L; c++) if (z[c]! > max) [max, arg] = [z[c]!, c];
    let sum = 0;
    for (let c = 0; c < L; c++) sum += Math.exp(z[c]! - max);
    const y = set.y[i]!;
    loss += cw[y]! * (Math.log(sum) + max - z[y]!);
    wsum += cw[y]!;
    if (arg === y) correct++;
  }
  return { loss: wsum ? loss / wsum : 0, acc: n ? correct / n : 0 };
}

/**
 * The head trainer a run uses: ONNX Runtime when the run's engine is ORT and onnxruntime-node
 * loads (4× faster than TF.js WASM here), else TF.js. Same results either way.
 */
export async function trainHeadAuto(
  engine: 'ort' | 'tfjs',
  train: HeadData,
  val: HeadData | null,
  o: HeadOptions,
): Promise<HeadResult & { trainer: 'ort' | 'tfjs' }> {
  if (engine === 'ort') {
    let available = true;
    try {
      await import('onnxruntime-node');
    } catch {
      available = false;
    }
    if (available) return { ...(await trainHeadOrt(train, val, o)), trainer: 'ort' };
  }
  const { trainHead } = await import('./head');
  return { ...(await trainHead(train, val, o)), trainer: 'tfjs' };
}
