// The side panel's summarize pipeline, apart from its component (SummaryPanel.tsx renders the state):
// the quick (extractive) summary at once, then the model's summary streamed over it, part by part for
// long pages. The browser and the engine come in as `SummaryDeps`, so the pipeline runs in unit tests.
import type { AnsweredBy, ChatMessage, DownloadPlan, DownloadProgress, EngineErrorCode } from '../../engine/types';
import type { ExtractedPage } from '../../extraction/extract';
import { engineErrorCode, errorMessage, neededDownload } from '../../ui/errors';
import { Store } from '../../ui/store';
import { batchTokenCounter, summarizeLongText, type SummaryProgress } from './chunking';
import { extractiveSummary, type ExtractedPoint } from './extractive';
import { inputBudget, keyPassages, type ReadingSpeed } from './key-passages';
import { buildSummaryMessages } from './prompts';
import { suggestedAnswerTokens, type SummaryLength, type SummaryReading, type SummaryType } from './options';
import type { SummarizablePage } from './page';

/** `needs-download`: the quick summary is shown, and the model waits for the person's Download click. */
export type Phase = 'idle' | 'reading' | 'summarizing' | 'done' | 'stopped' | 'error' | 'needs-download';

export type SummarySource = 'page' | 'selection';

export type TargetText = SummarizablePage & Pick<ExtractedPage, 'dir'>;

export interface SummaryState {
  phase: Phase;
  page?: TargetText;
  quick: ExtractedPoint[];
  answer: string;
  progress?: SummaryProgress;
  download?: DownloadProgress;
  error?: string;
  /** The engine's code for the error, when it has one (an unreachable host gets a link to Options). */
  errorCode?: EngineErrorCode;
  notice?: string;
  /** The model's download, offered to the person (phase `needs-download`). */
  needsDownload?: DownloadPlan;
  /** The engine and model that wrote the answer. */
  answeredBy?: AnsweredBy;
  /** Set when the model read only the key passages of a long page ("Read the whole page" reads it all). */
  keyPassages?: { words: number; totalWords: number };
  /** How long the summary took, from the click to its last word (phase `done`). */
  elapsedMs?: number;
  /** The answer reached its token limit rather than its own end: "Continue" asks for the rest. */
  truncated?: boolean;
}

export interface SummaryDeps {
  settings(): Promise<{ summaryType: SummaryType | 'quick'; summaryLength: SummaryLength; summaryReading: SummaryReading }>;
  /** The text to summarize: the page's article, or what is selected in frame `frameId`. */
  readTarget(source: SummarySource, frameId: number): Promise<TargetText>;
  contextTokens(): Promise<number>;
  /** Where the text model runs and how fast it reads there: what the input budget is derived from. */
  readingSpeed(): Promise<ReadingSpeed>;
  /** Has the engine get ready for prompts like these (load the model if downloaded, keep the system prompt's KV cache). */
  warmPrompt(messages: ChatMessage[]): Promise<void>;
  countTokens(texts: string[]): Promise<number[]>;
  generate(
    request: { messages: ChatMessage[]; maxNewTokens: number },
    callbacks: { onToken?: (token: string) => void; onDownload: (progress: DownloadProgress) => void; signal?: AbortSignal },
  ): Promise<{ text: string; answeredBy?: AnsweredBy; truncated?: boolean }>;
  /** Milliseconds from some fixed point (default: performance.now). */
  now?(): number;
}

/** Tokens of a summary prompt around the page's text that the kept system prompt does not cover: instructions, tags, chat template. */
const PROMPT_OVERHEAD_TOKENS = 32;

export const INITIAL_SUMMARY_STATE: SummaryState = { phase: 'idle', quick: [], answer: '' };

/** The follow-up turn that asks for the rest of an answer cut at its token limit. */
export const CONTINUE_PROMPT = 'Continue exactly where your answer stopped, in the same style; do not repeat what you already wrote.';

export class SummaryRun extends Store<SummaryState> {
  private controller: AbortController | undefined;
  private lastSource: SummarySource = 'page';
  private lastFrameId = 0;
  private lastWholePage = false;
  /** The prompt of the answer shown and its token limit, for "Continue". */
  private lastAnswer: { messages: ChatMessage[]; maxNewTokens: number } | undefined;

  constructor(private readonly deps: SummaryDeps) {
    super(INITIAL_SUMMARY_STATE);
  }

