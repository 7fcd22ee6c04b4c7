// Types shared by the engine, the messaging protocol and every feature that asks the engine for work.

export type ChatRole = 'system' | 'user' | 'assistant';
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export type ModelTask = 'text-generation' | 'image-to-text';

/** Interactive requests (a user is waiting) run before background ones (automatic alt text). */
export type Priority = 'interactive' | 'background';

export interface GenerateRequest {
  messages: ChatMessage[];
  maxNewTokens?: number;
  priority?: Priority;
  /**
   * What `messages` ask, for engines with an API of their own for it (Chrome's Summarizer and Rewriter);
   * the others read `messages` alone.
   */
  purpose?: WritingPurpose;
  /**
   * Only a text model already stored in this browser may answer: no download starts (nor even a question
   * to the model host about one), and nothing goes to a model server or the browser's built-in AI; else
   * the request fails as 'download-needed'. For extras nobody asked for (the summary of an image's text).
   */
  storedOnly?: boolean;
}

/** A summary or a rewrite, in the words of Chrome's Summarizer and Rewriter APIs. */
export type WritingPurpose =
  | {
      kind: 'summarize';
      text: string;
      type: 'key-points' | 'tldr' | 'teaser' | 'headline';
      length: 'short' | 'medium' | 'long';
      /** The page's title, say: what helps read the text. */
      context?: string;
      /** Language code (primary subtag) of the summary, when known. */
      language?: string;
    }
  | { kind: 'rewrite'; text: string; tone: 'more-formal' | 'as-is' | 'more-casual'; length: 'shorter' | 'as-is' | 'longer' };

/** Which engine and model produced a result, so surfaces can say who answered. */
export interface AnsweredBy {
  backend: EngineBackend;
  model: string;
  /** The model server's address, for the server backend. */
  server?: string;
  /** For Chrome's built-in AI: which of its APIs answered ('Summarizer', 'Rewriter' or 'Prompt'). */
  api?: string;
  /** The backend the settings chose, where it was not there and this one answered instead. */
  insteadOf?: EngineBackend;
}

export interface GenerateResult {
  text: string;
  answeredBy?: AnsweredBy;
  tokens: number;
  /** True when the answer ended because it reached maxNewTokens rather than the model's own end. */
  truncated: boolean;
  /** Where the time went, measured where the model runs (ms from the model call: no queueing, no messaging). */
  timing?: {
    firstTokenMs: number;
    totalMs: number;
    /** Tokens of the templated prompt, and how many came from the kept KV cache of its system prompt. */
    promptTokens?: number;
    cachedTokens?: number;
    /** Tokens the model computed before its first token (the prompt less the kept prefix, plus a prefix computed now). */
    prefilledTokens?: number;
  };
}

/** An image as raw RGBA pixels; surfaces decode images themselves so the engine never fetches page URLs. */
export interface ImagePixels {
  width: number;
  height: number;
  /** RGBA, width * height * 4 bytes, base64-encoded. */
  rgba: string;
}

export interface CaptionRequest {
  image: ImagePixels;
  maxNewTokens?: number;
  priority?: Priority;
}

export interface CaptionResult {
  text: string;
  answeredBy?: AnsweredBy;
  /**
   * Where the engine's time went, in ms (transformers.js engine, not for a cached caption): base64 decoding,
   * hashing, the rest before the queue, waiting in it (for a batch that took this image, too), and the
   * batch that made the caption (`batch` images: resizing and normalizing, encoder, decoder, each for the
   * whole batch). For the benchmark.
   */
  timing?: {
    decodeMs: number;
    hashMs: number;
    prepareMs: number;
    waitMs: number;
    batch?: number;
    preprocessMs?: number;
    encoderMs?: number;
    decoderMs?: number;
    totalMs: number;
  };
}

export interface ReadTextRequest {
  image: ImagePixels;
}

export interface TextLine {
  text: string;
  /** Mean probability of the line's characters, 0 to 1. */
  confidence: number;
  /** The line's box in the image: its centre, size and tilt (radians). */
  box: { x: number; y: number; width: number; height: number; angle: number };
}

