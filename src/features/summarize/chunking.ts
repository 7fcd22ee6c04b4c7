/**
 * Fits a page of any length into a small model's context: the page is cut into parts on block
 * boundaries, each part is summarized into notes, and the notes are combined (in rounds, when
 * there are too many for one prompt) into the summary the user asked for.
 */
import type { ChatMessage, WritingPurpose } from '../../engine/types';
import type { ModelSummaryOptions } from './options';
import type { PageBlock, SummarizablePage } from './page';
import { buildCombineMessages, buildPartNotesMessages, buildSummaryMessages, type PromptStyle } from './prompts';
import { splitSentences } from './sentences';
import { t } from '../../i18n/i18n';

/** Counts tokens with the model's own tokenizer. */
export type CountTokens = (text: string) => Promise<number> | number;

/**
 * The engine: generates an answer to `messages`, calling `onToken` with each piece of text as it comes.
 * `purpose` says what the final summary's messages ask, for engines with a summarizer of their own.
 */
export type Generate = (
  messages: ChatMessage[],
  options: { maxNewTokens: number; purpose?: WritingPurpose },
  onToken?: (token: string) => void,
  signal?: AbortSignal,
) => Promise<string>;

export interface Part {
  /** The part's blocks as plain Markdown-like text, separated by blank lines. */
  text: string;
  /** Estimated token count of `text` (sum of its pieces' counts plus separators). */
  tokens: number;
}

/**
 * Where the work is. Parts are numbered from 1. `final` marks the step whose tokens stream to
 * `onToken`: the UI can switch from "part k of n" to showing the answer.
 */
export interface SummaryProgress {
  phase: 'part' | 'combine';
  part: number;
  parts: number;
  final: boolean;
}

export interface SummarizeLongTextInput {
  page: SummarizablePage;
  options: ModelSummaryOptions;
  /** The model's context size, in tokens (prompt and answer together). */
  contextTokens: number;
  /** Most tokens of the final answer; see `suggestedAnswerTokens`. */
  maxAnswerTokens: number;
  countTokens: CountTokens;
  generate: Generate;
  /** Receives the final answer's tokens only; notes on parts are not streamed. */
  onToken?: (token: string) => void;
  onProgress?: (progress: SummaryProgress) => void;
  /** Called when the page has more parts than a summary reads: only the first `maxParts` are summarized. */
  onLimited?: (limit: { parts: number; coveredWords: number; totalWords: number }) => void;
  /** Most parts summarized (default MAX_SUMMARY_PARTS). */
  maxParts?: number;
  signal?: AbortSignal;
}

/**
 * Most parts of one page a summary reads. Each part costs a model call; beyond a few dozen the wait
 * is many minutes on a laptop CPU and the notes get too thin to help. The summary then covers the
 * start of the page (where articles put what matters) and says so.
 */
export const MAX_SUMMARY_PARTS = 24;

/** Tokens a chat template adds around each message (role markers, separators). */
const TEMPLATE_TOKENS_PER_MESSAGE = 8;
/** Share of the context kept free: counting pieces separately can differ a little from counting their join. */
const SAFETY_SHARE = 0.03;
/** Notes on a part are at most this long, and at most a fifth of the room, so several fit one combine prompt. */
const MAX_NOTE_TOKENS = 400;
/** Tokens counted for the separator between two joined pieces. */
const SEPARATOR_TOKENS = 1;

/**
 * A `CountTokens` over a batch API such as `Engine.countTokens(texts)`: the texts asked for in the
 * same tick (planParts asks for all blocks at once) go in one request, not one message per block.
 */