  get busy(): boolean {
    return this.state.phase === 'reading' || this.state.phase === 'summarizing';
  }

  /**
   * Summarizes the page or the selection, stopping any summary under way. A long page on a CPU is
   * read by its key passages unless `wholePage` (or the setting) asks for all of it.
   */
  async summarize(source: SummarySource, frameId = 0, { wholePage = false } = {}): Promise<void> {
    const { abort, stopped, startedAt } = this.begin();
    this.lastAnswer = undefined;
    this.lastSource = source;
    this.lastFrameId = frameId;
    this.lastWholePage = wholePage;
    this.set({
      phase: 'reading',
      error: undefined,
      errorCode: undefined,
      notice: undefined,
      needsDownload: undefined,
      answer: '',
      quick: [],
      progress: undefined,
      download: undefined,
      answeredBy: undefined,
      keyPassages: undefined,
      elapsedMs: undefined,
      truncated: undefined,
    });
    try {
      const settings = await this.deps.settings();
      const target = await this.deps.readTarget(source, frameId);
      if (stopped()) return;
      this.set({ page: target });
      const points = extractiveSummary(target, settings.summaryLength);
      this.set({ quick: points });
      if (settings.summaryType === 'quick') {
        this.set({ phase: 'done', elapsedMs: this.now() - startedAt });
        return;
      }
      this.set({ phase: 'summarizing' });
      const options = { type: settings.summaryType, length: settings.summaryLength, outputLanguage: null };
      const contextTokens = await this.deps.contextTokens();
      if (stopped()) return;
      const countTokens = batchTokenCounter((texts) => this.deps.countTokens(texts));
      let read: TargetText = target;
      if (!wholePage && settings.summaryReading === 'key-passages') {
        // The page's own words around its text (title, tags, instructions) are read too.
        const overhead = PROMPT_OVERHEAD_TOKENS + (target.title ? await countTokens(target.title) : 0);
        const budget = inputBudget(await this.deps.readingSpeed(), overhead);
        const passages = budget === undefined ? undefined : await keyPassages(target, budget, countTokens);
        if (stopped()) return;
        if (passages) {
          read = { ...target, ...passages.page };
          this.set({ keyPassages: { words: passages.words, totalWords: passages.totalWords } });
        }
      }
      await summarizeLongText({
        page: read,
        options,
        contextTokens,
        maxAnswerTokens: suggestedAnswerTokens(options),
        countTokens,
        generate: async (messages, { maxNewTokens }, onToken, signal) => {
          const { text, answeredBy, truncated } = await this.deps.generate({ messages, maxNewTokens }, { onToken, onDownload: this.downloading, signal });
          // The last call is the answer shown (earlier ones are notes on parts): its cut is the one that matters.
          this.lastAnswer = { messages, maxNewTokens };
          this.set({ answeredBy, truncated: truncated === true });
          return text;
        },
        onToken: (token) => this.set((state) => ({ answer: state.answer + token })),
        onProgress: (progress) => this.set({ progress }),
        onLimited: ({ coveredWords, totalWords }) =>
          this.set({
            notice: `This page is very long: the summary covers its first ${formatCount(coveredWords)} of ${formatCount(totalWords)} words.`,
          }),
        signal: abort.signal,
      });
      if (stopped()) return;
      this.set({ phase: 'done', elapsedMs: this.now() - startedAt });
    } catch (reason) {
      this.failed(reason, stopped);
    } finally {
      this.end(abort);
    }
  }

  /**
   * Asks the model for the rest of an answer cut at its token limit: the same prompt, the answer so far as
   * its turn, and a turn asking it to go on. What it writes is appended.
   */
  async continue(): Promise<void> {
    const last = this.lastAnswer;
    if (!last || !this.state.truncated || this.busy) return;
    const { abort, stopped, startedAt } = this.begin();
    this.set({ phase: 'summarizing', truncated: undefined, elapsedMs: undefined, error: undefined, errorCode: undefined, progress: undefined });
    const messages: ChatMessage[] = [
      ...last.messages,
      { role: 'assistant', content: this.state.answer },
      { role: 'user', content: CONTINUE_PROMPT },
    ];
    try {
      const { truncated } = await this.deps.generate(
        { messages, maxNewTokens: last.maxNewTokens },
        {
          onToken: (token) => this.set((state) => ({ answer: state.answer + token })),
          onDownload: this.downloading,
          signal: abort.signal,
        },
      );
      if (stopped()) return;
      this.set({ phase: 'done', truncated: truncated === true, elapsedMs: this.now() - startedAt });
    } catch (reason) {
      this.failed(reason, stopped);
    } finally {
      this.end(abort);
    }
  }

