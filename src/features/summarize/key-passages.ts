/**
 * The input budget on a CPU: a page longer than the device reads in a few seconds is summarized from
 * its key passages (the first paragraph and the most central sentences, in page order) so the first
 * words come quickly; the summary says so and offers to read the whole page. On a GPU, or when the page
 * fits, the model reads everything.
 */
import type { CountTokens } from './chunking';
import { rankSentences } from './extractive';
import type { PageBlock, SummarizablePage } from './page';
import { splitSentences } from './sentences';

/** How long the model may read before its first word, on a CPU. */
export const FIRST_WORDS_SECONDS = 2.5;
/** Below this the key passages say too little to summarize, however slow the device. */
export const MIN_KEY_PASSAGE_TOKENS = 200;
/** Sentences are rarely shorter: ranking more than budget / this is wasted work on a huge page. */
const MIN_SENTENCE_TOKENS = 6;

export interface ReadingSpeed {
  device?: 'wasm' | 'webgpu';
  /** Measured by the engine on this device; absent until it has read a prompt. */
  prefillTokensPerSecond?: number;
}

export interface KeyPassages {
  /** The page with only its key passages as blocks (each block keeps its kind and locator). */
  page: SummarizablePage;
  words: number;
  totalWords: number;
}

/**
 * Tokens of page text the model may read before its first word, or undefined to read everything: on a
 * GPU, and until the engine has measured the device (it does when the side panel opens, see
 * SummaryRun.warm, and with every answer).
 */
export function inputBudget(speed: ReadingSpeed, promptOverheadTokens: number): number | undefined {
  if (speed.device === 'webgpu' || !speed.prefillTokensPerSecond) return undefined;
  return Math.max(MIN_KEY_PASSAGE_TOKENS, Math.floor(speed.prefillTokensPerSecond * FIRST_WORDS_SECONDS) - promptOverheadTokens);
}

/**
 * The key passages of `page` within `budget` tokens, or undefined when the whole page fits.
 * Tokens are counted with the model's tokenizer; a token is at least one character, so a page with
 * fewer characters than the budget fits without counting.
 */
export async function keyPassages(page: SummarizablePage, budget: number, countTokens: CountTokens): Promise<KeyPassages | undefined> {
  if (page.blocks.reduce((chars, block) => chars + block.text.length + 2, 0) <= budget) return undefined;
  if ((await pageTokens(page.blocks, budget, countTokens)) <= budget) return undefined;

  const first = page.blocks.findIndex((block) => block.kind === 'paragraph' && wordCount(block.text) > 0);
  const ranked = rankSentences(page, { count: Math.ceil(budget / MIN_SENTENCE_TOKENS), fill: true });
  // The whole first paragraph first (articles state their point there), then the best of the rest.
  const lead = first >= 0 ? splitSentences(page.blocks[first]!.text).map((text, order) => ({ text, block: first, order })) : [];
  const candidates = [...lead, ...ranked.filter((sentence) => sentence.block !== first)];
  const counts = await Promise.all(candidates.map((sentence) => countTokens(sentence.text)));
  const chosen: typeof candidates = [];
  let tokens = 0;
  for (const [i, sentence] of candidates.entries()) {
    const cost = counts[i]! + 1;
    if (tokens + cost > budget) continue;
    chosen.push(sentence);
    tokens += cost;
  }
  if (chosen.length === 0) return undefined; // no prose to pick from: the long-page path reads it in parts
  chosen.sort((a, b) => a.block - b.block || a.order - b.order);

  const blocks: PageBlock[] = [];
  let last = -1;
  for (const sentence of chosen) {
    const source = page.blocks[sentence.block]!;
    if (sentence.block === last) blocks[blocks.length - 1] = { ...blocks.at(-1)!, text: `${blocks.at(-1)!.text} ${sentence.text}` };
    else blocks.push({ ...source, text: sentence.text });
    last = sentence.block;
  }
  return {
    page: { ...page, blocks },
    words: blocks.reduce((words, block) => words + wordCount(block.text), 0),
    totalWords: page.blocks.reduce((words, block) => words + wordCount(block.text), 0),
  };
}

/** The page's tokens, counted only as far as needed to know whether they pass `budget` (a token is at most ~8 characters). */
async function pageTokens(blocks: readonly PageBlock[], budget: number, countTokens: CountTokens): Promise<number> {
  let chars = 0;
  const leading: string[] = [];
  for (const block of blocks) {
    if (chars > budget * 8) return Infinity;
    leading.push(block.text);
    chars += block.text.length;
  }
  const counts = await Promise.all(leading.map((text) => countTokens(text)));
  return counts.reduce((sum, n) => sum + n + 2, 0);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