/** The text an image holds (src/engine/ocr.ts). */
export interface TextReading {
  /** Lines in reading order, top to bottom; pieces side by side on one line joined by a space. */
  text: string;
  lines: TextLine[];
  /** Share of the image's area the text lines cover, 0 to 1. */
  textArea: number;
}

export interface TextModelInfo {
  modelId: string;
  /** Tokens the prompt and the answer may use together. */
  contextTokens: number;
  /** Where the model runs (or would run: it may not be loaded yet). */
  device?: 'wasm' | 'webgpu';
  /** How fast the model has read prompts on this device, once measured: what features budget their input by. */
  prefillTokensPerSecond?: number;
  /**
   * Set where the engine has no tokenizer and counts `estimatedTokens(text, charsPerToken)` (a model server):
   * surfaces count so themselves instead of asking the engine, one round trip per count saved.
   */
  charsPerToken?: number;
}

/** A token count from characters alone, for engines without a tokenizer (see `TextModelInfo.charsPerToken`). */
export function estimatedTokens(text: string, charsPerToken: number): number {
  return Math.ceil(text.length / charsPerToken);
}

/** One file of a model download. */
export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
  /** The connection broke off or stalled, and the download resumes in a moment. */
  retrying?: boolean;
}

export interface DownloadProgress {
  modelId: string;
  /** Bytes of all the model's files, done and expected. */
  loaded: number;
  total: number;
  files: FileProgress[];
  /** One of its files stalled or broke off and is being resumed. */
  retrying?: boolean;
}

export type EngineStage = 'idle' | 'checking' | 'downloading' | 'loading' | 'ready' | 'working';

/** Where a model runs: in the browser (transformers.js), on a model server the person chose, or Chrome's built-in AI. */
export type EngineBackend = 'browser' | 'server' | 'builtin';

export interface ModelStatus {
  modelId: string;
  /** Absent for the in-browser engine. */
  backend?: EngineBackend;
  task: ModelTask;
  stage: EngineStage;
  device?: 'wasm' | 'webgpu';
  download?: DownloadProgress;
}

export interface EngineStatus {
  models: ModelStatus[];
  /** WASM threads in use; more than one needs a cross-origin isolated engine host. */
  threads: number;
  crossOriginIsolated: boolean;
  /** A notice worth showing, such as a WebGPU fallback: a catalogue message, said by the surface that shows it. */
  notice?: { key: string; args: string[] };
}

/** What an error means to the user, so every surface can say what happened and what to do. */
export type EngineErrorCode =
  | 'host-unreachable'
  /** The model is not stored and the person has not yet agreed to download it (see EngineConfig.downloadConsent). */
  | 'download-needed'
  | 'model-not-found'
  | 'not-a-transformers-model'
  | 'out-of-memory'
  | 'quota-exceeded'
  | 'download-corrupt'
  | 'cancelled'
  | 'interrupted'
  | 'bad-input'
  | 'server-refused'
  | 'cannot-see-images'
  | 'context-too-small'
  | 'timeout'
  | 'stream-cut'
  | 'internal';

export interface EngineErrorInfo {
  code: EngineErrorCode;
  message: string;
  /** The message as a catalogue key and its values (src/i18n), for the surface to say in the person's language. */
  text?: { key: string; args: string[] };
  /** With 'download-needed': what the download would be, so the surface can offer it with its size. */
  plan?: DownloadPlan;
}

export interface CachedModel {
  modelId: string;
  files: number;
  bytes: number;
  /** Every file the model needs is stored (it has loaded from them); false after a download cancelled half-way. */
  complete: boolean;
}

// How the engine loads a model for WASM (wasm-graph.ts, wasm-models.ts).
/** Each rewrite can be turned off, to measure what it brings (npm run bench -- --levers). */
export interface WasmGraphOptions {
  /** MatMulNBits → DynamicQuantizeMatMul (int8). */
  int8MatMul: boolean;
  /** fp32 embedding table → int8 rows. */
  int8Embedding: boolean;
  /** GroupQueryAttention → MatMul + Softmax. */
  plainAttention: boolean;
  /** `num_logits_to_keep`: logits for the last positions only. */
  lastLogitsOnly: boolean;
  /** With plainAttention: the KV cache's inputs and outputs in float16 (half the bytes copied per token). */
  halfCache: boolean;
}

