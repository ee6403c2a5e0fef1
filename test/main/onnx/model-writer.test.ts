import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src/main/onnx/graph-builder';
import { writeOnnxModel } from '../../../src/main/onnx/model-writer';
import { tmpDir } from './onnx-fixture';

const work = tmpDir('onnx-writer-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const meta = { opsets: [{ domain: '', version: 17 }], producerName: 'test', producerVersion: '1', irVersion: 8 };

describe('writeOnnxModel', () => {
  it('writes a model ORT runs: y = x·W + b with a symbolic batch', async () => {
    const g = new GraphBuilder('affine');
    const x = g.input('x', ['batch', 2]);
    const w = g.float('w', [2, 3], () => Float32Array.of(1, 2, 3, 4, 5, 6));
    const b = g.float('b', [3], () => Float32Array.of(0.5, -1, 2));
    const y = g.op('Add', [g.op('MatMul', [x, w], 'mm'), b], 'add');
    g.output(y, 'y', ['batch', 3]);
    const file = path.join(work, 'affine.onnx');
    const bytes = writeOnnxModel(file, g, meta);
    expect(fs.statSync(file).size).toBe(bytes);
    const s = await ort.InferenceSession.create(file);
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.of(1, 1, 0, 2), [2, 2]) });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([5.5, 6, 11, 8.5, 9, 14]);
    expect(out.y!.dims).toEqual([2, 3]);
    await s.release();
  });

  it('refuses a graph over the 2 GB protobuf limit before writing or producing anything', () => {
    const g = new GraphBuilder('huge');
    g.input('x', [1]);
    let produced = false;
    g.float('w', [600_000_000], () => {
      produced = true;
      return new Float32Array(1);
    });
    const file = path.join(work, 'huge.onnx');
    expect(() => writeOnnxModel(file, g, meta)).toThrow(/2\.\d+ GB, over protobuf's 2 GB limit/);
    expect(produced).toBe(false);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('huge'))).toEqual([]);
  });

  it('removes the temp file when a tensor has the wrong size', () => {
    const g = new GraphBuilder('bad');
    g.input('x', [1]);
    g.float('w', [4], () => new Float32Array(3));
    expect(() => writeOnnxModel(path.join(work, 'bad.onnx'), g, meta)).toThrow(/produced 12 bytes for dims \[4\], expected 16/);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('bad'))).toEqual([]);
  });
});
