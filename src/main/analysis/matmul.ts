import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { DataType } from '../onnx/onnx-proto';
import { GraphBuilder } from '../onnx/graph-builder';
import { writeOnnxModel } from '../onnx/model-writer';
import { multiply, nearestByDistance } from '../../shared/data/vectors';

// Big matrix products of the analyses (PCA, k-means, k-nearest-neighbour blocks) on ONNX
// Runtime's MLAS GEMM, every core, 20-50× faster than a JS loop; plain JS where onnxruntime-node
// does not load.

type Ort = typeof import('onnxruntime-node');
type Session = { ort: Ort; session: InferenceSession } | null;

let ortModule: Promise<Ort | null> | null = null;
const sessions = new Map<string, Promise<Session>>();

/** One ONNX Runtime session per small graph, built once per process (null: ORT does not load). */
function graphSession(name: string, build: (g: GraphBuilder) => void): Promise<Session> {
  let s = sessions.get(name);
  if (!s) {
    s = (async () => {
      ortModule ??= import('onnxruntime-node').catch(() => null);
      const ort = await ortModule;
      if (!ort) return null;
      const g = new GraphBuilder(name);
      build(g);
      const file = path.join(os.tmpdir(), `vit-studio-${name}-${process.pid}-${Date.now()}.onnx`);
      writeOnnxModel(file, g, { opsets: [{ domain: '', version: 17 }], producerName: 'vit-studio', producerVersion: '1', irVersion: 8 });
      try {
        // No spinning between runs: these GEMMs come one after another from JS, and spinning threads
        // would burn a shared machine's cores while JS does its part.
        return { ort, session: await ort.InferenceSession.create(file, { logSeverityLevel: 3, extra: { session: { intra_op: { allow_spinning: '0' } } } }) };
      } finally {
        fs.rmSync(file, { force: true });
      }
    })();
    sessions.set(name, s);
  }
  return s;
}

/** a [m, k] · b [k, n] → [m, n] */
export async function matmul(a: Float32Array, m: number, k: number, b: Float32Array, n: number): Promise<Float32Array> {
  const s = await graphSession('matmul', (g) => {
    const ab = g.op('MatMul', [g.input('a', ['m', 'k']), g.input('b', ['k', 'n'])], 'ab');
    g.output(ab, 'c', ['m', 'n']);
  });
  if (!s || m === 0 || n === 0 || k === 0) return multiply(a, m, k, b, n);
  const out = await s.session.run({ a: new s.ort.Tensor('float32', a.subarray(0, m * k), [m, k]), b: new s.ort.Tensor('float32', b.subarray(0, k * n), [k, n]) });
  return out.c!.data as Float32Array;
}

/**
 * For each row of a [m, p], the `want` rows of b [n, p] nearest by Euclidean distance, nearest
 * first: [m, want] indices into b (want ≤ n). One GEMM (‖b‖² − 2·a·bᵀ ranks as ‖a − b‖² does) and
 * a top-k inside ONNX Runtime, so the m × n distances never reach JS.
 */
export async function nearestRowsOf(a: Float32Array, m: number, b: Float32Array, n: number, p: number, want: number): Promise<Int32Array> {
  const bNorms = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < p; t++) s += b[j * p + t]! * b[j * p + t]!;
    bNorms[j] = s;
  }
  // want = 1 (k-means' assignments): ArgMin, a plain reduction, instead of a top-k.
  const s = await graphSession(want === 1 ? 'nearest-row' : 'nearest-rows', (g) => {
    const dots = g.op('Gemm', [g.input('a', ['m', 'p']), g.input('b', ['n', 'p'])], 'dots', { alpha: { float: -2 }, transB: 1 });
    const dist = g.op('Add', [dots, g.input('b_norms', ['n'])], 'dist');
    const indices =
      want === 1
        ? g.op('ArgMin', [dist], 'nearest', { axis: 1, keepdims: 1, select_last_index: 0 })
        : g.opN('TopK', [dist, g.input('k', [1], DataType.INT64)], 'top', 2, { axis: -1, largest: 0, sorted: 1 })[1]!;
    g.output(g.op('Cast', [indices], 'indices_i32', { to: DataType.INT32 }), 'indices', ['m', want === 1 ? 1 : 'want'], DataType.INT32);
  });
  if (!s || m === 0) return nearestByDistance(a, m, b, n, p, bNorms, want);
  const out = await s.session.run({
    a: new s.ort.Tensor('float32', a.subarray(0, m * p), [m, p]),
    b: new s.ort.Tensor('float32', b.subarray(0, n * p), [n, p]),
    b_norms: new s.ort.Tensor('float32', bNorms, [n]),
    ...(want === 1 ? {} : { k: new s.ort.Tensor('int64', BigInt64Array.of(BigInt(want)), [1]) }),
  });
  return out.indices!.data as Int32Array;
}