/** What the engine does to a model it loads for WASM; each part can be turned off to measure it. */
export interface WasmLoadOptions extends WasmGraphOptions {
  /** Hand the weights over as external data, so onnxruntime-web does not hold them twice while loading. */
  externalData: boolean;
}

export type DevicePreference = 'auto' | 'wasm' | 'webgpu';

/** The two APIs a model server may speak: OpenAI's (llama-server, LM Studio, vLLM, Ollama's /v1) and Ollama's own. */
export type ServerApi = 'openai' | 'ollama';

/** A model server the person chose (server-engine.ts). */
export interface ServerConfig {
  /** e.g. http://127.0.0.1:11434, without a trailing slash. */
  address: string;
  api: ServerApi;
  /** Sent as a bearer token to this server only; '' for none. */
  apiKey: string;
  textModel: string;
  imageModel: string;
  /** Tokens the prompt and the answer may use together, when the server's API does not say. */
  contextTokens: number;
  /** How long to wait for the server's next word before giving up. */
  timeoutSeconds: number;
  /** A public address gets page text only once the person confirmed this very address. */
  publicAddressConfirmed: boolean;
}

/** A model a server offers, and whether it says it can see images (undefined: it does not say). */
export interface ServerModel {
  id: string;
  vision?: boolean;
}

/** What "Test connection" found. */
export interface ServerProbe {
  models: ServerModel[];
  /** The text model's answer to "Hello" and how long it took, when a text model is chosen. */
  hello?: { text: string; ms: number };
}

/** The settings the engine works by (src/settings/engine-config.ts reads them). */
export interface EngineConfig {
  /** Which engine answers text requests and which image requests. */
  textBackend: EngineBackend;
  imageBackend: EngineBackend;
  server: ServerConfig;
  modelHost: string;
  textModel: string;
  imageModel: string;
  device: DevicePreference;
  idleUnloadMinutes: number;
  /**
   * Models the person agreed to download (by a click on a Download button). A model that is not stored and
   * not listed here is never downloaded: the engine answers 'download-needed' with the download's size.
   */
  downloadConsent: string[];
  /**
   * WebAssembly threads; 0 or absent picks them automatically (up to 4, when the engine's host is
   * cross-origin isolated). Read when the runtime starts: a change applies when the engine restarts.
   */
  wasmThreads?: number;
  /**
   * How 4-bit models are rewritten for WASM (wasm-graph.ts): absent = every rewrite, `false` = the file
   * as it is. For measuring each rewrite (npm run bench -- --levers).
   */
  wasmGraph?: Partial<WasmLoadOptions> | false;
  /**
   * Reported as the device's prefill speed instead of the measured one: to see what features do on a slower
   * or faster device (the input budget of summaries). Absent: the measured speed.
   */
  prefillTokensPerSecond?: number;
  /** `false`: no KV cache of system prompts kept across requests (prompt-cache.ts), to measure what it brings. */
  promptCache?: boolean;
  /**
   * Most tokens of a caption when the request does not say (default 30): the benchmark's captioner twin never
   * stops on its own, so its answers are cut where the real model's end.
   */
  captionTokens?: number;
  /** Most images the captioner reads in one batch (caption-batch.ts; default 1, one at a time), to measure batching. */
  captionBatch?: number;
  /** `true`: sessions made without onnxruntime's weight prepacking, to measure its memory and speed. */
  disablePrepacking?: boolean;
  /**
   * How long a download may receive nothing before it is broken off and resumed; absent: 30 s. Set by test
   * builds only (src/test-hooks.ts), so end-to-end tests see a stall without waiting half a minute.
   */
  stallTimeoutMs?: number;
}

export interface DownloadPlan {
  modelId: string;
  /** Bytes the model's files take, and how many of those are already cached. */
  totalBytes: number;
  cachedBytes: number;
}
