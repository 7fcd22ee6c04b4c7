/**
 * A benchmark twin of the default captioner, Mozilla/distilvit, as transformers.js runs it on WASM
 * (q8: onnx/encoder_model_quantized.onnx + onnx/decoder_model_merged_quantized.onnx): a ViT-base
 * encoder (224 px, patch 16, 768 wide, 12 layers) and a 6-layer distilGPT-2 decoder with
 * cross-attention, random weights.
 *
 * q8 is ONNX Runtime's dynamic quantization as transformers.js's scripts/quantize.py applies it: each
 * MatMul with constant weights becomes DynamicQuantizeLinear (uint8 activations, per tensor) +
 * MatMulInteger + Cast + Mul by the scales, per-tensor weights (uint8 when the graph has a Conv, as the
 * encoder does: the patch embedding becomes ConvInteger; int8 otherwise); the token embedding becomes
 * an 8-bit Gather + DequantizeLinear. ONNX Runtime fuses these patterns when it loads the model, as it
 * does for the real files. Attention score products (activation × activation) stay fp32, as there.
 *
 * Differences from the real files, none of which changes the work per caption: the decoder is one
 * graph instead of the merged file's If over two copies (`use_cache_branch` is accepted and unused),
 * the tied LM head keeps its own int8 copy of the embedding (the file is ~35 MB bigger), and there is
 * no causal mask (captions are decoded one token at a time, so it never masks anything).
 *
 * `BENCH_CAPTIONER_FP32_ID` is the same architecture in fp32 (onnx/encoder_model.onnx +
 * onnx/decoder_model_merged.onnx: plain MatMul, Conv and Gather), the dtype the engine runs on a WebGPU
 * adapter without `shader-f16` (8-bit decoders give wrong words on WebGPU). It has only those files, so
 * the engine runs them on WASM too and the WebGPU bench compares devices on the same graph.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetFor, type ImagePreset } from '../../src/engine/presets';
import { OnnxGraph, T } from './onnx-writer';
import { filled, normalFloats, randomBytes, Rng } from './random';
import { syntheticVocab, tokenizerJson } from './tokenizer';

export const BENCH_CAPTIONER_ID = 'nano-banana-bench/distilvit';
export const BENCH_CAPTIONER_FP32_ID = 'nano-banana-bench/distilvit-fp32';
const SOURCE_ID = 'Mozilla/distilvit';
const LN_EPS = 1e-5;

function preset(): ImagePreset {
  const p = presetFor(SOURCE_ID);
  if (!p || p.task !== 'image-to-text') throw new Error(`${SOURCE_ID} is not an image preset`);
  return p;
}

type WeightType = typeof T.UINT8 | typeof T.INT8;
/** How the weights are stored: 'q8' as ONNX Runtime's dynamic quantization leaves them, or plain fp32. */
export type CaptionerKind = 'q8' | 'fp32';

/** Linear layer with bias, x [.., k] → [.., n]: dynamic-quantized (q8) or a plain MatMul (fp32). */
function qlinear(g: OnnxGraph, x: string, k: number, n: number, weightType: WeightType, rng: Rng, kind: CaptionerKind): string {
  if (kind === 'fp32') {
    const product = g.op1('MatMul', [x, g.constant(T.FLOAT, [k, n], normalFloats(k * n, 1 / Math.sqrt(k), rng))]);
    return g.op1('Add', [product, g.constant(T.FLOAT, [n], normalFloats(n, 0.02, rng))]);
  }
  const [xq, xScale, xZero] = g.op('DynamicQuantizeLinear', [x], {}, { outputs: 3 }) as [string, string, string];
  const weights = g.constant(weightType, [k, n], randomBytes(k * n));
  const wZero = weightType === T.UINT8 ? g.constant(T.UINT8, [], Uint8Array.of(128)) : g.constant(T.INT8, [], Int8Array.of(0));
  // Uniform 8-bit values have a standard deviation of ≈ 74 steps: weights of ≈ 1/sqrt(k).
  const wScale = g.float(1 / (74 * Math.sqrt(k)));
  const product = g.op1('MatMulInteger', [xq, weights, xZero, wZero]);
  const scaled = g.op1('Mul', [g.op1('Cast', [product], { to: T.FLOAT }), g.op1('Mul', [xScale, wScale])]);
  return g.op1('Add', [scaled, g.constant(T.FLOAT, [n], normalFloats(n, 0.02, rng))]);
}