export function batchTokenCounter(countMany: (texts: string[]) => Promise<number[]>): CountTokens {
  let waiting: Array<{ text: string; resolve: (tokens: number) => void; reject: (error: unknown) => void }> = [];
  const send = () => {
    const batch = waiting;
    waiting = [];
    countMany(batch.map((entry) => entry.text)).then(
      (counts) => batch.forEach((entry, i) => entry.resolve(counts[i]!)),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  };
  return (text) =>
    new Promise<number>((resolve, reject) => {
      if (waiting.length === 0) queueMicrotask(send);
      waiting.push({ text, resolve, reject });
    });
}

/**
 * Splits blocks into parts of at most `budget` tokens, cutting only between blocks; a block longer
 * than the budget is cut between sentences (and a sentence longer than that, between words).
 * Each distinct text is counted once.
 */
export async function planParts(
  blocks: readonly PageBlock[],
  countTokens: CountTokens,
  budget: number,
): Promise<Part[]> {
  const count = cachedCounter(countTokens);
  const texts = blocks.map(blockText).filter((text) => text.length > 0);
  const counts = await Promise.all(texts.map(count));
  const pieces: Part[] = [];
  for (const [i, text] of texts.entries()) {
    const tokens = counts[i]!;
    if (tokens <= budget) pieces.push({ text, tokens });
    else pieces.push(...(await splitOversized(text, count, budget)));
  }
  return pack(pieces, budget, '\n\n');
}

/** Summarizes a page of any length; resolves to the final answer (the same text streamed to `onToken`). */
export async function summarizeLongText(input: SummarizeLongTextInput): Promise<string> {
  const { page, options, countTokens, signal } = input;
  signal?.throwIfAborted();
  const style: PromptStyle = {
    type: options.type,
    length: options.length,
    language: options.outputLanguage ?? page.lang,
  };
  const { inputBudget, noteTokens } = await planBudget(input, style);
  const maxParts = input.maxParts ?? MAX_SUMMARY_PARTS;
  // Only what the parts can hold is planned (a token is a few characters at least): a huge page costs
  // no more than a long one.
  const { blocks, cut } = leadingBlocks(page.blocks, maxParts * inputBudget * 8);
  let parts = await planParts(blocks, countTokens, inputBudget);
  signal?.throwIfAborted();
  if (parts.length === 0) throw new Error(t('errPageNoText'));
  if (parts.length > maxParts || cut) {
    parts = parts.slice(0, maxParts);
    input.onLimited?.({ parts: parts.length, coveredWords: wordsIn(parts.map((part) => part.text)), totalWords: wordsIn(page.blocks.map(blockText)) });
  }

  const steps = stepRunner(input);
  const title = page.title;
  if (parts.length === 1) {
    const text = parts[0]!.text;
    return steps.final(buildSummaryMessages({ text, style, title }), 'part', summaryPurpose(text, style, title));
  }
  const notes = await steps.each(parts, 'part', noteTokens, (part, k) =>
    buildPartNotesMessages({ text: part.text, part: k, parts: parts.length, language: style.language, title }),
  );
  return combineNotes(notes, { style, inputBudget, noteTokens, steps, countTokens });
}

/** The summary the final messages ask for, in the words of Chrome's Summarizer API. */
function summaryPurpose(text: string, style: PromptStyle, title?: string): WritingPurpose {
  const language = style.language?.split('-')[0]?.toLowerCase();
  return { kind: 'summarize', text, type: style.type, length: style.length, ...(title ? { context: title } : {}), ...(language ? { language } : {}) };
}

function leadingBlocks(blocks: readonly PageBlock[], maxChars: number): { blocks: readonly PageBlock[]; cut: boolean } {
  let chars = 0;
  for (const [i, block] of blocks.entries()) {
    chars += block.text.length;
    if (chars > maxChars) return { blocks: blocks.slice(0, i + 1), cut: i + 1 < blocks.length };
  }
  return { blocks, cut: false };
}

function wordsIn(texts: readonly string[]): number {
  let words = 0;
  for (const text of texts) words += text.split(/\s+/).filter(Boolean).length;
  return words;
}

/** Combines notes into the final answer, first merging them in rounds while they overflow one prompt. */
async function combineNotes(
  partNotes: string[],
  plan: {
    style: PromptStyle;
    inputBudget: number;
    noteTokens: number;
    steps: ReturnType<typeof stepRunner>;
    countTokens: CountTokens;
  },
): Promise<string> {
  const { style, steps } = plan;
  let notes = partNotes;
  for (;;) {
    const groups = await planParts(notes.map(asParagraph), plan.countTokens, plan.inputBudget);
    if (groups.length === 1) {
      const notes = groups[0]!.text;
      return steps.final(buildCombineMessages({ notes, style, final: true }), 'combine', summaryPurpose(notes, style));
    }
    if (groups.length >= notes.length) {
      throw new Error('The notes do not get shorter: does generate honor maxNewTokens?');
    }
    notes = await steps.each(groups, 'combine', plan.noteTokens, (group) =>
      buildCombineMessages({ notes: group.text, style, final: false }),
    );
  }
}

/** Runs generation steps, reporting progress and streaming only the final one. */
function stepRunner(input: SummarizeLongTextInput) {
  const { generate, onToken, onProgress, signal, maxAnswerTokens } = input;

  async function final(messages: ChatMessage[], phase: SummaryProgress['phase'], purpose: WritingPurpose): Promise<string> {
    signal?.throwIfAborted();
    onProgress?.({ phase, part: 1, parts: 1, final: true });
    const answer = await generate(messages, { maxNewTokens: maxAnswerTokens, purpose }, onToken, signal);
    signal?.throwIfAborted();
    return answer.trim();
  }

  /** Writes notes on each part in turn (the engine runs one generation at a time anyway). */
  async function each(
    parts: Part[],
    phase: SummaryProgress['phase'],
    maxNewTokens: number,
    messagesFor: (part: Part, k: number) => ChatMessage[],
  ): Promise<string[]> {
    const notes: string[] = [];
    for (const [i, part] of parts.entries()) {
      signal?.throwIfAborted();
      onProgress?.({ phase, part: i + 1, parts: parts.length, final: false });
      const note = await generate(messagesFor(part, i + 1), { maxNewTokens }, undefined, signal);
      if (note.trim()) notes.push(note.trim());
    }
    signal?.throwIfAborted();
    if (notes.length === 0) throw new Error(t('errNoNotes'));
    return notes;
  }

  return { final, each };
}

/**
 * How many tokens of text each prompt may hold, and how long notes may be. The room left after
 * the longest prompt (without text) must hold both the text and the longer of notes and answer.
 */
async function planBudget(
  input: SummarizeLongTextInput,
  style: PromptStyle,
): Promise<{ inputBudget: number; noteTokens: number }> {
  const { contextTokens, maxAnswerTokens, countTokens, page } = input;
  const title = page.title;
  const emptyPrompts = [
    buildSummaryMessages({ text: '', style, title }),
    buildPartNotesMessages({ text: '', part: 999, parts: 999, language: style.language, title }), // widest numbers
    buildCombineMessages({ notes: '', style, final: true }),
    buildCombineMessages({ notes: '', style, final: false }),
  ];
  const overheads = await Promise.all(emptyPrompts.map((messages) => promptTokens(messages, countTokens)));
  const room = contextTokens - Math.max(...overheads) - Math.ceil(contextTokens * SAFETY_SHARE);
  const noteTokens = Math.min(MAX_NOTE_TOKENS, Math.floor(room / 5));
  const inputBudget = room - Math.max(noteTokens, maxAnswerTokens);
  // Two notes must always fit one combine prompt, or combining would never end.
  if (inputBudget < 3 * noteTokens || noteTokens < 16) {
    throw new RangeError(
      `A context of ${contextTokens} tokens is too small to summarize with answers of ${maxAnswerTokens} tokens.`,
    );
  }
  return { inputBudget, noteTokens };
}

async function promptTokens(messages: ChatMessage[], countTokens: CountTokens): Promise<number> {
  const counts = await Promise.all(messages.map((message) => countTokens(message.content)));
  return counts.reduce((sum, n) => sum + n + TEMPLATE_TOKENS_PER_MESSAGE, 0);
}

/** Blocks as the model sees them: Markdown marks keep the page's structure. */
function blockText(block: PageBlock): string {
  const text = block.text.trim();
  if (!text) return '';
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(Math.min(Math.max(block.level ?? 2, 1), 6))} ${text}`;
    case 'list-item':
      return `- ${text}`;
    case 'quote':
      return `> ${text}`;
    default:
      return text;
  }
}

function asParagraph(text: string): PageBlock {
  return { kind: 'paragraph', text, locator: '' };
}

/** Cuts text longer than the budget into pieces that fit: between sentences, else in halves. */
async function splitOversized(
  text: string,
  count: (text: string) => Promise<number>,
  budget: number,
): Promise<Part[]> {
  const sentences = splitSentences(text);
  const units = sentences.length > 1 ? sentences : halves(text);
  if (units.length < 2) return [{ text, tokens: await count(text) }];
  const counts = await Promise.all(units.map(count));
  const pieces: Part[] = [];
  for (const [i, unit] of units.entries()) {
    const tokens = counts[i]!;
    if (tokens <= budget) pieces.push({ text: unit, tokens });
    else pieces.push(...(await splitOversized(unit, count, budget)));
  }
  return pack(pieces, budget, ' ');
}

/** Two halves, cut at the space nearest the middle, or at the middle when there is none. */
function halves(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length < 2) return [text];
  const middle = chars.length >> 1;
  const before = chars.lastIndexOf(' ', middle);
  const after = chars.indexOf(' ', middle);
  const candidates = [before, after].filter((i) => i > 0 && i < chars.length - 1);
  const nearest = (a: number, b: number) => (Math.abs(a - middle) <= Math.abs(b - middle) ? a : b);
  const cut = candidates.length ? candidates.reduce(nearest) : middle;
  return [chars.slice(0, cut).join('').trim(), chars.slice(cut).join('').trim()].filter(Boolean);
}

/** Greedily joins consecutive pieces while they fit the budget. */
function pack(pieces: Part[], budget: number, separator: string): Part[] {
  const parts: Part[] = [];
  let texts: string[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    const joined = texts.length ? tokens + SEPARATOR_TOKENS + piece.tokens : piece.tokens;
    if (texts.length && joined > budget) {
      parts.push({ text: texts.join(separator), tokens });
      texts = [piece.text];
      tokens = piece.tokens;
    } else {
      texts.push(piece.text);
      tokens = joined;
    }
  }
  if (texts.length) parts.push({ text: texts.join(separator), tokens });
  return parts;
}

/** Counts each distinct text once: pages repeat blocks (captions, "Read more", boilerplate). */
function cachedCounter(countTokens: CountTokens): (text: string) => Promise<number> {
  const cache = new Map<string, Promise<number>>();
  return (text) => {
    let tokens = cache.get(text);
    if (!tokens) {
      tokens = Promise.resolve(countTokens(text));
      cache.set(text, tokens);
    }
    return tokens;
  };
}
