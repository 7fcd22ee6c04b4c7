/**
 * Preset registry: the models Nano Banana offers by default, with the facts the engine and the
 * benchmarks need (which ONNX files exist per dtype, how big they are, context and architecture).
 *
 * Facts were read from the Hugging Face Hub pages ("Files and versions" trees, config.json, model
 * cards) on 2026-11-25 via stored copies of those pages; the Hub itself was not reachable from the
 * build machine. File sizes are the Hub's displayed decimal sizes (3 significant figures), turned
 * into bytes, so each is good to about ±0.5 %. They are meant for progress bars and "this will
 * download ~300 MB" prompts, not for integrity checks.
 *
 * transformers.js 4.3.1 picks the ONNX file from the dtype: `onnx/<session><suffix>.onnx`
 * (see DTYPE_SUFFIX), where decoder-only LLMs have one session (`model`) and vision
 * encoder-decoder captioners have two (`encoder_model`, `decoder_model_merged`). With no dtype
 * it asks for q8 on WASM and fp32 on WebGPU, so every preset names its dtype explicitly and only
 * ever names dtypes whose files the repo really has.
 */
import type { MessageKey } from '../i18n/i18n';

export type PresetTask = 'text-generation' | 'image-to-text';
export type EngineDevice = 'wasm' | 'webgpu';

/** The dtypes transformers.js 4.3.1 maps to a file suffix that these presets could use. */
export type OnnxDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** Mirrors DEFAULT_DTYPE_SUFFIX_MAPPING in @huggingface/transformers 4.3.1 (src/utils/dtypes.js). */
export const DTYPE_SUFFIX: Readonly<Record<OnnxDtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** Dtypes whose graphs compute in fp16 and so need the WebGPU adapter's `shader-f16` feature. */
export const F16_DTYPES: ReadonlySet<OnnxDtype> = new Set<OnnxDtype>(['fp16', 'q4f16']);

export interface DtypeChoice {
  /** CPU (onnxruntime-web WASM). */
  readonly wasm: OnnxDtype;
  /** WebGPU when the adapter has `shader-f16`. */
  readonly webgpu: OnnxDtype;
  /** WebGPU without `shader-f16`: must not be an fp16 dtype. */
  readonly webgpuWithoutShaderF16: OnnxDtype;
}

export interface DecoderArch {
  readonly modelType: string;
  readonly hiddenSize: number;
  readonly numHiddenLayers: number;
  readonly numAttentionHeads: number;
  /** Equal to numAttentionHeads when the model has no grouped-query attention. */
  readonly numKeyValueHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly vocabSize: number;
}

export interface VisionEncoderArch {
  readonly modelType: string;
  readonly hiddenSize: number;
  readonly numHiddenLayers: number;
  readonly numAttentionHeads: number;
  readonly intermediateSize: number;
  readonly imageSize: number;
  readonly patchSize: number;
}

interface PresetBase {
  /** Hub model id, exactly as used with `pipeline(task, id)`. */
  readonly id: string;
  /** Its name in the options' suggestions (a message key). */
  readonly label: MessageKey;
  /** 'fast' = small default; 'quality' = larger, better on some published measures. */
  readonly tier: 'fast' | 'quality';
  readonly license?: string;
  readonly dtypes: DtypeChoice;
  /** ONNX sessions transformers.js loads for this task (file stem under onnx/). */
  readonly sessions: readonly string[];
  /**
   * Every ONNX file the repo has for the sessions above, by dtype: path → bytes. Only dtypes
   * with a file for every session are listed. None of these presets uses external data
   * (`.onnx_data`): each graph is a single file.
   */
  readonly onnxFiles: Readonly<Partial<Record<OnnxDtype, Readonly<Record<string, number>>>>>;
  /** config.json, generation_config.json, tokenizer.json, tokenizer_config.json (+ preprocessor_config.json). */
  readonly supportFilesBytes: number;
  /** Hub page the facts came from, and the commit the ONNX folder was at when checked. */
  readonly source: { readonly url: string; readonly onnxCommit: string; readonly checked: string };
}