function layerNorm(g: OnnxGraph, x: string, width: number): string {
  return g.op1('LayerNormalization', [x, g.constant(T.FLOAT, [width], filled(width, 1)), g.constant(T.FLOAT, [width], filled(width, 0))], {
    axis: -1,
    epsilon: { float: LN_EPS },
  });
}

/** [B, S, heads·64] → [B, heads, S, 64] */
function splitHeads(g: OnnxGraph, x: string, heads: number, headDim: number): string {
  return g.op1('Transpose', [g.op1('Reshape', [x, g.int64([0, 0, heads, headDim])])], { perm: [0, 2, 1, 3] });
}

/** [B, heads, S, 64] → [B, S, heads·64] */
function mergeHeads(g: OnnxGraph, x: string, width: number): string {
  return g.op1('Reshape', [g.op1('Transpose', [x], { perm: [0, 2, 1, 3] }), g.int64([0, 0, width])]);
}

function attend(g: OnnxGraph, q: string, k: string, v: string, headDim: number): string {
  const scores = g.op1('Div', [g.op1('MatMul', [q, g.op1('Transpose', [k], { perm: [0, 1, 3, 2] })]), g.float(Math.sqrt(headDim))]);
  return g.op1('MatMul', [g.op1('Softmax', [scores], { axis: -1 }), v]);
}

/** GELU as the exporter writes it: x · 0.5 · (1 + erf(x / √2)). */
function geluErf(g: OnnxGraph, x: string): string {
  const erf = g.op1('Erf', [g.op1('Div', [x, g.float(Math.SQRT2)])]);
  return g.op1('Mul', [g.op1('Mul', [x, g.op1('Add', [erf, g.float(1)])]), g.float(0.5)]);
}

/** GPT-2's "gelu_new": 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))). */
function geluTanh(g: OnnxGraph, x: string): string {
  const cube = g.op1('Mul', [g.op1('Mul', [x, x]), x]);
  const inner = g.op1('Mul', [g.op1('Add', [x, g.op1('Mul', [cube, g.float(0.044715)])]), g.float(Math.sqrt(2 / Math.PI))]);
  return g.op1('Mul', [g.op1('Mul', [x, g.op1('Add', [g.op1('Tanh', [inner]), g.float(1)])]), g.float(0.5)]);
}

function q8PatchEmbedding(g: OnnxGraph, pixels: string, W: number, patch: number, bias: string): string {
  const [xq, xScale, xZero] = g.op('DynamicQuantizeLinear', [pixels], {}, { outputs: 3 }) as [string, string, string];
  const convWeights = g.constant(T.UINT8, [W, 3, patch, patch], randomBytes(W * 3 * patch ** 2));
  const conv = g.op1('ConvInteger', [xq, convWeights, xZero, g.constant(T.UINT8, [], Uint8Array.of(128))], {
    kernel_shape: [patch, patch],
    strides: [patch, patch],
  });
  const convScale = g.op1('Mul', [xScale, g.float(1 / (74 * Math.sqrt(3 * patch ** 2)))]);
  return g.op1('Add', [g.op1('Mul', [g.op1('Cast', [conv], { to: T.FLOAT }), convScale]), bias]);
}

function fp32PatchEmbedding(g: OnnxGraph, pixels: string, W: number, patch: number, rng: Rng, bias: string): string {
  const weights = g.constant(T.FLOAT, [W, 3, patch, patch], normalFloats(W * 3 * patch ** 2, 1 / Math.sqrt(3 * patch ** 2), rng));
  return g.op1('Add', [g.op1('Conv', [pixels, weights], { kernel_shape: [patch, patch], strides: [patch, patch] }), bias]);
}

