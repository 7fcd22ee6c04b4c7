/**
 * The one protobuf writer: messages built as lists of byte chunks, so large payloads are never copied
 * into one buffer until the end (or never, when written chunk by chunk). Used by the engine's graph
 * rewrite (./wasm-graph.ts) and the bench's ONNX writer (bench/lib/onnx-writer.ts).
 */

/** A protobuf varint. */
export function varintBytes(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** Bytes written straight into the output when it is assembled, so large tensors are never held twice. */
export interface Deferred {
  length: number;
  fill(target: Uint8Array): void;
}

/** A message as a list of byte chunks (slices of the original model are not copied until the end). */
export class ProtoMessage {
  chunks: Array<Uint8Array | Deferred> = [];
  length = 0;
  raw(bytes: Uint8Array | Deferred): this {
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }
  varint(field: number, value: number | bigint): this {
    return this.raw(Uint8Array.from([...varintBytes(field * 8), ...varintBytes(value)]));
  }
  bytes(field: number, payload: Uint8Array | Deferred): this {
    this.raw(Uint8Array.from([...varintBytes(field * 8 + 2), ...varintBytes(payload.length)]));
    return payload.length ? this.raw(payload) : this;
  }
  float(field: number, value: number): this {
    const bytes = new Uint8Array(varintBytes(field * 8 + 5).length + 4);
    bytes.set(varintBytes(field * 8 + 5));
    new DataView(bytes.buffer).setFloat32(bytes.length - 4, value, true);
    return this.raw(bytes);
  }
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }
  message(field: number, inner: ProtoMessage): this {
    this.raw(Uint8Array.from([...varintBytes(field * 8 + 2), ...varintBytes(inner.length)]));
    for (const chunk of inner.chunks) this.raw(chunk);
    return this;
  }
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      if (chunk instanceof Uint8Array) out.set(chunk, offset);
      else chunk.fill(out.subarray(offset, offset + chunk.length));
      offset += chunk.length;
    }
    return out;
  }
}
