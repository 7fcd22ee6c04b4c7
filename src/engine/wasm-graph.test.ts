// The WASM rewrite gives (nearly) the same logits as the 4-bit file it replaces, on a small decoder built
// like the real one (bench/lib/text-model.ts at toy size), run by onnxruntime-web itself.
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { OnnxGraph, T } from '../../bench/lib/onnx-writer';
import { normalFloats, randomBytes, Rng } from '../../bench/lib/random';
import { rewriteForWasm } from './wasm-graph';

const V = 16384; // 16384 × 64 = 1M: big enough for the embedding rewrite
const H = 64;
const HEADS = 4;
const KV_HEADS = 2;
const HEAD = 16;

function toyDecoder(): Uint8Array {
  const rng = new Rng(7);
  const g = new OnnxGraph('toy');
  const ids = g.input('input_ids', T.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', T.INT64, ['batch_size', 'total_sequence_length']);
  const pastKey = g.input('past_key_values.0.key', T.FLOAT, ['batch_size', KV_HEADS, 'past_sequence_length', HEAD]);
  const pastValue = g.input('past_key_values.0.value', T.FLOAT, ['batch_size', KV_HEADS, 'past_sequence_length', HEAD]);
  const linear = (x: string, k: number, n: number, output?: string) => {
    const blocks = k / 32;
    const scales = Float32Array.from({ length: n * blocks }, () => (0.5 + rng.next()) / (4.6 * Math.sqrt(k)));
    return g.ms('MatMulNBits', [x, g.constant(T.UINT8, [n, blocks, 16], randomBytes(n * blocks * 16)), g.constant(T.FLOAT, [n * blocks], scales)], {
      K: k,
      N: n,
      bits: 4,
      block_size: 32,
    }, output);
  };
  const seqlens = g.op1('Cast', [g.op1('Sub', [g.op1('ReduceSum', [mask, g.int64([1])], { keepdims: 0 }), g.int64(1)])], { to: T.INT32 });
  const total = g.op1('Cast', [g.op1('Gather', [g.op1('Shape', [mask]), g.int64(1)], { axis: 0 })], { to: T.INT32 });
  const x = g.op1('Gather', [g.constant(T.FLOAT, [V, H], normalFloats(V * H, 0.5, rng)), ids]);
  const [attention] = g.op(
    'GroupQueryAttention',
    [linear(x, H, HEADS * HEAD), linear(x, H, KV_HEADS * HEAD), linear(x, H, KV_HEADS * HEAD), pastKey, pastValue, seqlens, total],
    { num_heads: HEADS, kv_num_heads: KV_HEADS },
    { outputs: ['attention', 'present.0.key', 'present.0.value'], domain: 'com.microsoft' },
  );
  const hidden = g.op1('Add', [x, linear(attention!, HEADS * HEAD, H)]);
  linear(hidden, H, V, 'logits');
  g.output('logits', T.FLOAT, ['batch_size', 'sequence_length', V]);
  g.output('present.0.key', T.FLOAT, ['batch_size', KV_HEADS, 'total_sequence_length', HEAD]);
  g.output('present.0.value', T.FLOAT, ['batch_size', KV_HEADS, 'total_sequence_length', HEAD]);
  return g.toBytes('toy decoder');
}

async function generate(model: Uint8Array, externalData: Array<{ path: string; data: Uint8Array }> = []) {
  const session = await ort.InferenceSession.create(model, { externalData });
  const keep = session.inputNames.includes('num_logits_to_keep');
  // As transformers.js does: an empty cache of the type the model declares (float16 with halfCache).
  const half = session.inputMetadata.some((m) => m.name === 'past_key_values.0.key' && m.isTensor && m.type === 'float16');
  const empty = () => (half ? new ort.Tensor('float16', new Uint16Array(0), [1, KV_HEADS, 0, HEAD]) : new ort.Tensor('float32', new Float32Array(0), [1, KV_HEADS, 0, HEAD]));
  const feeds = (tokens: number[], past: number, cache?: Record<string, ort.Tensor>) => ({
    input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens.map(BigInt)), [1, tokens.length]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(past + tokens.length).fill(1n), [1, past + tokens.length]),
    'past_key_values.0.key': cache?.['present.0.key'] ?? empty(),
    'past_key_values.0.value': cache?.['present.0.value'] ?? empty(),
    ...(keep ? { num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.of(1n), []) } : {}),
  });
  const prompt = [11, 2000, 300, 16000, 7];
  const first = await session.run(feeds(prompt, 0));
  const second = await session.run(feeds([42], prompt.length, first));
  const last = (t: ort.Tensor) => (t.data as Float32Array).slice((t.dims[1]! - 1) * V);
  await session.release();
  const present = first['present.0.key']!;
  return { logits: [last(first['logits']!), last(second['logits']!)], dims: first['logits']!.dims, present: [present.type, ...present.dims] };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describe('rewriteForWasm', () => {
  ort.env.wasm.numThreads = 1;
  const model = toyDecoder();

  it('rewrites every part it knows and keeps the answers', async () => {
    const rewritten = rewriteForWasm(model, { externalData: 'toy.data' })!;
    expect(rewritten.report).toEqual({ matMulNBits: 5, embeddings: 1, attention: 1, logitsToKeep: true });
    expect(rewritten.model.length).toBeLessThan(100_000); // the weights went to external data
    const before = await generate(model);
    const after = await generate(rewritten.model, [{ path: 'toy.data', data: rewritten.weights! }]);
    expect(before.dims).toEqual([1, 5, V]);
    expect(after.dims).toEqual([1, 1, V]); // num_logits_to_keep = 1
    expect(before.present).toEqual(['float32', 1, KV_HEADS, 5, HEAD]);
    expect(after.present).toEqual(['float16', 1, KV_HEADS, 5, HEAD]); // halfCache
    for (const [i, logits] of after.logits.entries()) {
      expect(cosine(logits, before.logits[i]!)).toBeGreaterThan(0.999);
    }
  });

  it('does each rewrite alone', async () => {
    const only = rewriteForWasm(model, { int8MatMul: false, int8Embedding: false, lastLogitsOnly: false })!;
    expect(only.report).toEqual({ matMulNBits: 0, embeddings: 0, attention: 1, logitsToKeep: false });
    const [a, b] = [(await generate(model)).logits, (await generate(only.model)).logits];
    for (const [i, logits] of b.entries()) expect(cosine(logits, a[i]!)).toBeGreaterThan(0.99999);
  });

  it('leaves models without 4-bit weights alone', () => {
    const g = new OnnxGraph('plain');
    g.op1('Relu', [g.input('x', T.FLOAT, [2])], {}, { output: 'y' });
    g.output('y', T.FLOAT, [2]);
    expect(rewriteForWasm(g.toBytes('plain'))).toBeUndefined();
  });
});