  /** Starts a run, stopping any under way. Stop can come at any await: `stopped()` checks, and ends the run as stopped. */
  private begin() {
    this.controller?.abort();
    const abort = new AbortController();
    this.controller = abort;
    const stopped = () => {
      if (!abort.signal.aborted) return false;
      // A run replaced by a newer one leaves the state to it.
      if (this.controller === abort) this.set({ phase: 'stopped' });
      return true;
    };
    return { abort, stopped, startedAt: this.now() };
  }

  private failed(reason: unknown, stopped: () => boolean): void {
    if (stopped()) return;
    const plan = neededDownload(reason);
    if (plan) {
      this.set({ needsDownload: plan, phase: 'needs-download' });
      return;
    }
    this.set({ error: errorMessage(reason), errorCode: engineErrorCode(reason), phase: 'error' });
  }

  private end(abort: AbortController): void {
    if (this.controller === abort) this.controller = undefined;
    this.set({ download: undefined });
  }

  /** A download under way (one that has all its bytes is loading, and no longer shown). */
  private readonly downloading = (download: DownloadProgress): void => this.set({ download: download.loaded < download.total ? download : undefined });

  private now(): number {
    return this.deps.now?.() ?? performance.now();
  }

  /**
   * Gets the engine ready before the click, when the side panel opens on a page: the text model loaded
   * (if it is downloaded: never a download) and the summary prompt's system turn in its KV cache, which
   * also measures how fast this device reads, for the input budget.
   */
  async warm(): Promise<void> {
    const { summaryType, summaryLength } = await this.deps.settings();
    if (summaryType === 'quick') return;
    await this.deps.warmPrompt(buildSummaryMessages({ text: '', style: { type: summaryType, length: summaryLength, language: null } }));
  }

  /** Summarizes again what was summarized last, as it was read (Regenerate, Try again). */
  again(): Promise<void> {
    return this.summarize(this.lastSource, 0, { wholePage: this.lastWholePage });
  }

  /** Summarizes the whole page (or selection) last summarized from its key passages. */
  readWholePage(): Promise<void> {
    return this.summarize(this.lastSource, this.lastFrameId, { wholePage: true });
  }

  stop(): void {
    this.controller?.abort();
  }

  /** The page navigating away mid-summary leaves the summary of what was read, and says so. */
  pageChanged(): void {
    if (this.controller) {
      this.set({ notice: 'The page changed while it was being summarized: this summary is of the page you asked about.' });
    }
  }
}

/** The line under the buttons: what the run is doing, or how it ended. */
export function statusLine({ phase, progress, download, quick, answer, elapsedMs, truncated }: SummaryState): string {
  if (phase === 'reading') return 'Reading the page…';
  if (phase === 'stopped') return 'Stopped.';
  if (phase === 'done') {
    const took = elapsedMs === undefined ? '' : ` in ${formatSeconds(elapsedMs)}`;
    return truncated ? `Done${took}, but the answer reached its length limit and was cut off. Continue asks for the rest.` : `Done${took}.`;
  }
  if (phase !== 'summarizing') return '';
  const quickNote = quick.length > 0 && !answer ? 'Quick summary shown while the model works. ' : '';
  // The model cannot summarize before it is stored: the download's own progress bar shows how far it is.
  if (download) return `${quickNote}Downloading the model first…`;
  if (!progress || progress.parts <= 1) return `${quickNote}Summarizing…`;
  if (progress.phase === 'part') return `${quickNote}Summarizing part ${progress.part} of ${progress.parts}…`;
  return `${quickNote}Combining ${progress.parts} parts…`;
}

/** The notice on a summary of key passages. */
export function keyPassagesLine({ words, totalWords }: { words: number; totalWords: number }): string {
  return `Based on the key passages (${formatCount(words)} of ${formatCount(totalWords)} words).`;
}

/** "0.8 s", "12 s", "1 min 5 s". */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

function formatCount(count: number): string {
  return count.toLocaleString('en');
}
