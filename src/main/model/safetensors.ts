import fs from 'node:fs';
import { openRegularFileSync } from './model-files';

// The safetensors format: u64 little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {...}}, then the raw bytes.
// Tensors are read one at a time straight from the file descriptor, so a 346 MB checkpoint is
// never held twice (file bytes + float32 copy) and nothing is allocated before it is validated.

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

const DTYPE_BYTES: Record<SafetensorsDtype, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1,
};
const FLOAT_DTYPES = new Set<SafetensorsDtype>(['F32', 'F16', 'BF16', 'F64']);

/** Headers of real checkpoints are KBs; 100 MB is far beyond any and stops a hostile length. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Absolute byte offsets in the file. */
  begin: number;
  end: number;
}

export class SafetensorsError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SafetensorsError';
  }
}

export class SafetensorsFile {
  private constructor(
    readonly path: string,
    private fd: number,
    readonly tensors: ReadonlyMap<string, TensorInfo>,
    readonly metadata: Record<string, string>,
  ) {}

  static open(file: string): SafetensorsFile {
    const { fd } = openRegularFileSync(file); // a FIFO or device in its place is refused, never waited on
    try {
      const { tensors, metadata } = readHeader(file, fd);
      return new SafetensorsFile(file, fd, tensors, metadata);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  info(name: string): TensorInfo {
    const t = this.tensors.get(name);
    if (!t) throw new SafetensorsError(this.path, `missing tensor "${name}"`);
    return t;
  }

  /** Reads one tensor and converts it to float32 (F32 is read in place, F16/BF16/F64 widened). */
  readFloat32(name: string): Float32Array {
    const t = this.info(name);
    if (!FLOAT_DTYPES.has(t.dtype)) {
      throw new SafetensorsError(this.path, `tensor "${name}" has dtype ${t.dtype}, expected a float type`);
    }
    const count = t.shape.reduce((a, b) => a * b, 1);
    const byteLength = t.end - t.begin;
    if (t.dtype === 'F32') {
      const out = new Float32Array(count);
      this.readInto(new Uint8Array(out.buffer), t.begin);
      return out;
    }
    const raw = new Uint8Array(byteLength);
    this.readInto(raw, t.begin);
    const view = new DataView(raw.buffer);
    const out = new Float32Array(count);
    if (t.dtype === 'F64') {
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
    } else if (t.dtype === 'BF16') {
      const bits = new Uint32Array(1);
      const asFloat = new Float32Array(bits.buffer);
      for (let i = 0; i < count; i++) {
        bits[0] = view.getUint16(i * 2, true) << 16;
        out[i] = asFloat[0]!;
      }
    } else {
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
    }
    return out;
  }

  private readInto(target: Uint8Array, position: number): void {
    let done = 0;
    while (done < target.length) {
      const n = fs.readSync(this.fd, target, done, target.length - done, position + done);
      if (n === 0) throw new SafetensorsError(this.path, 'file ended early (truncated download?)');
      done += n;
    }
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

function readHeader(file: string, fd: number) {
  const size = fs.fstatSync(fd).size;
  if (size < 8) throw new SafetensorsError(file, `too small to be a safetensors file (${size} bytes)`);
  const lengthBytes = Buffer.alloc(8);
  fs.readSync(fd, lengthBytes, 0, 8, 0);
  const headerLength = lengthBytes.readBigUInt64LE(0);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, size - 8))) {
    throw new SafetensorsError(
      file,
      `header claims ${headerLength} bytes but the file has ${size} (truncated or not a safetensors file)`,
    );
  }
  const n = Number(headerLength);
  const headerBytes = Buffer.alloc(n);
  fs.readSync(fd, headerBytes, 0, n, 8);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    throw new SafetensorsError(file, 'header is not valid JSON (not a safetensors file?)');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) {
    throw new SafetensorsError(file, 'header is not a JSON object');
  }
  const dataStart = 8 + n;
  const dataLength = size - dataStart;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof v?.dtype !== 'string' || !(v.dtype in DTYPE_BYTES)) {
      throw new SafetensorsError(file, `tensor "${name}" has unknown dtype ${JSON.stringify(v?.dtype)}`);
    }
    const dtype = v.dtype as SafetensorsDtype;
    const shape = v.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new SafetensorsError(file, `tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    const offsets = v.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1]
    ) {
      throw new SafetensorsError(file, `tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [b, e] = offsets as [number, number];
    if (e > dataLength) {
      throw new SafetensorsError(
        file,
        `tensor "${name}" ends at byte ${e} of the data but the file holds only ${dataLength} (truncated?)`,
      );
    }
    const count = (shape as number[]).reduce((a, d) => a * d, 1);
    if (count * DTYPE_BYTES[dtype] !== e - b) {
      throw new SafetensorsError(
        file,
        `tensor "${name}" of shape [${shape.join(', ')}] ${dtype} needs ${count * DTYPE_BYTES[dtype]} bytes, offsets give ${e - b}`,
      );
    }
    tensors.set(name, { name, dtype, shape: shape as number[], begin: dataStart + b, end: dataStart + e });
  }
  checkDataCoverage(file, [...tensors.values()], dataStart, dataLength);
  return { tensors, metadata };
}

/**
 * As the reference reader validates: the tensors, sorted by offset, tile the data exactly, with no
 * overlap (tensors aliasing each other's bytes), no gap and nothing after the last one.
 */
function checkDataCoverage(file: string, tensors: TensorInfo[], dataStart: number, dataLength: number): void {
  const sorted = [...tensors].sort((x, y) => x.begin - y.begin || x.end - y.end);
  let at = dataStart;
  let previous: TensorInfo | null = null;
  for (const t of sorted) {
    if (t.begin < at) throw new SafetensorsError(file, `tensors "${previous!.name}" and "${t.name}" overlap (corrupt or hostile header)`);
    if (t.begin > at) {
      const where = previous ? `between tensors "${previous.name}" and "${t.name}"` : `before the first tensor "${t.name}"`;
      throw new SafetensorsError(file, `${t.begin - at} bytes ${where} belong to no tensor (corrupt header)`);
    }
    at = t.end;
    if (t.end > t.begin || !previous) previous = t;
  }
  if (at !== dataStart + dataLength) {
    throw new SafetensorsError(file, `${dataStart + dataLength - at} bytes after the last tensor belong to no tensor (corrupt header)`);
  }
}

/** IEEE 754 half → float. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

export interface TensorToWrite {
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * Writes F32 tensors as a safetensors file, streaming tensor by tensor, atomically
 * (tmp file + rename) so a crash never leaves a half-written checkpoint where a whole one belongs.
 */
export function writeSafetensors(file: string, tensors: TensorToWrite[], metadata: Record<string, string> = {}): void {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt', ...metadata } };
  let offset = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new Error(`writeSafetensors: "${t.name}" has ${t.data.length} values for shape [${t.shape}]`);
    }
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + count * 4] };
    offset += count * 4;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(headerBytes.length));
    fs.writeSync(fd, len);
    fs.writeSync(fd, headerBytes);
    for (const t of tensors) fs.writeSync(fd, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
