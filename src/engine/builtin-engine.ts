// Chrome's built-in AI (Gemini Nano), where the browser has it: nothing to download for us, nothing leaves
// the machine. Summaries go to its Summarizer API and tone/length rewrites to its Rewriter API where Chrome
// has them ready; everything else, and those too when they are not ready, to the Prompt API
// (`LanguageModel`). Chrome downloads its models once, and only after a person's click (user activation),
// which Options asks for (builtinDownloads); until then this engine never starts a download.
import { localized } from '../i18n/i18n';
import { fromBase64 } from '../messaging/base64';
import type { Engine, WorkOptions } from './engine';
import { EngineError } from './errors';
import { CAPTION_PROMPT, HostedEngine } from './hosted-engine';
import type { AnsweredBy, CaptionRequest, CaptionResult, DownloadPlan, GenerateRequest, GenerateResult, ModelTask, TextModelInfo, WritingPurpose } from './types';

/** The published shapes of the Prompt, Summarizer and Rewriter APIs, as much of them as this engine uses. */
export type BuiltinAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';
interface PromptPart {
  type: 'text' | 'image';
  value: string | ImageData;
}
interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | PromptPart[];
}
/** What create() takes besides the options availability() is asked with. */
interface CreateExtras {
  signal?: AbortSignal;
  monitor?: (monitor: EventTarget) => void;
}
/** The factory every built-in API has: availability() and create() with the same options. */
export interface BuiltinFactory<Options, Session> {
  availability(options?: Options): Promise<BuiltinAvailability>;
  create(options?: Options & CreateExtras): Promise<Session>;
}
export interface LanguageModelOptions {
  initialPrompts?: PromptMessage[];
  expectedInputs?: Array<{ type: 'text' | 'image' }>;
}
/** Every session measures its input against its quota, and is destroyed after use. */
interface BuiltinSession {
  measureInputUsage(input: string): Promise<number>;
  readonly inputQuota: number;
  destroy(): void;
}
export interface LanguageModelSession extends BuiltinSession {
  promptStreaming(input: PromptMessage[], options?: { signal?: AbortSignal }): ReadableStream<string>;
}
export interface SummarizerOptions {
  type: 'key-points' | 'tldr' | 'teaser' | 'headline';
  format: 'markdown' | 'plain-text';
  length: 'short' | 'medium' | 'long';
  outputLanguage?: string;
}
export interface RewriterOptions {
  tone: 'more-formal' | 'as-is' | 'more-casual';
  format: 'as-is' | 'markdown' | 'plain-text';
  length: 'shorter' | 'as-is' | 'longer';
}
type WriteOptions = { context?: string; signal?: AbortSignal };
export interface SummarizerSession extends BuiltinSession {
  summarizeStreaming(input: string, options?: WriteOptions): ReadableStream<string>;
}
export interface RewriterSession extends BuiltinSession {
  rewriteStreaming(input: string, options?: WriteOptions): ReadableStream<string>;
}
export type LanguageModelApi = BuiltinFactory<LanguageModelOptions, LanguageModelSession>;
export type SummarizerApi = BuiltinFactory<SummarizerOptions, SummarizerSession>;
export type RewriterApi = BuiltinFactory<RewriterOptions, RewriterSession>;

/** The built-in AI globals, named as Chrome names them; each is absent where the browser lacks it. */
export interface BuiltinApis {
  LanguageModel?: LanguageModelApi;
  Summarizer?: SummarizerApi;
  Rewriter?: RewriterApi;
}

export const BUILTIN_MODEL = "Chrome's built-in AI (Gemini Nano)";
const TEXT_INPUTS: LanguageModelOptions = { expectedInputs: [{ type: 'text' }] };
const IMAGE_INPUTS: LanguageModelOptions = { expectedInputs: [{ type: 'text' }, { type: 'image' }] };

/** This browser's built-in AI APIs. */
export function builtinApis(): BuiltinApis {
  const { LanguageModel, Summarizer, Rewriter } = globalThis as BuiltinApis;
  return { LanguageModel, Summarizer, Rewriter };
}

/** The Prompt API of this browser, or undefined where it has none (Firefox, older Chrome): what the built-in engine needs. */
export function builtinApi(): LanguageModelApi | undefined {
  return builtinApis().LanguageModel;
}

/** One of Chrome's models as Options offers its download: asked with the options the engine asks with. */
export interface BuiltinDownload {
  api: 'Prompt' | 'Summarizer' | 'Rewriter';
  availability(): Promise<BuiltinAvailability>;
  /** Only in a person's click: Chrome downloads only with user activation. */
  download(monitor: (monitor: EventTarget) => void): Promise<void>;
}

/** The built-in models this browser has, for Options' "Download Chrome's model". */
export function builtinDownloads(apis: BuiltinApis = builtinApis()): BuiltinDownload[] {
  const entry = <O, S extends BuiltinSession>(api: BuiltinDownload['api'], factory: BuiltinFactory<O, S> | undefined, options: O): BuiltinDownload[] =>
    factory
      ? [{ api, availability: () => factory.availability(options), download: async (monitor) => (await factory.create({ ...options, monitor })).destroy() }]
      : [];
  return [
    ...entry('Prompt', apis.LanguageModel, IMAGE_INPUTS),
    ...entry('Summarizer', apis.Summarizer, summarizerOptions({ kind: 'summarize', text: '', type: 'key-points', length: 'medium' })),
    ...entry('Rewriter', apis.Rewriter, rewriterOptions({ kind: 'rewrite', text: '', tone: 'as-is', length: 'as-is' })),
  ];
}

