/**
 * Rewrites a 4-bit ONNX decoder, as it loads, into the form onnxruntime-web's WebAssembly build runs
 * fast. onnxruntime-web has no WebAssembly kernel for MatMulNBits (4-bit weights): it expands every
 * weight matrix to fp32 on every call, so a 360M-parameter q4 model decodes at well under one token per
 * second, 10-20× slower than the same file in native onnxruntime. Its 8-bit matrix product (QGEMM) does
 * have WebAssembly SIMD kernels. So, on WASM only:
 *
 * - MatMulNBits (4 bits, fp32 scales) → DynamicQuantizeMatMul with int8 weights, one scale per output
 *   column. Every 4-bit value q·s (s its block's scale) is requantized to the column's 8-bit grid; the
 *   added error is at most half a step of that grid (1/254 of the column's largest weight).
 * - A large fp32 embedding table (Gather) → int8 rows with one scale per row, dequantized after the
 *   Gather: the table shrinks 4× (189 → 47 MB for SmolLM2-360M), so the 8-bit weights above cost no
 *   more memory than the file.
 * - The LM head computes logits for the last `num_logits_to_keep` positions only (transformers.js
 *   passes 1 while generating): a prompt's prefill no longer produces 1,000 × 49,152 logits that are
 *   thrown away (200 MB, and the LM head's share of the prefill compute).
 *
 * Only what these rewrites need of onnx.proto is parsed; everything else is copied as it is.
 */

import { ProtoMessage as Out, type Deferred } from './protobuf-writer';
import type { WasmGraphOptions } from './types';

export type { WasmGraphOptions };

// --- protobuf reading -----------------------------------------------------------------------

interface Field {
  field: number;
  wire: number;
  /** Varint value (wire 0). */
  value: bigint;
  /** Payload bounds (wire 2), or the whole field's bounds for other wire types. */
  start: number;
  end: number;
  /** The whole field, tag included. */
  fieldStart: number;
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return [result, pos];
    shift += 7n;
  }
}

/** Small varints without BigInt: the common case when walking a 400 MB message. */
function readSmallVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let multiplier = 1;
  for (;;) {
    const byte = buf[pos++]!;
    result += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return [result, pos];
    multiplier *= 128;
  }
}

function* fields(buf: Uint8Array, start = 0, end = buf.length): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const fieldStart = pos;
    const [key, afterKey] = readSmallVarint(buf, pos);
    pos = afterKey;
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const [value, next] = readVarint(buf, pos);
      yield { field, wire, value, start: pos, end: next, fieldStart };
      pos = next;
    } else if (wire === 2) {
      const [length, next] = readSmallVarint(buf, pos);
      yield { field, wire, value: 0n, start: next, end: next + length, fieldStart };
      pos = next + length;
    } else if (wire === 5) {
      yield { field, wire, value: 0n, start: pos, end: pos + 4, fieldStart };
      pos += 4;
    } else if (wire === 1) {
      yield { field, wire, value: 0n, start: pos, end: pos + 8, fieldStart };
      pos += 8;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
}

const decoder = new TextDecoder();
const text = (buf: Uint8Array, f: Field) => decoder.decode(buf.subarray(f.start, f.end));

// --- protobuf writing: ./protobuf-writer.ts -------------------------------------------------

const FLOAT = 1;
const FLOAT16 = 10;
const UINT8 = 2;
const INT8 = 3;
const INT64 = 7;

interface Tensor {
  name: string;
  dataType: number;
  dims: number[];
  data: Uint8Array | Deferred;
}

function tensorProto({ name, dataType, dims, data }: Tensor): Out {
  const t = new Out();
  for (const d of dims) t.varint(1, d);
  return t.varint(2, dataType).string(8, name).bytes(9, data);
}

