/**
 * A benchmark twin of the default text model, HuggingFaceTB/SmolLM2-360M-Instruct as transformers.js
 * runs it on WASM (onnx/model_q4.onnx): the same architecture, dimensions and quantization, random
 * weights.
 *
 * The graph follows the onnxruntime-genai model builder's fp32 CPU layout, which the transformers.js
 * exports of such models start from, quantized the way transformers.js's scripts/quantize.py does q4:
 *  - token embedding: fp32 Gather (49152 × 960);
 *  - every linear layer and the (untied) LM head: com.microsoft MatMulNBits, 4 bits, block size 32,
 *    symmetric (no zero points), fp32 scales, default accuracy level;
 *  - RMSNorm as SimplifiedLayerNormalization / SkipSimplifiedLayerNormalization;
 *  - RotaryEmbedding on Q and K from position_ids with cos/sin caches for all 8192 positions;
 *  - GroupQueryAttention (15 query heads, 5 KV heads, head size 64) over the past KV cache;
 *  - SwiGLU MLP (Sigmoid · Mul).
 * The sizes add up to the real file's: fp32 embedding 188.7 MB + 4-bit layers 196.6 MB + 4-bit LM head
 * 29.5 MB + rotary caches 2.1 MB ≈ 417 MB (the Hub lists model_q4.onnx at 417 MB).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetFor, type TextPreset } from '../../src/engine/presets';
import { OnnxGraph, T } from './onnx-writer';
import { filled, normalFloats, randomBytes, Rng } from './random';
import { syntheticVocab, tokenizerJson, wordsText, type SyntheticVocab } from './tokenizer';

export const BENCH_TEXT_MODEL_ID = 'nano-banana-bench/smollm2-360m-instruct';
/**
 * The WebGPU part's text twin (bench/webgpu.ts): the same file layout, dimensions, vocabulary and q4
 * quantization, but 4 of the 32 layers, since SwiftShader (WebGPU on the CPU) takes minutes per answer of
 * the whole model on this machine.
 */
export const BENCH_TEXT_SHORT_LAYERS = 4;
export const BENCH_TEXT_SHORT_ID = `${BENCH_TEXT_MODEL_ID}-${BENCH_TEXT_SHORT_LAYERS}-layers`;
const SOURCE_ID = 'HuggingFaceTB/SmolLM2-360M-Instruct';
const ROPE_THETA = 100000;
const RMS_EPS = 1e-5;
const BLOCK = 32;

export const TEXT_SPECIALS = [
  { id: 0, content: '<|endoftext|>' },
  { id: 1, content: '<|im_start|>' },
  { id: 2, content: '<|im_end|>' },
];

/** ChatML, as SmolLM2's template renders it (a default system turn when there is none). */
const CHAT_TEMPLATE =
  "{%- if messages[0]['role'] != 'system' -%}{{- '<|im_start|>system\\nYou are a helpful assistant<|im_end|>\\n' -}}{%- endif -%}" +
  "{%- for message in messages -%}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' -}}{%- endfor -%}" +
  "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}";

function preset(): TextPreset {
  const p = presetFor(SOURCE_ID);
  if (!p || p.task !== 'text-generation') throw new Error(`${SOURCE_ID} is not a text preset`);
  return p;
}

export function textVocab(): SyntheticVocab {
  return syntheticVocab(preset().arch.vocabSize, TEXT_SPECIALS, ['system', 'user', 'assistant', 'You', 'Ġare', 'Ġa', 'Ġhelpful', 'Ġassistant']);
}

/**
 * How the linear layers are stored. 'q4' is the real file's; the others are what the engine could turn
 * q4 into when it loads the model (see bench/README.md): 'q4-int8-compute' is q4 with accuracy_level 4
 * (int8 activations), 'int8' is DynamicQuantizeMatMul with per-column int8 weights, 'fp32' plain MatMul.
 */
export type LinearKind = 'q4' | 'q4-int8-compute' | 'int8' | 'fp32';