export function buildEncoderGraph(kind: CaptionerKind = 'q8'): OnnxGraph {
  const { encoder: e } = preset().arch;
  const rng = new Rng(0xe1c0);
  const g = new OnnxGraph('distilvit_encoder_bench');
  const W = e.hiddenSize;
  const headDim = W / e.numAttentionHeads;
  const patches = (e.imageSize / e.patchSize) ** 2;
  const pixels = g.input('pixel_values', T.FLOAT, ['batch_size', 3, e.imageSize, e.imageSize]);

  // Patch embedding: quantized Conv (ConvInteger, uint8 weights), or a plain Conv.
  const convBias = g.constant(T.FLOAT, [W, 1, 1], normalFloats(W, 0.02, rng));
  const convOut = kind === 'fp32' ? fp32PatchEmbedding(g, pixels, W, e.patchSize, rng, convBias) : q8PatchEmbedding(g, pixels, W, e.patchSize, convBias);
  const tokens = g.op1('Transpose', [g.op1('Reshape', [convOut, g.int64([0, W, patches])])], { perm: [0, 2, 1] }); // [B,196,W]
  const batch = g.op1('Slice', [g.op1('Shape', [pixels]), g.int64([0]), g.int64([1])]);
  const cls = g.op1('Expand', [g.constant(T.FLOAT, [1, 1, W], normalFloats(W, 0.02, rng)), g.op1('Concat', [batch, g.int64([1, W])], { axis: 0 })]);
  let x = g.op1('Add', [
    g.op1('Concat', [cls, tokens], { axis: 1 }),
    g.constant(T.FLOAT, [1, patches + 1, W], normalFloats((patches + 1) * W, 0.02, rng)),
  ]);

  for (let layer = 0; layer < e.numHiddenLayers; layer++) {
    const h = layerNorm(g, x, W);
    const q = splitHeads(g, qlinear(g, h, W, W, T.UINT8, rng, kind), e.numAttentionHeads, headDim);
    const k = splitHeads(g, qlinear(g, h, W, W, T.UINT8, rng, kind), e.numAttentionHeads, headDim);
    const v = splitHeads(g, qlinear(g, h, W, W, T.UINT8, rng, kind), e.numAttentionHeads, headDim);
    const attention = mergeHeads(g, attend(g, q, k, v, headDim), W);
    x = g.op1('Add', [x, qlinear(g, attention, W, W, T.UINT8, rng, kind)]);
    const h2 = layerNorm(g, x, W);
    const mlp = qlinear(g, geluErf(g, qlinear(g, h2, W, e.intermediateSize, T.UINT8, rng, kind)), e.intermediateSize, W, T.UINT8, rng, kind);
    x = g.op1('Add', [x, mlp]);
  }
  g.op1('LayerNormalization', [x, g.constant(T.FLOAT, [W], filled(W, 1)), g.constant(T.FLOAT, [W], filled(W, 0))], { axis: -1, epsilon: { float: LN_EPS } }, {
    output: 'last_hidden_state',
  });
  g.output('last_hidden_state', T.FLOAT, ['batch_size', patches + 1, W]);
  return g;
}

