// The one interface every feature's requests reach. A second backend (Chrome's built-in AI, a local
// server) implements this and nothing else changes.
import type {
  CachedModel,
  CaptionRequest,
  CaptionResult,
  ChatMessage,
  DownloadPlan,
  DownloadProgress,
  EngineStatus,
  GenerateRequest,
  GenerateResult,
  ModelTask,
  TextModelInfo,
} from './types';

export interface WorkOptions {
  signal?: AbortSignal;
  /** Download progress when the model has to be fetched first. */
  onProgress?: (progress: DownloadProgress) => void;
}

export interface Engine {
  generate(request: GenerateRequest, options: WorkOptions & { onToken?: (text: string) => void }): Promise<GenerateResult>;
  caption(request: CaptionRequest, options: WorkOptions): Promise<CaptionResult>;
  /** Token counts by the text model's own tokenizer, one per text. */
  countTokens(texts: string[]): Promise<number[]>;
  textModelInfo(): Promise<TextModelInfo>;
  /**
   * Gets ready for prompts that start like `messages` (their system turn): loads the text model if it is
   * already downloaded and keeps what it can of the prompt (its KV cache). Never downloads. Backends
   * without such a cache leave it out.
   */
  warmPrompt?(messages: ChatMessage[]): Promise<void>;
  /** How big the model for a task is and how much of it is already cached; downloads nothing. */
  planDownload(task: ModelTask): Promise<DownloadPlan>;
  /** Downloads (if needed) and loads the model for a task. */
  prepare(task: ModelTask, options: WorkOptions): Promise<void>;
  status(): EngineStatus;
  onStatus(listener: (status: EngineStatus) => void): () => void;
  cachedModels(): Promise<CachedModel[]>;
  /** Removes a model's files and every answer kept from it (such as image descriptions). */
  deleteCachedModel(modelId: string): Promise<void>;
  /** Stops the model's download under way, if any (the load waiting on it fails as cancelled). Backends that download nothing leave it out. */
  cancelDownload?(modelId: string): Promise<void>;
  /** Forgets the image descriptions kept so revisited images cost nothing. */
  clearCachedCaptions(): Promise<void>;
}
