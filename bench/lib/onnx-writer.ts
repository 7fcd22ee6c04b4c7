/**
 * A small ONNX writer for the benchmark models: protobuf encoded by hand (the few onnx.proto fields
 * the graphs use), so a 400 MB model is written as a list of chunks without ever being copied into
 * one buffer. Unlike test/fixtures/models/onnx-proto.ts it knows op domains (com.microsoft),
 * float and string attributes, nodes with several outputs, and large typed initializers.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { ProtoMessage as Msg } from '../../src/engine/protobuf-writer';

/** TensorProto.DataType values. */
export const T = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10 } as const;
export type ElemType = (typeof T)[keyof typeof T];

export type Dim = number | string;
export type AttrValue = number | number[] | string | { float: number } | { tensor: TensorInit };

interface TensorInit {
  type: ElemType;
  dims: number[];
  data: Uint8Array;
}

// --- onnx.proto messages --------------------------------------------------------------------

function tensorProto(name: string, init: TensorInit): Msg {
  const m = new Msg();
  for (const d of init.dims) m.varint(1, d);
  m.varint(2, init.type);
  if (name) m.string(8, name);
  m.bytes(9, init.data);
  return m;
}

function attribute(name: string, value: AttrValue): Msg {
  const m = new Msg().string(1, name);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: use { float } for non-integers`);
    return m.varint(3, value).varint(20, 2);
  }
  if (typeof value === 'string') return m.string(4, value).varint(20, 3);
  if (Array.isArray(value)) {
    for (const v of value) m.varint(8, v);
    return m.varint(20, 7);
  }
  if ('float' in value) return m.float(2, value.float).varint(20, 1);
  return m.message(5, tensorProto('', value.tensor)).varint(20, 4);
}

function valueInfo(name: string, type: ElemType, dims: Dim[]): Msg {
  const shape = new Msg();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new Msg().varint(1, d) : new Msg().string(2, d));
  const tensorType = new Msg().varint(1, type).message(2, shape);
  return new Msg().string(1, name).message(2, new Msg().message(1, tensorType));
}

/** Bytes of a typed array, little-endian as ONNX raw_data wants (this machine is little-endian). */
export function rawBytes(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * Collects a graph. `op()` returns its output names, so graphs read as nested expressions;
 * `constant()` adds an initializer and returns its name.
 */
export class OnnxGraph {
  private readonly nodes = new Msg();
  private readonly initializers = new Msg();
  private readonly inputs = new Msg();
  private readonly outputs = new Msg();
  private counter = 0;
  private readonly usedDomains = new Set<string>(['']);
  /** Bytes of initializer data so far. */
  weightBytes = 0;

  constructor(private readonly name: string) {}

  input(name: string, type: ElemType, dims: Dim[]): string {
    this.inputs.message(11, valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: ElemType, dims: Dim[]): void {
    this.outputs.message(12, valueInfo(name, type, dims));
  }

  constant(type: ElemType, dims: number[], data: ArrayBufferView, name = `c${this.counter++}`): string {
    const bytes = rawBytes(data);
    this.initializers.message(5, tensorProto(name, { type, dims, data: bytes }));
    this.weightBytes += bytes.length;
    return name;
  }

  int64(values: number[] | number): string {
    const list = typeof values === 'number' ? [values] : values;
    const data = BigInt64Array.from(list.map((v) => BigInt(v)));
    return this.constant(T.INT64, typeof values === 'number' ? [] : [list.length], data);
  }

  float(values: number[] | number): string {
    const list = typeof values === 'number' ? [values] : values;
    return this.constant(T.FLOAT, typeof values === 'number' ? [] : [list.length], Float32Array.from(list));
  }

  /**
   * Adds a node. `outputs` is a count (names are made up) or explicit names ('' leaves an optional
   * output out). Returns the output names.
   */
  op(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    { outputs = 1, domain = '' }: { outputs?: number | string[]; domain?: string } = {},
  ): string[] {
    const id = this.counter++;
    const names = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, i) => `${opType}_${id}_${i}`) : outputs;
    const node = new Msg();
    for (const input of inputs) node.string(1, input);
    for (const output of names) node.string(2, output);
    node.string(3, `${opType}_${id}`).string(4, opType);
    for (const [key, value] of Object.entries(attrs)) node.message(5, attribute(key, value));
    if (domain) {
      node.string(7, domain);
      this.usedDomains.add(domain);
    }
    this.nodes.message(1, node);
    return names;
  }

  /** One-output shorthand for `op()`. */
  op1(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, options: { output?: string; domain?: string } = {}): string {
    return this.op(opType, inputs, attrs, { outputs: options.output ? [options.output] : 1, domain: options.domain })[0]!;
  }

  /** com.microsoft op, one output. */
  ms(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    return this.op1(opType, inputs, attrs, { output, domain: 'com.microsoft' });
  }

  /** The model (IR 8, default opset 17, com.microsoft 1) as chunks. */
  private encode(docString: string): Msg {
    // Nodes, initializers, inputs and outputs are already encoded as tagged GraphProto fields.
    const graph = new Msg();
    const splice = (m: Msg) => {
      for (const chunk of m.chunks) graph.raw(chunk);
    };
    splice(this.nodes);
    graph.string(2, this.name);
    splice(this.initializers);
    splice(this.inputs);
    splice(this.outputs);

    const model = new Msg().varint(1, 8).string(2, 'nano-banana-bench').string(3, '1').string(6, docString);
    model.message(7, graph);
    for (const domain of this.usedDomains) {
      model.message(8, new Msg().string(1, domain).varint(2, domain === '' ? 17 : 1));
    }
    return model;
  }

  /** The model in one buffer (small models). */
  toBytes(docString: string): Uint8Array {
    return this.encode(docString).toBytes();
  }

  /** Writes the model to `path` via a temporary file, chunk by chunk; returns its size. */
  write(path: string, docString: string): number {
    const model = this.encode(docString);
    const tmp = `${path}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w');
    try {
      for (const chunk of model.chunks) {
        if (!(chunk instanceof Uint8Array)) throw new Error('the bench writer never defers bytes');
        writeSync(fd, chunk);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return model.length;
  }
}
