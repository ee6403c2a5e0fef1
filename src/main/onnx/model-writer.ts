import fs from 'node:fs';
import os from 'node:os';
import { FieldNumber, OnnxProto } from './onnx-proto';
import type { GraphBuilder, Initializer, TensorData } from './graph-builder';

// Writes a ModelProto to disk without ever materialising it in memory. protobufjs encodes the
// small parts (model header, nodes, inputs/outputs, each tensor's name/dims/type); the tensor
// payloads are written straight from their typed arrays as raw_data (field 9) one at a time.
// Protobuf's wire format allows fields in any order, so the graph is: [encoded graph without
// initializers][initializer 1]...[initializer n], each initializer a length-delimited field 5.

/** protobuf messages are capped at 2 GB (int32 sizes in every reader, ORT included). */
export const PROTOBUF_LIMIT = 2 ** 31 - 1;

export interface ModelMeta {
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  irVersion: number;
  metadata?: Record<string, string>;
}

const WIRE_LEN = 2;

function varint(value: number): Uint8Array {
  // Values here are sizes below 2^53, so plain arithmetic (not 32-bit bit ops) is exact.
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}

function lengthDelimitedHeader(field: number, length: number): Uint8Array {
  const tag = varint(field * 8 + WIRE_LEN);
  const len = varint(length);
  const out = new Uint8Array(tag.length + len.length);
  out.set(tag, 0);
  out.set(len, tag.length);
  return out;
}

interface PreparedTensor {
  init: Initializer;
  /** name, dims, data_type, then the raw_data tag + length. */
  head: Uint8Array;
  rawBytes: number;
}

function prepareTensor(init: Initializer): PreparedTensor {
  const count = init.dims.reduce((a, b) => a * b, 1);
  const rawBytes = count * BYTES[init.dataType]!;
  const meta = OnnxProto.TensorProto.encode(
    OnnxProto.TensorProto.fromObject({ name: init.name, dims: init.dims, dataType: init.dataType }),
  ).finish();
  const rawHeader = lengthDelimitedHeader(FieldNumber.tensorRawData, rawBytes);
  const head = new Uint8Array(meta.length + rawHeader.length);
  head.set(meta, 0);
  head.set(rawHeader, meta.length);
  return { init, head, rawBytes };
}

const BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8 };

function asBytes(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Total size the model will have on disk, to refuse a >2 GB graph before writing anything. */
function plan(graph: GraphBuilder, meta: ModelMeta) {
  const graphHead = OnnxProto.GraphProto.encode(
    OnnxProto.GraphProto.fromObject({ name: graph.name, node: graph.nodes, input: graph.inputs, output: graph.outputs }),
  ).finish();
  const modelHead = OnnxProto.ModelProto.encode(
    OnnxProto.ModelProto.fromObject({
      irVersion: meta.irVersion,
      producerName: meta.producerName,
      producerVersion: meta.producerVersion,
      opsetImport: meta.opsets,
      metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) => ({ key, value })),
    }),
  ).finish();
  const tensors = graph.initializers.map(prepareTensor);
  let graphBytes = graphHead.length;
  for (const t of tensors) {
    const tensorBytes = t.head.length + t.rawBytes;
    graphBytes += lengthDelimitedHeader(FieldNumber.graphInitializer, tensorBytes).length + tensorBytes;
  }
  const graphField = lengthDelimitedHeader(FieldNumber.modelGraph, graphBytes);
  const totalBytes = modelHead.length + graphField.length + graphBytes;
  return { modelHead, graphField, graphHead, tensors, totalBytes };
}

/**
 * Streams the model to `file` atomically (tmp + fsync + rename). Returns the size in bytes.
 * Throws before writing when the model would exceed protobuf's 2 GB limit.
 */
export function writeOnnxModel(file: string, graph: GraphBuilder, meta: ModelMeta): number {
  if (os.endianness() !== 'LE') throw new Error('ONNX raw_data is little-endian; this host is big-endian');
  const p = plan(graph, meta);
  if (p.totalBytes > PROTOBUF_LIMIT) {
    throw new Error(
      `the ONNX graph would be ${(p.totalBytes / 2 ** 30).toFixed(2)} GB, over protobuf's 2 GB limit`,
    );
  }
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const fd = fs.openSync(tmp, 'w');
  let written = 0;
  const write = (bytes: Uint8Array) => {
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done);
    written += bytes.length;
  };
  try {
    write(p.modelHead);
    write(p.graphField);
    write(p.graphHead);
    for (const t of p.tensors) {
      const data = t.init.produce();
      const raw = asBytes(data);
      if (raw.length !== t.rawBytes) {
        throw new Error(`initializer ${t.init.name}: produced ${raw.length} bytes for dims [${t.init.dims}], expected ${t.rawBytes}`);
      }
      write(lengthDelimitedHeader(FieldNumber.graphInitializer, t.head.length + t.rawBytes));
      write(t.head);
      write(raw);
    }
    if (written !== p.totalBytes) throw new Error(`wrote ${written} bytes, planned ${p.totalBytes}`);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return written;
}
