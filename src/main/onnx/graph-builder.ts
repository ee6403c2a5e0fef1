import {
  AttributeType,
  DataType,
  type AttributeProtoObject,
  type DataTypeCode,
  type NodeProtoObject,
  type ValueInfoProtoObject,
} from './onnx-proto';

// A small ONNX graph builder: nodes get unique output names, initializers are LAZY (a function that
// produces the typed array when the writer reaches it), so building a ViT-B graph holds the
// checkpoint's weights plus one transposed tensor at a time — never a second full copy.

export type TensorData = Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array;

export interface Initializer {
  name: string;
  dataType: DataTypeCode;
  dims: number[];
  /** Called once, when the tensor is written. */
  produce(): TensorData;
}

export type AttributeValue = number | number[] | string | { float: number } | { floats: number[] };

/** A symbolic or fixed dimension of a graph input/output. */
export type Dim = number | string;

function attribute(name: string, value: AttributeValue): AttributeProtoObject {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.FLOATS, floats: value.floats };
}

function valueInfo(name: string, elemType: number, dims: Dim[]): ValueInfoProtoObject {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class GraphBuilder {
  readonly nodes: NodeProtoObject[] = [];
  readonly initializers: Initializer[] = [];
  readonly inputs: ValueInfoProtoObject[] = [];
  readonly outputs: ValueInfoProtoObject[] = [];
  private readonly used = new Set<string>();
  private readonly int64Constants = new Map<string, string>();

  constructor(readonly name: string) {}

  /** A fresh value name based on `hint` (hints are scoped like HF module paths). */
  unique(hint: string): string {
    let name = hint;
    for (let i = 1; this.used.has(name); i++) name = `${hint}_${i}`;
    this.used.add(name);
    return name;
  }

  input(name: string, dims: Dim[], elemType: number = DataType.FLOAT): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Marks `value` as a graph output under `name` (adds an Identity when the names differ). */
  output(value: string, name: string, dims: Dim[], elemType: number = DataType.FLOAT): void {
    if (value !== name) {
      this.used.add(name);
      this.nodes.push({ input: [value], output: [name], name: `${name}/Identity`, opType: 'Identity', attribute: [] });
    }
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds one node and returns its (single) output name. */
  op(opType: string, inputs: string[], name: string, attrs: Record<string, AttributeValue> = {}, domain?: string): string {
    return this.opN(opType, inputs, name, 1, attrs, domain)[0]!;
  }

  /** Adds one node with `outputCount` outputs. */
  opN(
    opType: string,
    inputs: string[],
    name: string,
    outputCount: number,
    attrs: Record<string, AttributeValue> = {},
    domain?: string,
  ): string[] {
    const nodeName = this.unique(name);
    const outputs = Array.from({ length: outputCount }, (_, i) => this.unique(outputCount === 1 ? nodeName : `${nodeName}:${i}`));
    this.nodes.push({
      input: inputs,
      output: outputs,
      name: nodeName,
      opType,
      ...(domain ? { domain } : {}),
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  /** A lazily produced constant tensor. */
  initializer(name: string, dataType: DataTypeCode, dims: number[], produce: () => TensorData): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dataType, dims, produce });
    return unique;
  }

  float(name: string, dims: number[], produce: () => Float32Array): string {
    return this.initializer(name, DataType.FLOAT, dims, produce);
  }

  /** A shared int64 constant (shapes, axes, indices): one initializer per distinct value. */
  int64(values: number[], scalar = false): string {
    const key = `${scalar ? 's' : 'v'}${values.join(',')}`;
    const existing = this.int64Constants.get(key);
    if (existing) return existing;
    const name = this.initializer(`const_i64_${key.replace(/[^0-9a-z]/gi, '_')}`, DataType.INT64, scalar ? [] : [values.length], () =>
      BigInt64Array.from(values.map((v) => BigInt(v))),
    );
    this.int64Constants.set(key, name);
    return name;
  }

  /** A float scalar constant. */
  scalar(name: string, value: number): string {
    return this.float(name, [], () => Float32Array.of(value));
  }
}
