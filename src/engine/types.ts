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
}

export interface GenerateResult {
  text: string;
  tokens: number;
  /** True when the answer ended because it reached maxNewTokens rather than the model's own end. */
  truncated: boolean;
  /** Where the time went, measured where the model runs (ms from the model call: no queueing, no messaging). */
  timing?: { firstTokenMs: number; totalMs: number };
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
}

export interface TextModelInfo {
  modelId: string;
  /** Tokens the prompt and the answer may use together. */
  contextTokens: number;
}

/** One file of a model download. */
export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
}

export interface DownloadProgress {
  modelId: string;
  /** Bytes of all the model's files, done and expected. */
  loaded: number;
  total: number;
  files: FileProgress[];
}

export type EngineStage = 'idle' | 'checking' | 'downloading' | 'loading' | 'ready' | 'working';

export interface ModelStatus {
  modelId: string;
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
  /** A notice worth showing, such as a WebGPU fallback. */
  notice?: string;
}

/** What an error means to the user, so every surface can say what happened and what to do. */
export type EngineErrorCode =
  | 'host-unreachable'
  | 'model-not-found'
  | 'not-a-transformers-model'
  | 'out-of-memory'
  | 'quota-exceeded'
  | 'download-corrupt'
  | 'cancelled'
  | 'interrupted'
  | 'bad-input'
  | 'internal';

export interface EngineErrorInfo {
  code: EngineErrorCode;
  message: string;
}

export interface CachedModel {
  modelId: string;
  files: number;
  bytes: number;
}
