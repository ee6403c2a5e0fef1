import { dotsWithRow } from './vectors';

// A row matrix [n, d] whose rows are dotted with lists of other rows (the neighbour index's exact
// re-scoring: 45 candidates × 768 values for each of 100,000 rows). Where WebAssembly SIMD runs
// (Node, Electron, current browsers) the matrix lives in a WebAssembly memory and a 128-bit kernel
// computes the products, four vectors of four floats at a time: about 5× the JS loop. Elsewhere,
// or for widths that are not a multiple of 16, the JS loop (dotsWithRow) with the same contract.

export interface RowMatrix {
  /** The matrix [n, d], row-major: fill it before asking for products. */
  readonly x: Float32Array;
  readonly kernel: 'wasm-simd' | 'js';
  /** out[t] = x[row] · x[others[t]] for t < count. */
  dotsWithRow(row: number, others: Int32Array, count: number, out: Float32Array): void;
}

const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
};
const sleb = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// The instructions used (WebAssembly core + SIMD opcodes).
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const tee = (i: number) => [0x22, ...uleb(i)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const [ADD, MUL, SHL, LT_U, GE_U] = [[0x6a], [0x6c], [0x74], [0x49], [0x4f]];
const LOAD_I32 = [0x28, 2, 0];
const STORE_F32 = [0x38, 2, 0];
const F32_ADD = [0x92];
const v128Load = (offset: number) => [0xfd, 0x00, 2, ...uleb(offset)]; // align 4 bytes (rows are)
const F32X4_ADD = [0xfd, ...uleb(0xe4)];
const F32X4_MUL = [0xfd, ...uleb(0xe6)];
const ZERO_F32X4 = [0x43, 0, 0, 0, 0, 0xfd, 0x13]; // f32.const 0; f32x4.splat
const lane = (l: number) => [0xfd, 0x1f, l]; // f32x4.extract_lane
const [BLOCK, LOOP, END, BR, BR_IF] = [[0x02, 0x40], [0x03, 0x40], [0x0b], [0x0c], [0x0d]];

/**
 * dots(row, others, count, d16, out): for t < count, out[t] = x[row] · x[others[t]], x at byte 0
 * with rows of d16 × 16 floats; `others` (int32) and `out` (float32) are byte offsets.
 */
function kernelModule(): Uint8Array<ArrayBuffer> {
  const [ROW, OTHERS, COUNT, D16, OUT] = [0, 1, 2, 3, 4]; // params
  const [T, A, B, C, BYTES, ACC] = [5, 6, 7, 8, 9, 10]; // locals: 5 × i32, then 4 × v128 (10…13)
  const acc = (j: number) => [
    ...get(ACC + j),
    ...get(A), ...get(C), ...ADD, ...v128Load(16 * j),
    ...get(B), ...get(C), ...ADD, ...v128Load(16 * j),
    ...F32X4_MUL, ...F32X4_ADD, ...set(ACC + j),
  ];
  const code = [
    ...get(D16), ...i32(6), ...SHL, ...set(BYTES), // a row's bytes: d16 × 64
    ...get(ROW), ...get(BYTES), ...MUL, ...set(A),
    ...BLOCK, ...LOOP,
    ...get(T), ...get(COUNT), ...GE_U, ...BR_IF, 1,
    ...get(OTHERS), ...get(T), ...i32(2), ...SHL, ...ADD, ...LOAD_I32, ...get(BYTES), ...MUL, ...set(B),
    ...ZERO_F32X4, ...tee(ACC), ...tee(ACC + 1), ...tee(ACC + 2), ...set(ACC + 3),
    ...i32(0), ...set(C),
    ...LOOP, ...acc(0), ...acc(1), ...acc(2), ...acc(3),
    ...get(C), ...i32(64), ...ADD, ...tee(C), ...get(BYTES), ...LT_U, ...BR_IF, 0, ...END,
    ...get(ACC), ...get(ACC + 1), ...F32X4_ADD, ...get(ACC + 2), ...get(ACC + 3), ...F32X4_ADD, ...F32X4_ADD, ...set(ACC),
    ...get(OUT), ...get(T), ...i32(2), ...SHL, ...ADD,
    ...get(ACC), ...lane(0), ...get(ACC), ...lane(1), ...F32_ADD, ...get(ACC), ...lane(2), ...F32_ADD, ...get(ACC), ...lane(3), ...F32_ADD,
    ...STORE_F32,
    ...get(T), ...i32(1), ...ADD, ...set(T),
    ...BR, 0, ...END, ...END,
    ...END,
  ];
  const body = [2, 5, 0x7f, 4, 0x7b, ...code]; // locals: 5 i32, 4 v128
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // type: (i32 × 5) → ()
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]), // import env.memory
    ...section(3, [1, 0]), // one function of type 0
    ...section(7, [1, ...name('dots'), 0x00, 0]), // export it as "dots"
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

function kernel(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(kernelModule()) : null;
    } catch {
      compiled = null; // no SIMD here
    }
  }
  return compiled;
}

/** Largest products list per call, and the memory a WebAssembly instance can address. */
const MAX_OTHERS = 4096;
const MAX_BYTES = 2 ** 31;

/** A matrix [n, d] for row products, on the WebAssembly kernel where it can run. */
export function rowMatrix(n: number, d: number): RowMatrix {
  const bytes = n * d * 4;
  const module = d > 0 && d % 16 === 0 && bytes + MAX_OTHERS * 8 <= MAX_BYTES ? kernel() : null;
  if (module) {
    try {
      const pages = Math.ceil((bytes + MAX_OTHERS * 8) / 65536);
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      const dots = new WebAssembly.Instance(module, { env: { memory } }).exports.dots as (row: number, others: number, count: number, d16: number, out: number) => void;
      const x = new Float32Array(memory.buffer, 0, n * d);
      const others = new Int32Array(memory.buffer, bytes, MAX_OTHERS);
      const out = new Float32Array(memory.buffer, bytes + MAX_OTHERS * 4, MAX_OTHERS);
      return {
        x,
        kernel: 'wasm-simd',
        dotsWithRow(row, list, count, result) {
          for (let at = 0; at < count; at += MAX_OTHERS) {
            const here = Math.min(MAX_OTHERS, count - at);
            others.set(list.subarray(at, at + here));
            dots(row, others.byteOffset, here, d / 16, out.byteOffset);
            result.set(out.subarray(0, here), at);
          }
        },
      };
    } catch {
      // memory refused (too large for this process): the JS loop below
    }
  }
  return jsRowMatrix(new Float32Array(n * d), d);
}

/** The JS loop over an existing matrix [·, d]. */
export function jsRowMatrix(x: Float32Array, d: number): RowMatrix {
  return { x, kernel: 'js', dotsWithRow: (row, others, count, out) => dotsWithRow(x, d, row, others, count, out) };
}