export interface TextPreset extends PresetBase {
  readonly task: 'text-generation';
  /** What its model card says it was trained for: English only, or many languages. */
  readonly languages: 'english' | 'multilingual';
  readonly context: {
    /** config.json max_position_embeddings. */
    readonly maxPositionEmbeddings: number;
    /** Prompt + output budget used in the browser (bounds KV-cache memory and prefill time). */
    readonly contextTokens: number;
  };
  readonly arch: DecoderArch;
}

export interface ImagePreset extends PresetBase {
  readonly task: 'image-to-text';
  readonly context: {
    /** Decoder n_positions. */
    readonly maxPositionEmbeddings: number;
    /** Caption budget: the decoder only sees BOS plus what it writes. */
    readonly contextTokens: number;
  };
  readonly arch: { readonly modelType: 'vision-encoder-decoder'; readonly encoder: VisionEncoderArch; readonly decoder: DecoderArch };
}

export type ModelPreset = TextPreset | ImagePreset;

/** Hub-displayed decimal sizes → whole bytes. */
const mb = (n: number): number => Math.round(n * 1_000_000);
const gb = (n: number): number => Math.round(n * 1_000_000_000);
const CHECKED = '2026-11-25';

/** google/vit-base-patch16-224-in21k, the encoder of both captioners below. */
const VIT_BASE_ENCODER: VisionEncoderArch = {
  modelType: 'vit',
  hiddenSize: 768,
  numHiddenLayers: 12,
  numAttentionHeads: 12,
  intermediateSize: 3072,
  imageSize: 224,
  patchSize: 16,
};

/** A GPT-2 caption decoder (n_embd 768, n_head 12, n_inner null → 4 × n_embd, GPT-2's vocabulary) of `layers` layers. */
const gpt2Decoder = (layers: number): DecoderArch => ({
  modelType: 'gpt2',
  hiddenSize: 768,
  numHiddenLayers: layers,
  numAttentionHeads: 12,
  numKeyValueHeads: 12,
  headDim: 64,
  intermediateSize: 3072,
  vocabSize: 50257,
});

