import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { GraphBuilder } from '../onnx/graph-builder';
import { writeOnnxModel } from '../onnx/model-writer';
import { multiply } from '../../shared/data/vectors';

// Big matrix products of the analyses (PCA, k-nearest-neighbour blocks) on ONNX Runtime's MLAS
// GEMM, every core, 20-50× faster than a JS loop; plain JS where onnxruntime-node does not load.

let session: Promise<{ ort: typeof import('onnxruntime-node'); session: InferenceSession } | null> | null = null;

function matmulSession() {
  session ??= (async () => {
    let ort: typeof import('onnxruntime-node');
    try {
      ort = await import('onnxruntime-node');
    } catch {
      return null;
    }
    const g = new GraphBuilder('matmul');
    const a = g.input('a', ['m', 'k']);
    const b = g.input('b', ['k', 'n']);
    g.output(g.op('MatMul', [a, b], 'ab'), 'c', ['m', 'n']);
    const file = path.join(os.tmpdir(), `vit-studio-matmul-${process.pid}-${Date.now()}.onnx`);
    writeOnnxModel(file, g, { opsets: [{ domain: '', version: 17 }], producerName: 'vit-studio', producerVersion: '1', irVersion: 8 });
    try {
      // No spinning between runs: these GEMMs come one after another from JS, and spinning threads
      // would burn a shared machine's cores while JS does its part.
      return { ort, session: await ort.InferenceSession.create(file, { logSeverityLevel: 3, extra: { session: { intra_op: { allow_spinning: '0' } } } }) };
    } finally {
      fs.rmSync(file, { force: true });
    }
  })();
  return session;
}

/** a [m, k] · b [k, n] → [m, n] */
export async function matmul(a: Float32Array, m: number, k: number, b: Float32Array, n: number): Promise<Float32Array> {
  const s = await matmulSession();
  if (!s || m === 0 || n === 0 || k === 0) return multiply(a, m, k, b, n);
  const out = await s.session.run({ a: new s.ort.Tensor('float32', a.subarray(0, m * k), [m, k]), b: new s.ort.Tensor('float32', b.subarray(0, k * n), [k, n]) });
  return out.c!.data as Float32Array;
}