/** A TensorProto whose values are in the external data file `location` at `offset`. */
function externalTensorProto({ name, dataType, dims, data }: Tensor, location: string, offset: number): Out {
  const t = new Out();
  for (const d of dims) t.varint(1, d);
  t.varint(2, dataType).string(8, name);
  const entry = (key: string, value: string) => new Out().string(1, key).string(2, value);
  t.message(13, entry('location', location)).message(13, entry('offset', String(offset))).message(13, entry('length', String(data.length)));
  return t.varint(14, 1); // data_location: EXTERNAL
}

function int64Tensor(name: string, values: number[], scalar = false): Tensor {
  const data = new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
  return { name, dataType: INT64, dims: scalar ? [] : [values.length], data };
}

function nodeProto(opType: string, inputs: string[], outputs: string[], name: string, domain = '', attrs: Out[] = []): Out {
  const n = new Out();
  for (const input of inputs) n.string(1, input);
  for (const output of outputs) n.string(2, output);
  n.string(3, name).string(4, opType);
  for (const attr of attrs) n.message(5, attr);
  if (domain) n.string(7, domain);
  return n;
}

/** A graph input or output (ValueInfoProto) named in `names`, declared with another element type. */
function retype(buf: Uint8Array, f: Field, names: Set<string>, elemType: number): Out | undefined {
  let name = '';
  let type: Field | undefined;
  for (const g of fields(buf, f.start, f.end)) {
    if (g.field === 1) name = text(buf, g);
    else if (g.field === 2) type = g;
  }
  if (!names.has(name) || !type) return undefined;
  let tensor: Field | undefined;
  for (const g of fields(buf, type.start, type.end)) if (g.field === 1) tensor = g;
  if (!tensor) return undefined;
  const tensorType = new Out().varint(1, elemType);
  for (const g of fields(buf, tensor.start, tensor.end)) if (g.field !== 1) tensorType.raw(buf.subarray(g.fieldStart, g.end));
  return new Out().string(1, name).message(2, new Out().message(1, tensorType));
}

/** `node` as it is but for its inputs. */
function withInputs(buf: Uint8Array, node: NodeInfo, inputs: string[]): Out {
  const attrs = node.attributes.map((a) => new Out().raw(buf.subarray(a.start, a.end)));
  return nodeProto(node.opType, inputs, node.outputs, node.name, node.domain, attrs);
}

function intAttribute(name: string, value: number): Out {
  return new Out().string(1, name).varint(3, value).varint(20, 2);
}

// --- graph model ----------------------------------------------------------------------------

interface NodeInfo {
  field: Field;
  opType: string;
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  ints: Map<string, number>;
  floats: Map<string, number>;
  /** The attributes as encoded, to write the node again with other inputs. */
  attributes: Field[];
}

interface InitializerInfo {
  field: Field;
  name: string;
  dims: number[];
  dataType: number;
  /** raw_data bounds; undefined when the tensor stores its values another way. */
  raw?: { start: number; end: number };
  /** Values in an external data file (not handled: such models are left as they are). */
  external?: boolean;
}

function parseNode(buf: Uint8Array, f: Field): NodeInfo {
  const node: NodeInfo = { field: f, opType: '', domain: '', name: '', inputs: [], outputs: [], ints: new Map(), floats: new Map(), attributes: [] };
  for (const g of fields(buf, f.start, f.end)) {
    if (g.field === 1) node.inputs.push(text(buf, g));
    else if (g.field === 2) node.outputs.push(text(buf, g));
    else if (g.field === 3) node.name = text(buf, g);
    else if (g.field === 4) node.opType = text(buf, g);
    else if (g.field === 7) node.domain = text(buf, g);
    else if (g.field === 5) {
      node.attributes.push(g);
      let attrName = '';
      let intValue: bigint | undefined;
      let floatValue: number | undefined;
      for (const a of fields(buf, g.start, g.end)) {
        if (a.field === 1) attrName = text(buf, a);
        else if (a.field === 3) intValue = a.value;
        else if (a.field === 2 && a.wire === 5) floatValue = new DataView(buf.buffer, buf.byteOffset + a.start, 4).getFloat32(0, true);
      }
      if (intValue !== undefined) node.ints.set(attrName, Number(BigInt.asIntN(64, intValue)));
      if (floatValue !== undefined) node.floats.set(attrName, floatValue);
    }
  }
  return node;
}