export function buildDecoderGraph(kind: CaptionerKind = 'q8'): OnnxGraph {
  const { decoder: d, encoder: e } = preset().arch;
  const { context } = preset();
  const rng = new Rng(0xdec0);
  const g = new OnnxGraph('distilvit_decoder_bench');
  const W = d.hiddenSize;
  const heads = d.numAttentionHeads;
  const headDim = d.headDim;
  const inputIds = g.input('input_ids', T.INT64, ['batch_size', 'decoder_sequence_length']);
  const encoderStates = g.input('encoder_hidden_states', T.FLOAT, ['batch_size', 'encoder_sequence_length', e.hiddenSize]);
  g.input('use_cache_branch', T.BOOL, [1]);

  const pastKeys: string[] = [];
  const pastValues: string[] = [];
  for (let layer = 0; layer < d.numHiddenLayers; layer++) {
    pastKeys.push(g.input(`past_key_values.${layer}.key`, T.FLOAT, ['batch_size', heads, 'past_decoder_sequence_length', headDim]));
    pastValues.push(g.input(`past_key_values.${layer}.value`, T.FLOAT, ['batch_size', heads, 'past_decoder_sequence_length', headDim]));
  }

  // Token embedding: 8-bit Gather + DequantizeLinear (per tensor), as dynamic quantization leaves it.
  const tokenEmbeddings =
    kind === 'fp32'
      ? g.op1('Gather', [g.constant(T.FLOAT, [d.vocabSize, W], normalFloats(d.vocabSize * W, 0.02, rng)), inputIds])
      : g.op1('DequantizeLinear', [
          g.op1('Gather', [g.constant(T.INT8, [d.vocabSize, W], randomBytes(d.vocabSize * W)), inputIds]),
          g.float(0.02 / 74),
          g.constant(T.INT8, [], Int8Array.of(0)),
        ]);
  const pastLength = g.op1('Slice', [g.op1('Shape', [pastKeys[0]!]), g.int64([2]), g.int64([3])]);
  const newLength = g.op1('Slice', [g.op1('Shape', [inputIds]), g.int64([1]), g.int64([2])]);
  const positions = g.op1('Range', [
    g.op1('Squeeze', [pastLength]),
    g.op1('Squeeze', [g.op1('Add', [pastLength, newLength])]),
    g.int64(1),
  ]);
  const wpe = g.constant(T.FLOAT, [context.maxPositionEmbeddings, W], normalFloats(context.maxPositionEmbeddings * W, 0.02, rng));
  let x = g.op1('Add', [tokenEmbeddings, g.op1('Gather', [wpe, positions])]);

  for (let layer = 0; layer < d.numHiddenLayers; layer++) {
    // Self-attention over the cache.
    const h = layerNorm(g, x, W);
    const qkv = qlinear(g, h, W, 3 * W, T.INT8, rng, kind);
    const [q, k, v] = g.op('Split', [qkv, g.int64([W, W, W])], { axis: -1 }, { outputs: 3 }) as [string, string, string];
    const keys = g.op1('Concat', [pastKeys[layer]!, splitHeads(g, k, heads, headDim)], { axis: 2 }, { output: `present.${layer}.key` });
    const values = g.op1('Concat', [pastValues[layer]!, splitHeads(g, v, heads, headDim)], { axis: 2 }, { output: `present.${layer}.value` });
    g.output(`present.${layer}.key`, T.FLOAT, ['batch_size', heads, 'total_decoder_sequence_length', headDim]);
    g.output(`present.${layer}.value`, T.FLOAT, ['batch_size', heads, 'total_decoder_sequence_length', headDim]);
    const selfAttention = mergeHeads(g, attend(g, splitHeads(g, q, heads, headDim), keys, values, headDim), W);
    x = g.op1('Add', [x, qlinear(g, selfAttention, W, W, T.INT8, rng, kind)]);

    // Cross-attention: GPT-2 recomputes the encoder's keys and values at every step.
    const hc = layerNorm(g, x, W);
    const cq = splitHeads(g, qlinear(g, hc, W, W, T.INT8, rng, kind), heads, headDim);
    const ckv = qlinear(g, encoderStates, e.hiddenSize, 2 * W, T.INT8, rng, kind);
    const [ck, cv] = g.op('Split', [ckv, g.int64([W, W])], { axis: -1 }, { outputs: 2 }) as [string, string];
    const crossAttention = mergeHeads(g, attend(g, cq, splitHeads(g, ck, heads, headDim), splitHeads(g, cv, heads, headDim), headDim), W);
    x = g.op1('Add', [x, qlinear(g, crossAttention, W, W, T.INT8, rng, kind)]);

    const h2 = layerNorm(g, x, W);
    const mlp = qlinear(g, geluTanh(g, qlinear(g, h2, W, d.intermediateSize, T.INT8, rng, kind)), d.intermediateSize, W, T.INT8, rng, kind);
    x = g.op1('Add', [x, mlp]);
  }
  const out = layerNorm(g, x, W);
  // Tied LM head: the embedding again, stored transposed for MatMulInteger.
  if (kind === 'fp32') {
    g.op1('MatMul', [out, g.constant(T.FLOAT, [W, d.vocabSize], normalFloats(W * d.vocabSize, 0.02, rng))], {}, { output: 'logits' });
  } else {
    const [oq, oScale, oZero] = g.op('DynamicQuantizeLinear', [out], {}, { outputs: 3 }) as [string, string, string];
    const head = g.op1('MatMulInteger', [oq, g.constant(T.INT8, [W, d.vocabSize], randomBytes(W * d.vocabSize)), oZero, g.constant(T.INT8, [], Int8Array.of(0))]);
    g.op1('Mul', [g.op1('Cast', [head], { to: T.FLOAT }), g.op1('Mul', [oScale, g.float(0.02 / 74)])], {}, { output: 'logits' });
  }
  g.output('logits', T.FLOAT, ['batch_size', 'decoder_sequence_length', d.vocabSize]);
  return g;
}