export class BuiltinEngine extends HostedEngine implements Engine {
  constructor(private readonly apis: () => BuiltinApis = builtinApis) {
    super('builtin');
  }

  async generate(request: GenerateRequest, { onToken, signal }: WorkOptions & { onToken?: (text: string) => void }): Promise<GenerateResult> {
    const writer = request.purpose ? await this.writer(request.purpose, signal) : undefined;
    if (writer) return this.answer('text-generation', writer.api, writer.session, writer.stream, onToken);
    const system = request.messages.filter((message) => message.role === 'system');
    const turns = request.messages.filter((message) => message.role !== 'system');
    const session = await this.session('text-generation', TEXT_INPUTS, { initialPrompts: system }, signal);
    return this.answer('text-generation', 'Prompt', session, () => session.promptStreaming(turns, { signal }), onToken);
  }

  async caption(request: CaptionRequest, { signal }: WorkOptions): Promise<CaptionResult> {
    const { width, height, rgba } = request.image;
    const pixels = fromBase64(rgba);
    if (width * height * 4 !== pixels.length) throw new EngineError('bad-input', localized('errImageDataIncomplete'));
    const image = new ImageData(new Uint8ClampedArray(pixels.buffer), width, height);
    const session = await this.session('image-to-text', IMAGE_INPUTS, {}, signal);
    const input: PromptMessage[] = [{ role: 'user', content: [{ type: 'text', value: CAPTION_PROMPT }, { type: 'image', value: image }] }];
    const { text, answeredBy } = await this.answer('image-to-text', 'Prompt', session, () => session.promptStreaming(input, { signal }));
    return { text: text.trim(), answeredBy };
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

  /** A Prompt API session for a task, checked with the options it is created with. */
  private async session(task: ModelTask, checked: LanguageModelOptions, extra: LanguageModelOptions = {}, signal?: AbortSignal): Promise<LanguageModelSession> {
    const api = this.apis().LanguageModel;
    if (!api) throw new EngineError('host-unreachable', localized('errNoBuiltinAi'));
    const availability = await api.availability(checked);
    if (availability === 'unavailable') {
      throw new EngineError('model-not-found', localized(task === 'image-to-text' ? 'errBuiltinCannotDescribe' : 'errBuiltinCannotWrite'));
    }
    if (availability !== 'available') {
      throw new EngineError(
        'model-not-found',
        localized('errBuiltinNotDownloaded'),
      );
    }
    return api.create({ ...checked, ...extra, signal });
  }

  /**
   * The Summarizer or Rewriter session for a purpose, when Chrome has that API ready (never a download: that
   * takes the person's click) and the text fits its input quota; else undefined, and the Prompt API answers.
   */
  private async writer(purpose: WritingPurpose, signal?: AbortSignal): Promise<{ api: 'Summarizer' | 'Rewriter'; session: BuiltinSession; stream: () => ReadableStream<string> } | undefined> {
    const { Summarizer, Rewriter } = this.apis();
    const write = { context: purpose.kind === 'summarize' ? purpose.context : undefined, signal };
    if (purpose.kind === 'summarize') {
      const session = await readySession(Summarizer, summarizerOptions(purpose), purpose.text, signal);
      return session && { api: 'Summarizer', session, stream: () => session.summarizeStreaming(purpose.text, write) };
    }
    const session = await readySession(Rewriter, rewriterOptions(purpose), purpose.text, signal);
    return session && { api: 'Rewriter', session, stream: () => session.rewriteStreaming(purpose.text, write) };
  }

  /** Streams a session's answer to `onToken`, with the task's status working meanwhile; destroys the session after. */
  private answer(task: ModelTask, api: string, session: BuiltinSession, stream: () => ReadableStream<string>, onToken?: (text: string) => void): Promise<GenerateResult> {
    const answeredBy: AnsweredBy = { backend: 'builtin', model: BUILTIN_MODEL, api };
    return this.working(task, BUILTIN_MODEL, async () => {
      const started = performance.now();
      let text = '';
      let firstTokenMs = 0;
      try {
        const reader = stream().getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!text) firstTokenMs = performance.now() - started;
          text += value;
          onToken?.(value);
        }
      } finally {
        session.destroy();
      }
      return { text, tokens: 0, truncated: false, answeredBy, timing: { firstTokenMs, totalMs: performance.now() - started } };
    });
  }
}

function summarizerOptions(purpose: Extract<WritingPurpose, { kind: 'summarize' }>): SummarizerOptions {
  // Markdown: the side panel renders it, as it does the Prompt API's points.
  return { type: purpose.type, format: 'markdown', length: purpose.length, ...(purpose.language ? { outputLanguage: purpose.language } : {}) };
}

function rewriterOptions(purpose: Extract<WritingPurpose, { kind: 'rewrite' }>): RewriterOptions {
  return { tone: purpose.tone, format: 'as-is', length: purpose.length };
}

async function readySession<O, S extends BuiltinSession>(factory: BuiltinFactory<O, S> | undefined, options: O, text: string, signal?: AbortSignal): Promise<S | undefined> {
  if (!factory || (await factory.availability(options)) !== 'available') return undefined;
  const session = await factory.create({ ...options, signal });
  // A text longer than this API takes goes to the Prompt API, whose context the parts were planned by.
  if ((await session.measureInputUsage(text)) <= session.inputQuota) return session;
  session.destroy();
  return undefined;
}