function parseInitializer(buf: Uint8Array, f: Field): InitializerInfo {
  const init: InitializerInfo = { field: f, name: '', dims: [], dataType: 0 };
  for (const g of fields(buf, f.start, f.end)) {
    if (g.field === 1) {
      if (g.wire === 0) init.dims.push(Number(g.value));
      else for (let p = g.start; p < g.end; ) {
        const [v, next] = readVarint(buf, p);
        init.dims.push(Number(v));
        p = next;
      }
    } else if (g.field === 2) init.dataType = Number(g.value);
    else if (g.field === 8) init.name = text(buf, g);
    else if (g.field === 9) init.raw = { start: g.start, end: g.end };
    else if (g.field === 14 && g.value === 1n) init.external = true;
  }
  return init;
}

/** Aligned copy of raw tensor bytes as Float32 (raw_data may sit at any offset). */
function floats(buf: Uint8Array, raw: { start: number; end: number }): Float32Array {
  return new Float32Array(buf.slice(raw.start, raw.end).buffer);
}

// --- the rewrites ---------------------------------------------------------------------------

/**
 * MatMulNBits 4-bit weights [N, blocks, blockSize/2] → int8 [K, N] with one scale per column. The
 * scales are computed now; the weights are written when the output is assembled.
 */
function requantizeToInt8(
  packed: Uint8Array,
  scales: Float32Array,
  zeroPoints: Uint8Array | undefined,
  K: number,
  N: number,
  blockSize: number,
): { weights: Deferred; columnScales: Float32Array } {
  const blocks = Math.ceil(K / blockSize);
  const blobSize = blockSize / 2;
  const columnScales = new Float32Array(N);
  const zpBytesPerColumn = Math.ceil(blocks / 2);
  const zeroPoint = (n: number, b: number) =>
    zeroPoints ? (zeroPoints[n * zpBytesPerColumn + (b >> 1)]! >> ((b & 1) * 4)) & 0x0f : 8;
  for (let n = 0; n < N; n++) {
    let largest = 0;
    for (let b = 0; b < blocks; b++) {
      const zp = zeroPoint(n, b);
      largest = Math.max(largest, Math.max(zp, 15 - zp) * Math.abs(scales[n * blocks + b]!));
    }
    columnScales[n] = largest > 0 ? largest / 127 : 1;
  }
  const fill = (target: Uint8Array) => {
    const weights = new Int8Array(target.buffer, target.byteOffset, target.length);
    // Block by block, column by column: the 32 rows of a block stay in cache while the columns advance.
    for (let b = 0; b < blocks; b++) {
      const k0 = b * blockSize;
      const rows = Math.min(blockSize, K - k0);
      for (let n = 0; n < N; n++) {
        const zp = zeroPoint(n, b);
        const factor = scales[n * blocks + b]! / columnScales[n]!;
        const base = (n * blocks + b) * blobSize;
        let at = k0 * N + n;
        for (let i = 0; i < rows; i += 2) {
          const byte = packed[base + (i >> 1)]!;
          weights[at] = Math.round(((byte & 0x0f) - zp) * factor);
          at += N;
          if (i + 1 < rows) weights[at] = Math.round(((byte >> 4) - zp) * factor);
          at += N;
        }
      }
    }
  };
  return { weights: { length: K * N, fill }, columnScales };
}

/** Rows of a fp32 table [V, H] → int8 rows and one scale per row. */
function quantizeRows(table: Float32Array, rows: number, width: number): { values: Int8Array; rowScales: Float32Array } {
  const values = new Int8Array(rows * width);
  const rowScales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let largest = 0;
    for (let c = 0; c < width; c++) largest = Math.max(largest, Math.abs(table[r * width + c]!));
    const step = largest > 0 ? largest / 127 : 1;
    rowScales[r] = step;
    for (let c = 0; c < width; c++) values[r * width + c] = Math.round(table[r * width + c]! / step);
  }
  return { values, rowScales };
}