export const MODEL_PRESETS: readonly ModelPreset[] = [
  // SmolLM2-360M-Instruct: the fast default for summarize/rewrite.
  // Source: https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/main/onnx (checked 2026-11-25)
  //   onnx/ holds only model.onnx 1.64 GB, model_fp16 819 MB, model_q4 417 MB, model_q4f16 299 MB
  //   ("Upload improved ONNX weights (#7)", 6d8b2a3). There is NO model_quantized.onnx, so the
  //   transformers.js WASM default (q8) would 404: WASM must ask for q4.
  // config.json (llama; 8192 positions; transformers.js_config.kv_cache_dtype q4f16/fp16 → float16)
  //   as copied into derived repos, e.g. https://huggingface.co/prithivMLmods/SmolLM2-360M-Grpo-r999/blame/bb56f3025a4287dbd44a8750ac63d686916c4e2b/config.json
  // Card (https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct): trained for rewriting and
  //   summarization; vs Qwen2.5-0.5B-Instruct: IFEval 41.0 vs 31.6, MT-Bench 3.66 vs 4.16, GSM8K 7.43 vs 26.8.
  //   English only.
  {
    id: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    task: 'text-generation',
    label: 'presetSmolLM2',
    tier: 'fast',
    languages: 'english',
    license: 'apache-2.0',
    dtypes: { wasm: 'q4', webgpu: 'q4f16', webgpuWithoutShaderF16: 'q4' },
    sessions: ['model'],
    onnxFiles: {
      fp32: { 'onnx/model.onnx': gb(1.64) },
      fp16: { 'onnx/model_fp16.onnx': mb(819) },
      q4: { 'onnx/model_q4.onnx': mb(417) },
      q4f16: { 'onnx/model_q4f16.onnx': mb(299) },
    },
    // config.json 795 B, generation_config.json 132 B, tokenizer.json 2.1 MB, tokenizer_config.json ~4 kB.
    supportFilesBytes: mb(2.11),
    context: { maxPositionEmbeddings: 8192, contextTokens: 4096 },
    arch: {
      modelType: 'llama',
      hiddenSize: 960,
      numHiddenLayers: 32,
      numAttentionHeads: 15,
      numKeyValueHeads: 5,
      headDim: 64,
      intermediateSize: 2560,
      vocabSize: 49152,
    },
    source: {
      url: 'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/main/onnx',
      onnxCommit: '6d8b2a3',
      checked: CHECKED,
    },
  },

  // Qwen2.5-0.5B-Instruct (onnx-community export): the better/larger text preset.
  // Source: https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx (checked 2026-11-25)
  //   onnx/ (516c8d0): model.onnx 1.99 GB, model_fp16 997 MB, model_q4 786 MB, model_q4f16 483 MB,
  //   model_quantized / model_int8 / model_uint8 512 MB each, model_bnb4 764 MB; no .onnx_data.
  //   q4 is larger than q8 here because the q4 export keeps the 151936×896 embedding unquantized.
  //   WASM uses q4 (MatMulNBits) rather than the smaller q8: this repo's q8 file is the same size as
  //   its int8 one, and for SmolLM2-1.7B Xenova had to re-upload q8 ("Fix q8 weights (use uint8 for
  //   q8; int8 produces poor results)", https://huggingface.co/HuggingFaceTB/SmolLM2-1.7B-Instruct/tree/refs%2Fpr%2F18/onnx).
  //   Which kind this file is could not be checked, so q8 (512 MB) is a benchmark candidate, not the default.
  // Root (https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main): config.json 678 B,
  //   generation_config.json 242 B, tokenizer.json 7.03 MB, tokenizer_config.json 7.31 kB.
  // Architecture from Qwen/Qwen2.5-0.5B-Instruct's config (qwen2, 32768 positions), e.g. as copied in
  //   https://huggingface.co/unsloth/Qwen2.5-0.5B-Instruct/blame/00bafb7cd8d700177637919923d0e579fe0cfa5f/config.json
  // Why "better": SmolLM2 card's own table gives it the higher MT-Bench (4.16 vs 3.66), BBH and GSM8K;
  //   it is multilingual (Qwen2.5 card: 29+ languages) and has a 32k context. It is worse on IFEval.
  {
    id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    task: 'text-generation',
    label: 'presetQwen',
    tier: 'quality',
    languages: 'multilingual',
    license: 'apache-2.0',
    dtypes: { wasm: 'q4', webgpu: 'q4f16', webgpuWithoutShaderF16: 'q4' },
    sessions: ['model'],
    onnxFiles: {
      fp32: { 'onnx/model.onnx': gb(1.99) },
      fp16: { 'onnx/model_fp16.onnx': mb(997) },
      q8: { 'onnx/model_quantized.onnx': mb(512) },
      int8: { 'onnx/model_int8.onnx': mb(512) },
      uint8: { 'onnx/model_uint8.onnx': mb(512) },
      q4: { 'onnx/model_q4.onnx': mb(786) },
      q4f16: { 'onnx/model_q4f16.onnx': mb(483) },
      bnb4: { 'onnx/model_bnb4.onnx': mb(764) },
    },
    supportFilesBytes: mb(7.04),
    // 8192 of 32768: with 2 KV heads the cache is only 12 kB/token in fp16 (~100 MB at 8192).
    context: { maxPositionEmbeddings: 32768, contextTokens: 8192 },
    arch: {
      modelType: 'qwen2',
      hiddenSize: 896,
      numHiddenLayers: 24,
      numAttentionHeads: 14,
      numKeyValueHeads: 2,
      headDim: 64,
      intermediateSize: 4864,
      vocabSize: 151936,
    },
    source: {
      url: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx',
      onnxCommit: '516c8d0',
      checked: CHECKED,
    },
  },

  // Mozilla distilvit: the default alt-text captioner (ViT-base encoder + 6-layer distilGPT-2
  // decoder, trained by Mozilla on debiased COCO/Flickr30k captions for alt text; Firefox's own ML
  // presets run it as `dtype: 'q8', device: 'wasm'`).
  // Source: https://huggingface.co/Mozilla/distilvit/tree/main/onnx (checked 2026-11-25)
  //   onnx/ (9e4003c "Added q4"): encoder_model.onnx 343 MB, encoder_model_fp16 172 MB,
  //   decoder_model_merged 387 MB, decoder_model_merged_fp16 195 MB, decoder_model_merged_quantized
  //   99.8 MB, decoder_model_merged_q4 387 MB (q4 did not shrink it: not used).
  //   encoder_model_quantized.onnx: 87 MB on every revision whose blob page was readable, e.g.
  //   https://huggingface.co/Mozilla/distilvit/blob/90607601386205d54ae9aa22b3602fca959cf460/onnx/encoder_model_quantized.onnx
  //   (the stored main listing was cut off before it).
  //   Root: config.json 5.05 kB, generation_config.json 7.02 kB, preprocessor_config.json 349 B,
  //   tokenizer.json 2.11 MB, tokenizer_config.json 243 B.
  // WebGPU avoids q8: q8 decoders give gibberish on WebGPU
  //   (https://github.com/huggingface/transformers.js/issues/1317), so fp16, else fp32 (730 MB).
  {
    id: 'Mozilla/distilvit',
    task: 'image-to-text',
    label: 'presetDistilvit',
    tier: 'fast',
    license: 'apache-2.0',
    dtypes: { wasm: 'q8', webgpu: 'fp16', webgpuWithoutShaderF16: 'fp32' },
    sessions: ['encoder_model', 'decoder_model_merged'],
    onnxFiles: {
      fp32: { 'onnx/encoder_model.onnx': mb(343), 'onnx/decoder_model_merged.onnx': mb(387) },
      fp16: { 'onnx/encoder_model_fp16.onnx': mb(172), 'onnx/decoder_model_merged_fp16.onnx': mb(195) },
      q8: { 'onnx/encoder_model_quantized.onnx': mb(87), 'onnx/decoder_model_merged_quantized.onnx': mb(99.8) },
    },
    supportFilesBytes: mb(2.13),
    context: { maxPositionEmbeddings: 1024, contextTokens: 64 },
    arch: {
      modelType: 'vision-encoder-decoder',
      // Encoder is google/vit-base-patch16-224-in21k per the model card's base_model.
      encoder: VIT_BASE_ENCODER,
      // Decoder fields from the config.json decoder block (distilgpt2: n_layer 6, n_embd 768, n_head 12,
      // n_positions 1024, n_inner null → 4 × n_embd); GPT-2 tokenizer (bos = eos = 50256).
      decoder: gpt2Decoder(6),
    },
    source: { url: 'https://huggingface.co/Mozilla/distilvit/tree/main/onnx', onnxCommit: '9e4003c', checked: CHECKED },
  },

  // Xenova/vit-gpt2-image-captioning: the larger captioner (ViT-base + 12-layer GPT-2 decoder,
  // nlpconnect's COCO model); transformers.js 4.3.1's own default for the image-to-text pipeline.
  // No head-to-head benchmark with distilvit was found: "larger", not proven "better".
  // Source: https://huggingface.co/Xenova/vit-gpt2-image-captioning/tree/main/onnx (checked 2026-11-25)
  //   onnx/ (918fd85 "Upload fp16 ONNX weights"): encoder_model.onnx 343 MB, encoder_model_fp16 172 MB,
  //   encoder_model_quantized 87.5 MB, decoder_model_merged 615 MB, decoder_model_merged_fp16 310 MB,
  //   decoder_model_merged_quantized 159 MB. No int8/uint8/q4/bnb4 files.
  //   Root: config.json 5.05 kB, generation_config.json 179 B, preprocessor_config.json 378 B,
  //   tokenizer.json 2.11 MB, tokenizer_config.json 234 B.
  // Decoder facts from its config.json (same as nlpconnect's): gpt2, n_layer 12, n_embd 768, n_head 12,
  //   n_positions 1024, bos = eos = decoder_start = 50256.
  {
    id: 'Xenova/vit-gpt2-image-captioning',
    task: 'image-to-text',
    label: 'presetVitGpt2',
    tier: 'quality',
    dtypes: { wasm: 'q8', webgpu: 'fp16', webgpuWithoutShaderF16: 'fp32' },
    sessions: ['encoder_model', 'decoder_model_merged'],
    onnxFiles: {
      fp32: { 'onnx/encoder_model.onnx': mb(343), 'onnx/decoder_model_merged.onnx': mb(615) },
      fp16: { 'onnx/encoder_model_fp16.onnx': mb(172), 'onnx/decoder_model_merged_fp16.onnx': mb(310) },
      q8: { 'onnx/encoder_model_quantized.onnx': mb(87.5), 'onnx/decoder_model_merged_quantized.onnx': mb(159) },
    },
    supportFilesBytes: mb(2.12),
    context: { maxPositionEmbeddings: 1024, contextTokens: 64 },
    arch: {
      modelType: 'vision-encoder-decoder',
      encoder: VIT_BASE_ENCODER,
      decoder: gpt2Decoder(12),
    },
    source: {
      url: 'https://huggingface.co/Xenova/vit-gpt2-image-captioning/tree/main/onnx',
      onnxCommit: '918fd85',
      checked: CHECKED,
    },
  },
];