/** A linear layer (no bias) with random weights of standard deviation ≈ 1/sqrt(k), so activations keep their size. */
function linear(g: OnnxGraph, kind: LinearKind, x: string, k: number, n: number, rng: Rng, output?: string): string {
  if (kind === 'fp32') {
    return g.op1('MatMul', [x, g.constant(T.FLOAT, [k, n], normalFloats(k * n, 1 / Math.sqrt(k), rng))], {}, { output });
  }
  if (kind === 'int8') {
    // int8 values are uniform in -128..127 (standard deviation ≈ 74 · scale).
    const weights = g.constant(T.INT8, [k, n], randomBytes(k * n));
    const scales = g.constant(T.FLOAT, [n], Float32Array.from({ length: n }, () => (1 / (74 * Math.sqrt(k))) * (0.75 + 0.5 * rng.next())));
    const zeroPoints = g.constant(T.INT8, [n], new Int8Array(n));
    return g.ms('DynamicQuantizeMatMul', [x, weights, scales, zeroPoints], {}, output);
  }
  const blocks = Math.ceil(k / BLOCK);
  const packed = g.constant(T.UINT8, [n, blocks, BLOCK / 2], randomBytes(n * blocks * (BLOCK / 2)));
  // Symmetric 4-bit values are (q - 8) · scale, q uniform in 0..15 (standard deviation ≈ 4.6 · scale).
  const scaleValue = 1 / (4.6 * Math.sqrt(k));
  const scales = Float32Array.from({ length: n * blocks }, () => scaleValue * (0.75 + 0.5 * rng.next()));
  const scalesName = g.constant(T.FLOAT, [n * blocks], scales);
  const attrs = { K: k, N: n, bits: 4, block_size: BLOCK, ...(kind === 'q4-int8-compute' ? { accuracy_level: 4 } : {}) };
  return g.ms('MatMulNBits', [x, packed, scalesName], attrs, output);
}

export function buildTextModelGraph(kind: LinearKind = 'q4', layers = preset().arch.numHiddenLayers): OnnxGraph {
  const { arch, context } = preset();
  const L = layers;
  const { hiddenSize: H, numAttentionHeads: NH, numKeyValueHeads: KVH, headDim: HD, intermediateSize: I, vocabSize: V } = arch;
  const rng = new Rng(0x5eed);
  const g = new OnnxGraph('smollm2_360m_bench');

  const inputIds = g.input('input_ids', T.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', T.INT64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', T.INT64, ['batch_size', 'sequence_length']);

  // GroupQueryAttention's lengths: seqlens_k = sum(mask) - 1 per row, total_sequence_length = mask width.
  const seqlensK = g.op1('Cast', [g.op1('Sub', [g.op1('ReduceSum', [mask, g.int64([1])], { keepdims: 0 }), g.int64(1)])], { to: T.INT32 });
  const totalLen = g.op1('Cast', [g.op1('Gather', [g.op1('Shape', [mask]), g.int64(1)], { axis: 0 })], { to: T.INT32 });

  // Rotary caches for every position the model supports.
  const half = HD / 2;
  const positions = context.maxPositionEmbeddings;
  const cos = new Float32Array(positions * half);
  const sin = new Float32Array(positions * half);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p / ROPE_THETA ** ((2 * i) / HD);
      cos[p * half + i] = Math.cos(angle);
      sin[p * half + i] = Math.sin(angle);
    }
  }
  const cosCache = g.constant(T.FLOAT, [positions, half], cos, 'cos_cache');
  const sinCache = g.constant(T.FLOAT, [positions, half], sin, 'sin_cache');

  const embedding = g.constant(T.FLOAT, [V, H], normalFloats(V * H, 0.05, rng), 'model.embed_tokens.weight');
  const x = g.op1('Gather', [embedding, inputIds]);
  let residual = '';
  let pending = x; // the next normalization's input (a layer's output, before its residual add)

  for (let layer = 0; layer < L; layer++) {
    const norm1 = g.constant(T.FLOAT, [H], filled(H, 1));
    let normed: string;
    if (layer === 0) {
      // ONNX Runtime registers SimplifiedLayerNormalization in the default domain.
      normed = g.op1('SimplifiedLayerNormalization', [pending, norm1], { axis: -1, epsilon: { float: RMS_EPS } });
      residual = pending;
    } else {
      [normed, , , residual] = g.op('SkipSimplifiedLayerNormalization', [pending, residual, norm1], { epsilon: { float: RMS_EPS } }, {
        outputs: 4,
        domain: 'com.microsoft',
      }) as [string, string, string, string];
    }
    const q = linear(g, kind, normed, H, NH * HD, rng);
    const k = linear(g, kind, normed, H, KVH * HD, rng);
    const v = linear(g, kind, normed, H, KVH * HD, rng);
    const qRot = g.ms('RotaryEmbedding', [q, positionIds, cosCache, sinCache], { interleaved: 0, num_heads: NH });
    const kRot = g.ms('RotaryEmbedding', [k, positionIds, cosCache, sinCache], { interleaved: 0, num_heads: KVH });
    const pastKey = g.input(`past_key_values.${layer}.key`, T.FLOAT, ['batch_size', KVH, 'past_sequence_length', HD]);
    const pastValue = g.input(`past_key_values.${layer}.value`, T.FLOAT, ['batch_size', KVH, 'past_sequence_length', HD]);
    const [attention] = g.op(
      'GroupQueryAttention',
      [qRot, kRot, v, pastKey, pastValue, seqlensK, totalLen],
      { num_heads: NH, kv_num_heads: KVH },
      { outputs: [`attn_${layer}`, `present.${layer}.key`, `present.${layer}.value`], domain: 'com.microsoft' },
    );
    g.output(`present.${layer}.key`, T.FLOAT, ['batch_size', KVH, 'total_sequence_length', HD]);
    g.output(`present.${layer}.value`, T.FLOAT, ['batch_size', KVH, 'total_sequence_length', HD]);
    const o = linear(g, kind, attention!, NH * HD, H, rng);

    const norm2 = g.constant(T.FLOAT, [H], filled(H, 1));
    const [normed2, , , residual2] = g.op('SkipSimplifiedLayerNormalization', [o, residual, norm2], { epsilon: { float: RMS_EPS } }, {
      outputs: 4,
      domain: 'com.microsoft',
    }) as [string, string, string, string];
    residual = residual2;
    const gate = linear(g, kind, normed2, H, I, rng);
    const up = linear(g, kind, normed2, H, I, rng);
    const act = g.op1('Mul', [g.op1('Mul', [gate, g.op1('Sigmoid', [gate])]), up]);
    pending = linear(g, kind, act, I, H, rng);
  }

  const finalNorm = g.constant(T.FLOAT, [H], filled(H, 1));
  const [normedOut] = g.op('SkipSimplifiedLayerNormalization', [pending, residual, finalNorm], { epsilon: { float: RMS_EPS } }, {
    outputs: 1,
    domain: 'com.microsoft',
  });
  linear(g, kind, normedOut!, H, V, rng, 'logits');
  g.output('logits', T.FLOAT, ['batch_size', 'sequence_length', V]);
  return g;
}