export interface WasmGraphReport {
  matMulNBits: number;
  embeddings: number;
  attention: number;
  logitsToKeep: boolean;
}

/**
 * GroupQueryAttention → the same attention as plain MatMul, Softmax and a causal mask. onnxruntime-web's
 * WebAssembly GroupQueryAttention is ~15× slower than native on a 1,000-token prompt (most of the
 * prompt's time), while its MatMul runs on the SIMD matrix kernels: 6-7× faster than the fused op there.
 * For one sequence without padding, which is what the engine runs: `seqlens_k` and
 * `total_sequence_length` are then implied by the shapes. Left alone when the op does more (rotary
 * inside, softcap, local window, extra inputs).
 */
function rewriteAttention(
  nodes: NodeInfo[],
  newNodes: Map<NodeInfo, Out[]>,
  newInitializers: Tensor[],
  report: WasmGraphReport,
  halfCache: Set<string> | undefined,
): void {
  const gqa = nodes.filter(
    (n) =>
      n.opType === 'GroupQueryAttention' &&
      n.domain === 'com.microsoft' &&
      !n.ints.get('do_rotary') &&
      (n.ints.get('local_window_size') ?? -1) === -1 &&
      !n.floats.get('softcap') &&
      n.inputs.length <= 7 &&
      n.inputs[1] &&
      n.inputs[2] &&
      n.inputs[3] &&
      n.inputs[4] &&
      n.outputs.length === 3,
  );
  if (gqa.length === 0) return;
  const made = new Set<string>();
  const c = (name: string, values: number[], scalar = false) => {
    if (!made.has(name)) newInitializers.push(int64Tensor(`gqa_${name}`, values, scalar));
    made.add(name);
    return `gqa_${name}`;
  };
  const floatConst = (name: string, value: number) => {
    newInitializers.push({ name: `gqa_${name}`, dataType: FLOAT, dims: [], data: new Uint8Array(Float32Array.of(value).buffer) });
    return `gqa_${name}`;
  };
  // Lengths, head size and the causal mask [S, T] (0 or -1e30), once for all layers.
  const first = gqa[0]!;
  const [q0, , , past0] = first.inputs as [string, string, string, string];
  const shared: Out[] = [];
  const op = (target: Out[], type: string, inputs: string[], output: string, attrs: Out[] = []) => {
    target.push(nodeProto(type, inputs, [output], output, '', attrs));
    return output;
  };
  const intsAttribute = (name: string, values: number[]) => {
    const a = new Out().string(1, name);
    for (const v of values) a.varint(8, v);
    return a.varint(20, 7);
  };
  const qShape = op(shared, 'Shape', [q0], 'gqa_q_shape');
  const pastShape = op(shared, 'Shape', [past0], 'gqa_past_shape');
  const seq = op(shared, 'Slice', [qShape, c('1', [1]), c('2', [2])], 'gqa_seq'); // [1]
  const past = op(shared, 'Slice', [pastShape, c('2', [2]), c('3', [3])], 'gqa_past'); // [1]
  const headSize = op(shared, 'Slice', [pastShape, c('3', [3]), c('4', [4])], 'gqa_head_size'); // [1]
  const total = op(shared, 'Add', [past, seq], 'gqa_total');
  const rows = op(shared, 'Unsqueeze', [op(shared, 'Range', [op(shared, 'Squeeze', [past], 'gqa_past_s'), op(shared, 'Squeeze', [total], 'gqa_total_s'), c('one', [1], true)], 'gqa_rows'), c('axis1', [1])], 'gqa_rows2');
  const cols = op(shared, 'Range', [c('zero', [0], true), 'gqa_total_s', 'gqa_one'], 'gqa_cols');
  const mask = op(shared, 'Where', [op(shared, 'Greater', [cols, rows], 'gqa_future'), floatConst('masked', -1e30), floatConst('open', 0)], 'gqa_mask');
  const scale = op(
    shared,
    'Div',
    [floatConst('unit', 1), op(shared, 'Sqrt', [op(shared, 'Cast', [headSize], 'gqa_head_size_f', [intAttribute('to', FLOAT)])], 'gqa_sqrt')],
    'gqa_scale_d',
  );
  const qSplitShape = new Map<string, string>();
  let sharedPlaced = false;

  for (const node of gqa) {
    const heads = node.ints.get('num_heads')!;
    const kvHeads = node.ints.get('kv_num_heads')!;
    if (!heads || !kvHeads || heads % kvHeads) continue;
    const group = heads / kvHeads;
    const [q, k, v, pastKey, pastValue] = node.inputs as [string, string, string, string, string];
    const [output, presentKey, presentValue] = node.outputs as [string, string, string];
    const p = `${node.name}_mm`;
    const out: Out[] = sharedPlaced ? [] : shared;
    sharedPlaced = true;
    const key = `${group}`;
    if (!qSplitShape.has(key)) {
      // [B, S, KVH, G, D] → [B, KVH, G·S, D] needs D from the cache's shape.
      qSplitShape.set(key, op(out, 'Concat', [c(`g${group}_heads`, [0, 0, -1]), headSize], `gqa_g${group}_q_shape`, [intAttribute('axis', 0)]));
      op(out, 'Concat', [c(`g${group}_ctx`, [0, 0, group, -1]), headSize], `gqa_g${group}_ctx_shape`, [intAttribute('axis', 0)]);
      op(out, 'Tile', [mask, c(`g${group}_tile`, [group, 1])], `gqa_g${group}_mask`);
    }
    const qHeads = op(out, 'Transpose', [op(out, 'Reshape', [q, c(`${p}_q5`, [0, 0, kvHeads, group, -1])], `${p}_q5d`)], `${p}_qt`, [intsAttribute('perm', [0, 2, 3, 1, 4])]);
    const q4 = op(out, 'Reshape', [qHeads, qSplitShape.get(key)!], `${p}_q4`);
    const kNew = op(out, 'Transpose', [op(out, 'Reshape', [k, c(`${p}_k4`, [0, 0, kvHeads, -1])], `${p}_k4d`)], `${p}_kt`, [intsAttribute('perm', [0, 2, 1, 3])]);
    const vNew = op(out, 'Transpose', [op(out, 'Reshape', [v, c(`${p}_v4`, [0, 0, kvHeads, -1])], `${p}_v4d`)], `${p}_vt`, [intsAttribute('perm', [0, 2, 1, 3])]);
    // With a float16 cache the inputs and outputs are float16; attention itself runs in float32.
    const toHalf = (name: string) => op(out, 'Cast', [name], `${name}_f16`, [intAttribute('to', FLOAT16)]);
    const toFloat = (name: string) => op(out, 'Cast', [name], `${name}_f32`, [intAttribute('to', FLOAT)]);
    op(out, 'Concat', [pastKey, halfCache ? toHalf(kNew) : kNew], presentKey, [intAttribute('axis', 2)]);
    op(out, 'Concat', [pastValue, halfCache ? toHalf(vNew) : vNew], presentValue, [intAttribute('axis', 2)]);
    const keys = halfCache ? toFloat(presentKey) : presentKey;
    const values = halfCache ? toFloat(presentValue) : presentValue;
    for (const name of [pastKey, pastValue, presentKey, presentValue]) halfCache?.add(name);
    const scaleName = node.floats.get('scale') ? floatConst(`${p}_scale`, node.floats.get('scale')!) : scale;
    const scores = op(out, 'Mul', [op(out, 'MatMul', [q4, op(out, 'Transpose', [keys], `${p}_kT`, [intsAttribute('perm', [0, 1, 3, 2])])], `${p}_qk`), scaleName], `${p}_scores`);
    const probs = op(out, 'Softmax', [op(out, 'Add', [scores, `gqa_g${group}_mask`], `${p}_masked`)], `${p}_probs`, [intAttribute('axis', -1)]);
    const context = op(out, 'Reshape', [op(out, 'MatMul', [probs, values], `${p}_ctx`), `gqa_g${group}_ctx_shape`], `${p}_ctx5`);
    op(out, 'Reshape', [op(out, 'Transpose', [context], `${p}_ctxt`, [intsAttribute('perm', [0, 3, 1, 2, 4])]), c(`${p}_merge`, [0, 0, -1])], output);
    newNodes.set(node, out);
    report.attention++;
  }
}

