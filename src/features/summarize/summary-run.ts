// The side panel's summarize pipeline, apart from its component (SummaryPanel.tsx renders the state):
// the quick (extractive) summary at once, then the model's summary streamed over it, part by part for
// long pages. The browser and the engine come in as `SummaryDeps`, so the pipeline runs in unit tests.
import { estimatedTokens, type AnsweredBy, type ChatMessage, type DownloadProgress, type WritingPurpose } from '../../engine/types';
import type { ExtractedPage } from '../../extraction/extract';
import { RunStore, type RunEnd, type RunState } from '../../ui/run-store';
import { batchTokenCounter, summarizeLongText, type CountTokens, type SummaryProgress } from './chunking';
import { extractiveSummary, type ExtractedPoint } from './extractive';
import { inputBudget, keyPassages, type ReadingSpeed } from './key-passages';
import { buildSummaryMessages } from './prompts';
import { suggestedAnswerTokens, type SummaryLength, type SummaryReading, type SummaryType } from './options';
import type { SummarizablePage } from './page';
import { t, uiLanguage } from '../../i18n/i18n';

/** `needs-download`: the quick summary is shown, and the model waits for the person's Download click. */
export type Phase = 'idle' | 'reading' | 'summarizing' | 'done' | RunEnd;

/** The page's text, what is selected in it, or its comment section (which the page's text leaves out). */
export type SummarySource = 'page' | 'selection' | 'comments';

/** What is summarized; a whole page's reading also has its comments, offered apart. */
export type TargetText = SummarizablePage & Pick<ExtractedPage, 'dir'> & Partial<Pick<ExtractedPage, 'comments' | 'commentFrames'>>;

export interface SummaryState extends RunState {
  phase: Phase;
  page?: TargetText;
  quick: ExtractedPoint[];
  answer: string;
  progress?: SummaryProgress;
  notice?: string;
  /** The engine and model that wrote the answer. */
  answeredBy?: AnsweredBy;
  /** Set when the model read only the key passages of a long page ("Read the whole page" reads it all). */
  keyPassages?: { words: number; totalWords: number };
  /** How long the summary took, from the click to its last word (phase `done`). */
  elapsedMs?: number;
  /** The answer reached its token limit rather than its own end: "Continue" asks for the rest. */
  truncated?: boolean;
  /**
   * The tab went to another page since this summary's page was read: its passages are not in the page now shown
   * (and their locators, paths into the page before, must not reach the new one).
   */
  pageLeft?: boolean;
}