/**
 * Writes the model repo (Hub layout) under `root/<org>/<name>/`; returns the ONNX file's size. `layers`
 * fewer than the real model's: the WebGPU part's twin (`BENCH_TEXT_SHORT_ID`).
 */
export function writeTextModel(root: string, layers = preset().arch.numHiddenLayers): { dir: string; onnxBytes: number; prompts: BenchPrompts } {
  const { arch, context } = preset();
  const dir = join(root, layers === arch.numHiddenLayers ? BENCH_TEXT_MODEL_ID : `${BENCH_TEXT_MODEL_ID}-${layers}-layers`);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const vocab = textVocab();
  const json = (file: string, value: unknown) => writeFileSync(join(dir, file), JSON.stringify(value, null, 1) + '\n');
  json('config.json', {
    model_type: arch.modelType,
    architectures: ['LlamaForCausalLM'],
    hidden_size: arch.hiddenSize,
    num_hidden_layers: layers,
    num_attention_heads: arch.numAttentionHeads,
    num_key_value_heads: arch.numKeyValueHeads,
    head_dim: arch.headDim,
    intermediate_size: arch.intermediateSize,
    vocab_size: arch.vocabSize,
    max_position_embeddings: context.maxPositionEmbeddings,
    rms_norm_eps: RMS_EPS,
    rope_theta: ROPE_THETA,
    hidden_act: 'silu',
    tie_word_embeddings: true,
    bos_token_id: 1,
    eos_token_id: 2,
    pad_token_id: 2,
    torch_dtype: 'bfloat16',
    'transformers.js_config': { kv_cache_dtype: { q4f16: 'float16', fp16: 'float16' } },
  });
  // Random weights would stop at a random point: min_new_tokens keeps every answer max_new_tokens long.
  json('generation_config.json', { bos_token_id: 1, eos_token_id: 2, pad_token_id: 2, min_new_tokens: 100000 });
  json('tokenizer.json', tokenizerJson(vocab));
  json('tokenizer_config.json', {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: '<|im_start|>',
    eos_token: '<|im_end|>',
    pad_token: '<|im_end|>',
    unk_token: '<unk>',
    add_prefix_space: false,
    model_max_length: 8192,
    clean_up_tokenization_spaces: false,
    chat_template: CHAT_TEMPLATE,
  });
  const onnxBytes = buildTextModelGraph('q4', layers).write(join(dir, 'onnx', 'model_q4.onnx'), `SmolLM2-360M-Instruct benchmark twin (random weights, q4, ${layers} layers)`);
  return { dir, onnxBytes, prompts: benchPrompts(vocab) };
}

export interface BenchPrompts {
  /** User message text; with the chat template the prompt is `pageTokens` tokens long. */
  page: string;
  pageTokens: number;
  warmup: string;
}

/** Tokens the chat template adds around one user message (system turn + markers + generation prompt). */
export const TEMPLATE_TOKENS = 18;

export function benchPrompts(vocab: SyntheticVocab = textVocab(), pageTokens = 1000): BenchPrompts {
  return {
    page: wordsText(vocab, pageTokens - TEMPLATE_TOKENS, 1234),
    pageTokens,
    warmup: wordsText(vocab, 16, 99),
  };
}