/** Writes the captioner repo (Hub layout) in one dtype; returns the ONNX files' total size. */
export function writeCaptionerModel(root: string, kind: CaptionerKind = 'q8'): { dir: string; onnxBytes: number } {
  const { arch, context } = preset();
  const dir = join(root, kind === 'fp32' ? BENCH_CAPTIONER_FP32_ID : BENCH_CAPTIONER_ID);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const eos = arch.decoder.vocabSize - 1; // GPT-2: <|endoftext|> is bos, eos and pad
  const json = (file: string, value: unknown) => writeFileSync(join(dir, file), JSON.stringify(value, null, 1) + '\n');
  const ids = { bos_token_id: eos, eos_token_id: eos, pad_token_id: eos, decoder_start_token_id: eos };
  json('config.json', {
    model_type: 'vision-encoder-decoder',
    architectures: ['VisionEncoderDecoderModel'],
    is_encoder_decoder: true,
    tie_word_embeddings: true,
    ...ids,
    encoder: {
      model_type: arch.encoder.modelType,
      hidden_size: arch.encoder.hiddenSize,
      num_hidden_layers: arch.encoder.numHiddenLayers,
      num_attention_heads: arch.encoder.numAttentionHeads,
      intermediate_size: arch.encoder.intermediateSize,
      image_size: arch.encoder.imageSize,
      patch_size: arch.encoder.patchSize,
      num_channels: 3,
    },
    decoder: {
      model_type: arch.decoder.modelType,
      vocab_size: arch.decoder.vocabSize,
      n_embd: arch.decoder.hiddenSize,
      n_head: arch.decoder.numAttentionHeads,
      n_layer: arch.decoder.numHiddenLayers,
      n_positions: context.maxPositionEmbeddings,
      add_cross_attention: true,
      is_decoder: true,
      ...ids,
    },
  });
  // Random weights stop anywhere: min_new_tokens makes every caption exactly max_new_tokens long.
  json('generation_config.json', { ...ids, max_length: context.contextTokens, min_new_tokens: 1000 });
  json('preprocessor_config.json', {
    image_processor_type: 'ViTImageProcessor',
    do_resize: true,
    size: { height: arch.encoder.imageSize, width: arch.encoder.imageSize },
    resample: 2,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
  });
  const vocab = syntheticVocab(arch.decoder.vocabSize, [{ id: eos, content: '<|endoftext|>' }]);
  json('tokenizer.json', tokenizerJson(vocab));
  json('tokenizer_config.json', {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: '<|endoftext|>',
    eos_token: '<|endoftext|>',
    pad_token: '<|endoftext|>',
    unk_token: '<unk>',
    model_max_length: context.maxPositionEmbeddings,
    clean_up_tokenization_spaces: false,
  });
  const suffix = kind === 'fp32' ? '' : '_quantized';
  const encoderBytes = buildEncoderGraph(kind).write(join(dir, 'onnx', `encoder_model${suffix}.onnx`), `distilvit encoder benchmark twin (random weights, ${kind})`);
  const decoderBytes = buildDecoderGraph(kind).write(
    join(dir, 'onnx', `decoder_model_merged${suffix}.onnx`),
    `distilvit decoder benchmark twin (random weights, ${kind})`,
  );
  return { dir, onnxBytes: encoderBytes + decoderBytes };
}
