// Chrome's built-in AI (Gemini Nano behind the Prompt API, `LanguageModel`), where the browser has it:
// nothing to download for us, nothing leaves the machine. Chrome downloads its model once, and only after
// a person's click (user activation), which Options asks for; until then this engine says so.
import { fromBase64 } from '../messaging/base64';
import type { Engine, WorkOptions } from './engine';
import { EngineError } from './errors';
import type {
  CachedModel,
  CaptionRequest,
  CaptionResult,
  DownloadPlan,
  EngineStatus,
  GenerateRequest,
  GenerateResult,
  ModelStatus,
  ModelTask,
  TextModelInfo,
} from './types';

/** The published shape of the Prompt API, as much of it as this engine uses. */
export type BuiltinAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';
interface PromptPart {
  type: 'text' | 'image';
  value: string | ImageData;
}
interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | PromptPart[];
}
export interface LanguageModelOptions {
  initialPrompts?: PromptMessage[];
  expectedInputs?: Array<{ type: 'text' | 'image' }>;
  signal?: AbortSignal;
  monitor?: (monitor: EventTarget) => void;
}
export interface LanguageModelSession {
  promptStreaming(input: PromptMessage[], options?: { signal?: AbortSignal }): ReadableStream<string>;
  measureInputUsage(input: string): Promise<number>;
  readonly inputQuota: number;
  destroy(): void;
}
export interface LanguageModelApi {
  availability(options?: LanguageModelOptions): Promise<BuiltinAvailability>;
  create(options?: LanguageModelOptions): Promise<LanguageModelSession>;
}

export const BUILTIN_MODEL = "Chrome's built-in AI (Gemini Nano)";
const TEXT_INPUTS: LanguageModelOptions = { expectedInputs: [{ type: 'text' }] };
const IMAGE_INPUTS: LanguageModelOptions = { expectedInputs: [{ type: 'text' }, { type: 'image' }] };
const CAPTION_PROMPT = 'Describe this image in one short sentence, for alt text. Answer with the description only.';

/** The Prompt API of this browser, or undefined where it has none (Firefox, older Chrome). */
export function builtinApi(): LanguageModelApi | undefined {
  return (globalThis as { LanguageModel?: LanguageModelApi }).LanguageModel;
}

export class BuiltinEngine implements Engine {
  private readonly statuses = new Map<ModelTask, ModelStatus>();
  private readonly listeners = new Set<(status: EngineStatus) => void>();

  constructor(private readonly api: () => LanguageModelApi | undefined = builtinApi) {}

  async generate(request: GenerateRequest, { onToken, signal }: WorkOptions & { onToken?: (text: string) => void }): Promise<GenerateResult> {
    const system = request.messages.filter((message) => message.role === 'system');
    const turns = request.messages.filter((message) => message.role !== 'system');
    const session = await this.session('text-generation', { ...TEXT_INPUTS, initialPrompts: system, signal });
    return this.working('text-generation', session, async () => {
      const started = performance.now();
      let text = '';
      let firstTokenMs = 0;
      const reader = session.promptStreaming(turns, { signal }).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!text) firstTokenMs = performance.now() - started;
        text += value;
        onToken?.(value);
      }
      return { text, tokens: 0, truncated: false, timing: { firstTokenMs, totalMs: performance.now() - started } };
    });
  }

  async caption(request: CaptionRequest, { signal }: WorkOptions): Promise<CaptionResult> {
    const { width, height, rgba } = request.image;
    const pixels = fromBase64(rgba);
    if (width * height * 4 !== pixels.length) throw new EngineError('bad-input', 'The image data is incomplete.');
    const image = new ImageData(new Uint8ClampedArray(pixels.buffer), width, height);
    const session = await this.session('image-to-text', { ...IMAGE_INPUTS, signal });
    return this.working('image-to-text', session, async () => {
      const input: PromptMessage[] = [{ role: 'user', content: [{ type: 'text', value: CAPTION_PROMPT }, { type: 'image', value: image }] }];
      let text = '';
      const reader = session.promptStreaming(input, { signal }).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += value;
      }
      return { text: text.trim() };
    });
  }

  async countTokens(texts: string[]): Promise<number[]> {
    const session = await this.session('text-generation', TEXT_INPUTS);
    try {
      return await Promise.all(texts.map((text) => session.measureInputUsage(text)));
    } finally {
      session.destroy();
    }
  }

  async textModelInfo(): Promise<TextModelInfo> {
    const session = await this.session('text-generation', TEXT_INPUTS);
    try {
      return { modelId: BUILTIN_MODEL, contextTokens: session.inputQuota };
    } finally {
      session.destroy();
    }
  }

  async planDownload(): Promise<DownloadPlan> {
    return { modelId: BUILTIN_MODEL, totalBytes: 0, cachedBytes: 0 };
  }

  async prepare(task: ModelTask): Promise<void> {
    (await this.session(task, task === 'text-generation' ? TEXT_INPUTS : IMAGE_INPUTS)).destroy();
  }

  status(): EngineStatus {
    return { models: [...this.statuses.values()], threads: 1, crossOriginIsolated: globalThis.crossOriginIsolated === true };
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async cachedModels(): Promise<CachedModel[]> {
    return [];
  }

  async deleteCachedModel(): Promise<void> {}

  async clearCachedCaptions(): Promise<void> {}

  /** A session for a task, checked with the same options it is created with. */
  private async session(task: ModelTask, options: LanguageModelOptions): Promise<LanguageModelSession> {
    const api = this.api();
    if (!api) throw new EngineError('host-unreachable', `This browser has no built-in AI. Choose "This browser" or "A model server" in Options → "Run models on".`);
    const { signal: _signal, initialPrompts: _prompts, ...checked } = options;
    const availability = await api.availability(checked);
    if (availability === 'unavailable') {
      const what = task === 'image-to-text' ? 'describe images' : 'write text';
      throw new EngineError('model-not-found', `Chrome's built-in AI cannot ${what} on this computer. Choose "This browser" or "A model server" in Options.`);
    }
    if (availability !== 'available') {
      throw new EngineError(
        'model-not-found',
        `Chrome has not downloaded its built-in AI model yet. Click "Download Chrome's model" in Options (Chrome downloads it only after a click).`,
      );
    }
    return api.create(options);
  }

  private async working<T>(task: ModelTask, session: LanguageModelSession, work: () => Promise<T>): Promise<T> {
    this.setStage(task, 'working');
    try {
      return await work();
    } finally {
      session.destroy();
      this.setStage(task, 'ready');
    }
  }

  private setStage(task: ModelTask, stage: ModelStatus['stage']): void {
    this.statuses.set(task, { modelId: BUILTIN_MODEL, task, stage, backend: 'builtin' });
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}