export { DEFAULT_IMAGE_MODEL, DEFAULT_TEXT_MODEL } from './default-models';

/** Hub ids are case-insensitive (Firefox itself writes "mozilla/distilvit"). */
function normalizeId(modelId: string): string {
  return modelId.trim().toLowerCase();
}

const BY_ID: ReadonlyMap<string, ModelPreset> = new Map(MODEL_PRESETS.map((p) => [normalizeId(p.id), p]));

export function presetFor(modelId: string): ModelPreset | undefined {
  return BY_ID.get(normalizeId(modelId));
}

export interface DeviceCaps {
  /** Whether the WebGPU adapter reports the `shader-f16` feature. Ignored for WASM. */
  readonly shaderF16: boolean;
}

/** The dtype a preset wants on this device (fp16 dtypes only when the adapter has shader-f16). */
export function choosePresetDtype(preset: ModelPreset, device: EngineDevice, caps: DeviceCaps): OnnxDtype {
  if (device === 'wasm') return preset.dtypes.wasm;
  return caps.shaderF16 ? preset.dtypes.webgpu : preset.dtypes.webgpuWithoutShaderF16;
}

/**
 * dtype to pass to transformers.js for `modelId` on `device`. Returns undefined for a model id
 * that is not a preset, so the engine can ask the Hub which dtypes exist
 * (ModelRegistry / get_available_dtypes in transformers.js 4.x).
 */
export function dtypeFor(modelId: string, device: EngineDevice, caps: DeviceCaps): OnnxDtype | undefined {
  const preset = presetFor(modelId);
  return preset ? choosePresetDtype(preset, device, caps) : undefined;
}

/** ONNX files (path → bytes) a preset loads for a dtype; empty if the repo has none for it. */
export function onnxFilesFor(preset: ModelPreset, dtype: OnnxDtype): Readonly<Record<string, number>> {
  return preset.onnxFiles[dtype] ?? {};
}

/** Approximate bytes downloaded on first use on this device: ONNX file(s) + config/tokenizer files. */
export function downloadBytesFor(preset: ModelPreset, device: EngineDevice, caps: DeviceCaps): number {
  const files = onnxFilesFor(preset, choosePresetDtype(preset, device, caps));
  return Object.values(files).reduce((sum, bytes) => sum + bytes, preset.supportFilesBytes);
}

/** KV-cache bytes per token of context: 2 (K and V) × layers × KV heads × head dim × element size. */
export function kvCacheBytesPerToken(arch: DecoderArch, bytesPerElement: 2 | 4): number {
  return 2 * arch.numHiddenLayers * arch.numKeyValueHeads * arch.headDim * bytesPerElement;
}