export interface SummaryDeps {
  settings(): Promise<{ summaryType: SummaryType | 'quick'; summaryLength: SummaryLength; summaryReading: SummaryReading }>;
  /** The text to summarize: the page's article, what is selected in frame `frameId`, or the page's comments. */
  readTarget(source: SummarySource, frameId: number): Promise<TargetText>;
  /** The text model's context, where it runs and how fast it reads there (what the input budget is derived from). */
  textModelInfo(): Promise<{ contextTokens: number; charsPerToken?: number } & ReadingSpeed>;
  /** Has the engine get ready for prompts like these (load the model if downloaded, keep the system prompt's KV cache). */
  warmPrompt(messages: ChatMessage[]): Promise<void>;
  countTokens(texts: string[]): Promise<number[]>;
  generate(
    request: { messages: ChatMessage[]; maxNewTokens: number; purpose?: WritingPurpose },
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

export class SummaryRun extends RunStore<SummaryState> {
  private lastSource: SummarySource = 'page';
  private lastFrameId = 0;
  private lastWholePage = false;
  /** The prompt of the answer shown and its token limit, for "Continue". */
  private lastAnswer: { messages: ChatMessage[]; maxNewTokens: number; purpose?: WritingPurpose } | undefined;

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
  summarize(source: SummarySource, frameId = 0, { wholePage = false } = {}): Promise<void> {
    const startedAt = this.now();
    this.lastAnswer = undefined;
    this.lastSource = source;
    this.lastFrameId = frameId;
    this.lastWholePage = wholePage;
    const start: Partial<SummaryState> = {
      phase: 'reading',
      notice: undefined,
      answer: '',
      quick: [],
      progress: undefined,
      answeredBy: undefined,
      keyPassages: undefined,
      elapsedMs: undefined,
      truncated: undefined,
      pageLeft: undefined,
    };
    // Stop can come at any await, before the model is asked: each one checks, and ends the run as stopped.
    return this.run(start, async (run) => {
      // The page is read while the settings and the model's context are asked: each is a round trip of its own.
      const settingsRead = this.deps.settings();
      const infoRead = settingsRead.then((settings) => (settings.summaryType === 'quick' ? undefined : this.deps.textModelInfo()));
      infoRead.catch(() => {}); // awaited below, unless reading the page failed first
      const [settings, target] = await Promise.all([settingsRead, this.deps.readTarget(source, frameId)]);
      if (run.stopped()) return;
      run.set({ page: target });
      const points = extractiveSummary(target, settings.summaryLength);
      run.set({ quick: points });
      if (settings.summaryType === 'quick') return { phase: 'done', elapsedMs: this.now() - startedAt };
      run.set({ phase: 'summarizing' });
      const options = { type: settings.summaryType, length: settings.summaryLength, outputLanguage: null };
      // One question for the context and the reading speed: every engine query is a round trip or more.
      const { contextTokens, charsPerToken, ...speed } = (await infoRead)!;
      if (run.stopped()) return;
      // An engine that estimates tokens from characters is not asked to: the planner counts the same way here.
      const countTokens: CountTokens = charsPerToken
        ? (text) => estimatedTokens(text, charsPerToken)
        : batchTokenCounter((texts) => this.deps.countTokens(texts));
      let read: TargetText = target;
      // A GPU, a model server or Chrome's built-in AI reads all of it (no measured CPU speed): no title to count.
      if (!wholePage && settings.summaryReading === 'key-passages' && inputBudget(speed, 0) !== undefined) {
        // The page's own words around its text (title, tags, instructions) are read too.
        const overhead = PROMPT_OVERHEAD_TOKENS + (target.title ? await countTokens(target.title) : 0);
        const budget = inputBudget(speed, overhead)!;
        const passages = await keyPassages(target, budget, countTokens);
        if (run.stopped()) return;
        if (passages) {
          read = { ...target, ...passages.page };
          run.set({ keyPassages: { words: passages.words, totalWords: passages.totalWords } });
        }
      }
      await summarizeLongText({
        page: read,
        options,
        contextTokens,
        maxAnswerTokens: suggestedAnswerTokens(options),
        countTokens,
        generate: async (messages, { maxNewTokens, purpose }, onToken, signal) => {
          const { text, answeredBy, truncated } = await this.deps.generate(
            { messages, maxNewTokens, purpose },
            { onToken, onDownload: (download) => run.set({ download: shownDownload(download) }), signal },
          );
          // The last call is the answer shown (earlier ones are notes on parts): its cut is the one that matters.
          this.lastAnswer = { messages, maxNewTokens, purpose };
          run.set({ answeredBy, truncated: truncated === true });
          return text;
        },
        onToken: (token) => run.set((state) => ({ answer: state.answer + token })),
        onProgress: (progress) => run.set({ progress }),
        onLimited: ({ coveredWords, totalWords }) =>
          run.set({
            notice: t('summaryLongPage', formatCount(coveredWords), formatCount(totalWords)),
          }),
        signal: run.signal,
      });
      return { phase: 'done', elapsedMs: this.now() - startedAt };
    });
  }

  /**
   * Asks the model for the rest of an answer cut at its token limit: the same prompt, the answer so far as
   * its turn, and a turn asking it to go on. What it writes is appended.
   */
  continue(): Promise<void> {
    const last = this.lastAnswer;
    if (!last || !this.state.truncated || this.busy) return Promise.resolve();
    const startedAt = this.now();
    const messages: ChatMessage[] = [...last.messages, { role: 'assistant', content: this.state.answer }, { role: 'user', content: CONTINUE_PROMPT }];
    const start: Partial<SummaryState> = { phase: 'summarizing', truncated: undefined, elapsedMs: undefined, progress: undefined };
    return this.run(start, async (run) => {
      const { truncated } = await this.deps.generate(
        { messages, maxNewTokens: last.maxNewTokens, purpose: last.purpose },
        {
          onToken: (token) => run.set((state) => ({ answer: state.answer + token })),
          onDownload: (download) => run.set({ download: shownDownload(download) }),
          signal: run.signal,
        },
      );
      return { phase: 'done', truncated: truncated === true, elapsedMs: this.now() - startedAt };
    });
  }

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

  /**
   * The page navigating away leaves the summary of what was read, and says so: mid-summary, and after it (the
   * side panel names the tab's page now showing, which this summary is not of).
   */
  pageChanged(): void {
    if (this.running) this.set({ notice: t('summaryPageChanged'), pageLeft: true });
    else if (this.state.answer || this.state.quick.length > 0) this.set({ notice: t('summaryOfPageBefore'), pageLeft: true });
  }
}

/** The line under the buttons: what the run is doing, or how it ended. */
export function statusLine({ phase, progress, download, quick, answer, elapsedMs, truncated }: SummaryState): string {
  if (phase === 'reading') return t('statusReading');
  if (phase === 'stopped') return t('statusStopped');
  if (phase === 'done') {
    if (elapsedMs === undefined) return t(truncated ? 'statusDoneCut' : 'statusDone');
    return t(truncated ? 'statusDoneInCut' : 'statusDoneIn', formatSeconds(elapsedMs));
  }
  if (phase !== 'summarizing') return '';
  const quickNote = quick.length > 0 && !answer ? `${t('statusQuickShown')} ` : '';
  // The model cannot summarize before it is stored: the download's own progress bar shows how far it is.
  if (download) return quickNote + t('statusDownloadingFirst');
  if (!progress || progress.parts <= 1) return quickNote + t('statusSummarizing');
  if (progress.phase === 'part') return quickNote + t('statusSummarizingPart', progress.part, progress.parts);
  return quickNote + t('statusCombining', progress.parts);
}

/** The notice on a summary of key passages. */
export function keyPassagesLine({ words, totalWords }: { words: number; totalWords: number }): string {
  return t('keyPassagesLine', formatCount(words), formatCount(totalWords));
}

/** "0.8 s", "12 s", "1 min 5 s". */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return t('durationSeconds', seconds.toFixed(1));
  if (seconds < 60) return t('durationSeconds', Math.round(seconds));
  const whole = Math.round(seconds);
  return t('durationMinutesSeconds', Math.floor(whole / 60), whole % 60);
}

/** A download under way (one that has all its bytes is loading, and no longer shown). */
function shownDownload(download: DownloadProgress): DownloadProgress | undefined {
  return download.loaded < download.total ? download : undefined;
}

function formatCount(count: number): string {
  return count.toLocaleString(uiLanguage());
}