/** Smallest embedding table worth shrinking (elements). */
const MIN_EMBEDDING_ELEMENTS = 1 << 20;

/**
 * Returns the rewritten model, or undefined when there is nothing to rewrite (no 4-bit MatMulNBits
 * with fp32 scales: the file is already one WASM runs well, or it is for another device).
 */
/** Bump when the rewrite's output changes: the engine keeps rewritten models under this version. */
export const WASM_GRAPH_VERSION = 2;

export const WASM_GRAPH_DEFAULTS: WasmGraphOptions = { int8MatMul: true, int8Embedding: true, plainAttention: true, lastLogitsOnly: true, halfCache: true };

export interface WasmRewrite {
  model: Uint8Array;
  /** With `externalData`: the initializers' values, which `model` refers to by that file name. */
  weights?: Uint8Array;
  report: WasmGraphReport;
}

/** Initializers smaller than this stay in the graph when the values go to external data. */
const MIN_EXTERNAL_BYTES = 1024;

/**
 * `externalData`: put the initializers' values in a separate buffer of that file name (onnxruntime-web's
 * `externalData` session option). onnxruntime-web then copies each tensor into WebAssembly memory on its
 * own, instead of first copying the whole model there and parsing a second copy out of it.
 */
export function rewriteForWasm(
  model: Uint8Array,
  { externalData, ...choices }: { externalData?: string } & Partial<WasmGraphOptions> = {},
): WasmRewrite | undefined {
  const options = { ...WASM_GRAPH_DEFAULTS, ...choices };
  let graphField: Field | undefined;
  for (const f of fields(model)) if (f.field === 7) graphField = f;
  if (!graphField) return undefined;

  const nodes: NodeInfo[] = [];
  const initializers = new Map<string, InitializerInfo>();
  const otherFields: Field[] = [];
  const graphInputs: Field[] = [];
  let logitsOutput = false;
  for (const f of fields(model, graphField.start, graphField.end)) {
    if (f.field === 1) nodes.push(parseNode(model, f));
    else if (f.field === 5) {
      const init = parseInitializer(model, f);
      initializers.set(init.name, init);
    } else if (f.field === 11) graphInputs.push(f);
    else {
      if (f.field === 12) {
        for (const g of fields(model, f.start, f.end)) if (g.field === 1 && text(model, g) === 'logits') logitsOutput = true;
      }
      otherFields.push(f);
    }
  }

  if ([...initializers.values()].some((init) => init.external)) return undefined;

  const uses = new Map<string, number>();
  for (const node of nodes) for (const input of node.inputs) uses.set(input, (uses.get(input) ?? 0) + 1);

  const replacedInitializers = new Set<string>();
  const newInitializers: Tensor[] = [];
  const newNodes = new Map<NodeInfo, Out[]>();
  const report: WasmGraphReport = { matMulNBits: 0, embeddings: 0, attention: 0, logitsToKeep: false };

  // Only 4-bit models with fp32 activations are rewritten: the q4 files WASM runs slowly.
  const q4 = nodes.some((n) => n.opType === 'MatMulNBits' && n.domain === 'com.microsoft' && initializers.get(n.inputs[2] ?? '')?.dataType === FLOAT);
  if (!q4) return undefined;

  for (const node of nodes) {
    if (!options.int8MatMul || node.opType !== 'MatMulNBits' || node.domain !== 'com.microsoft') continue;
    const [a, bName, scalesName, zpName, gIdx, bias] = node.inputs;
    const b = initializers.get(bName ?? '');
    const scales = initializers.get(scalesName ?? '');
    const zp = zpName ? initializers.get(zpName) : undefined;
    const K = node.ints.get('K');
    const N = node.ints.get('N');
    const blockSize = node.ints.get('block_size');
    if ((node.ints.get('bits') ?? 4) !== 4 || gIdx || bias || !a || !K || !N || !blockSize) continue;
    if (!b?.raw || b.dataType !== UINT8 || !scales?.raw || scales.dataType !== FLOAT) continue;
    if (zpName && (!zp?.raw || zp.dataType !== UINT8)) continue;
    if ([bName, scalesName, zpName].some((name) => name && (uses.get(name) ?? 0) > 1)) continue;
    const { weights, columnScales } = requantizeToInt8(
      model.subarray(b.raw.start, b.raw.end),
      floats(model, scales.raw),
      zp?.raw ? model.subarray(zp.raw.start, zp.raw.end) : undefined,
      K,
      N,
      blockSize,
    );
    const base = `${bName}_int8`;
    newInitializers.push(
      { name: base, dataType: INT8, dims: [K, N], data: weights },
      { name: `${base}_scale`, dataType: FLOAT, dims: [N], data: new Uint8Array(columnScales.buffer) },
      { name: `${base}_zero`, dataType: INT8, dims: [N], data: new Uint8Array(N) },
    );
    for (const name of [bName, scalesName, zpName]) if (name) replacedInitializers.add(name);
    newNodes.set(node, [nodeProto('DynamicQuantizeMatMul', [a, base, `${base}_scale`, `${base}_zero`], node.outputs, `${node.name}_int8`, 'com.microsoft')]);
    report.matMulNBits++;
  }

  for (const node of nodes) {
    if (!options.int8Embedding || node.opType !== 'Gather' || node.domain !== '' || (node.ints.get('axis') ?? 0) !== 0) continue;
    const [tableName, indices] = node.inputs;
    const table = initializers.get(tableName ?? '');
    if (!table?.raw || table.dataType !== FLOAT || table.dims.length !== 2 || !indices) continue;
    const [rows, width] = table.dims as [number, number];
    if (rows * width < MIN_EMBEDDING_ELEMENTS || (uses.get(tableName!) ?? 0) > 1) continue;
    const { values, rowScales } = quantizeRows(floats(model, table.raw), rows, width);
    const base = `${tableName}_int8`;
    newInitializers.push(
      { name: base, dataType: INT8, dims: [rows, width], data: new Uint8Array(values.buffer) },
      { name: `${base}_scale`, dataType: FLOAT, dims: [rows], data: new Uint8Array(rowScales.buffer) },
      int64Tensor(`${base}_axis`, [-1]),
    );
    replacedInitializers.add(tableName!);
    const out = node.outputs[0]!;
    newNodes.set(node, [
      nodeProto('Gather', [base, indices], [`${out}_int8`], `${node.name}_int8`),
      nodeProto('Cast', [`${out}_int8`], [`${out}_f`], `${node.name}_cast`, '', [intAttribute('to', FLOAT)]),
      nodeProto('Gather', [`${base}_scale`, indices], [`${out}_scale`], `${node.name}_scale`),
      nodeProto('Unsqueeze', [`${out}_scale`, `${base}_axis`], [`${out}_scale2`], `${node.name}_unsqueeze`),
      nodeProto('Mul', [`${out}_f`, `${out}_scale2`], [out], `${node.name}_dequantize`),
    ]);
    report.embeddings++;
  }

  const halfCache = options.plainAttention && options.halfCache ? new Set<string>() : undefined;
  if (options.plainAttention) rewriteAttention(nodes, newNodes, newInitializers, report, halfCache);

  // The LM head: the node writing `logits`, when it is a matrix product of the last hidden state.
  const extraInputs: Out[] = [];
  const head = options.lastLogitsOnly && logitsOutput ? nodes.find((n) => n.outputs.includes('logits') && n.opType === 'MatMulNBits') : undefined;
  const alreadyKeeps = graphInputs.some((f) => [...fields(model, f.start, f.end)].some((g) => g.field === 1 && text(model, g) === 'num_logits_to_keep'));
  if (head && !alreadyKeeps) {
    const hidden = head.inputs[0]!;
    const p = 'num_logits_to_keep';
    newInitializers.push(int64Tensor(`${p}_zero`, [0], true), int64Tensor(`${p}_end`, [2 ** 53]), int64Tensor(`${p}_axes`, [1]), int64Tensor(`${p}_axis0`, [0]));
    const slice = [
      nodeProto('Equal', [p, `${p}_zero`], [`${p}_all`], `${p}_all`),
      nodeProto('Neg', [p], [`${p}_neg`], `${p}_neg`),
      nodeProto('Where', [`${p}_all`, `${p}_zero`, `${p}_neg`], [`${p}_start`], `${p}_start`),
      nodeProto('Unsqueeze', [`${p}_start`, `${p}_axis0`], [`${p}_starts`], `${p}_starts`),
      nodeProto('Slice', [hidden, `${p}_starts`, `${p}_end`, `${p}_axes`], [`${hidden}_kept`], `${p}_slice`),
    ];
    const base = `${head.inputs[1]}_int8`;
    const product = newNodes.has(head)
      ? nodeProto('DynamicQuantizeMatMul', [`${hidden}_kept`, base, `${base}_scale`, `${base}_zero`], head.outputs, `${head.name}_int8`, 'com.microsoft')
      : withInputs(model, head, [`${hidden}_kept`, ...head.inputs.slice(1)]);
    newNodes.set(head, [...slice, product]);
    const tensorType = new Out().varint(1, INT64).message(2, new Out());
    extraInputs.push(new Out().string(1, p).message(2, new Out().message(1, tensorType)));
    report.logitsToKeep = true;
  }

  if (newNodes.size === 0) return undefined;

  // Assemble: nodes in their order (rewritten ones replaced), kept initializers, new ones, the rest.
  const graph = new Out();
  for (const node of nodes) {
    const replacement = newNodes.get(node);
    if (replacement) for (const n of replacement) graph.message(1, n);
    else graph.raw(model.subarray(node.field.fieldStart, node.field.end));
  }
  const weights = new Out();
  const addInitializer = (tensor: Tensor) => {
    if (!externalData || tensor.data.length < MIN_EXTERNAL_BYTES) return void graph.message(5, tensorProto(tensor));
    const padding = (16 - (weights.length % 16)) % 16; // keep every tensor aligned
    if (padding) weights.raw(new Uint8Array(padding));
    graph.message(5, externalTensorProto(tensor, externalData, weights.length));
    weights.raw(tensor.data);
  };
  for (const init of initializers.values()) {
    if (replacedInitializers.has(init.name)) continue;
    if (init.raw) addInitializer({ name: init.name, dataType: init.dataType, dims: init.dims, data: model.subarray(init.raw.start, init.raw.end) });
    else graph.raw(model.subarray(init.field.fieldStart, init.field.end));
  }
  for (const init of newInitializers) addInitializer(init);
  const declare = (f: Field) => {
    const retyped = halfCache?.size ? retype(model, f, halfCache, FLOAT16) : undefined;
    if (retyped) graph.message(f.field, retyped);
    else graph.raw(model.subarray(f.fieldStart, f.end));
  };
  for (const f of graphInputs) declare(f);
  for (const input of extraInputs) graph.message(11, input);
  for (const f of otherFields) {
    if (f.field === 12) declare(f);
    else graph.raw(model.subarray(f.fieldStart, f.end));
  }

  const out = new Out();
  for (const f of fields(model)) {
    if (f.field === 7) out.message(7, graph);
    else out.raw(model.subarray(f.fieldStart, f.end));
  }
  return { model: out.toBytes(), ...(externalData ? { weights: weights.toBytes() } : {}), report };
}
