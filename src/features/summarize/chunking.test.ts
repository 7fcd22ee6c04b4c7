import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage, WritingPurpose } from '../../engine/types';
import {
  batchTokenCounter,
  planParts,
  summarizeLongText,
  type Generate,
  type SummarizeLongTextInput,
  type SummaryProgress,
} from './chunking';
import type { PageBlock, SummarizablePage } from './page';

/** One token per whitespace-separated word: easy to reason about, and exact for joined texts. */
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

function words(count: number, prefix = 'w'): string {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(' ');
}

function paragraph(text: string, locator = ''): PageBlock {
  return { kind: 'paragraph', text, locator };
}

/** A page of `blocks` paragraphs of `wordsPerBlock` words each, every one ending a sentence. */
function page(blocks: number, wordsPerBlock: number): SummarizablePage {
  return {
    title: 'Test page',
    lang: 'en',
    blocks: Array.from({ length: blocks }, (_, b) => paragraph(`${words(wordsPerBlock - 1, `b${b}w`)} end.`, `#${b}`)),
  };
}

/** The text between the tags of the user message, after the page's title that leads it. */
function taggedContent(messages: ChatMessage[]): string {
  const tagged = /<(text|notes)\d*>\n([\s\S]*)\n<\/\1\d*>/.exec(messages[1]!.content)?.[2] ?? '';
  return tagged.replace(/^Title: .*\n\n/, '');
}

/**
 * A deterministic engine: answers with the first words of what it was given (at most
 * `answerWords`, and never more than maxNewTokens), streaming them word by word.
 */
function fakeEngine(answerWords = 12) {
  const calls: Array<{ messages: ChatMessage[]; maxNewTokens: number; streamed: boolean; purpose?: WritingPurpose }> = [];
  const generate: Generate = async (messages, { maxNewTokens, purpose }, onToken, signal) => {
    signal?.throwIfAborted();
    calls.push({ messages, maxNewTokens, streamed: onToken !== undefined, purpose });
    const answer = taggedContent(messages).split(/\s+/).slice(0, Math.min(answerWords, maxNewTokens));
    for (const word of answer) onToken?.(`${word} `);
    return answer.join(' ');
  };
  return { generate, calls };
}

function input(overrides: Partial<SummarizeLongTextInput> & Pick<SummarizeLongTextInput, 'page' | 'generate'>) {
  return {
    options: { type: 'key-points', length: 'medium', outputLanguage: null },
    contextTokens: 2048,
    maxAnswerTokens: 300,
    countTokens: countWords,
    ...overrides,
  } satisfies SummarizeLongTextInput;
}

describe('planParts', () => {
  it('keeps every part within the budget and cuts only between blocks', async () => {
    const sizes = [5, 40, 12, 90, 3, 60, 25, 25, 25, 70];
    const blocks = sizes.map((size, i) => paragraph(words(size, `b${i}w`), `#${i}`));
    const parts = await planParts(blocks, countWords, 100);

    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.tokens).toBeLessThanOrEqual(100);
      expect(countWords(part.text)).toBeLessThanOrEqual(part.tokens);
    }
    expect(parts.flatMap((part) => part.text.split('\n\n'))).toEqual(blocks.map((block) => block.text));
  });

  it('fills parts greedily', async () => {
    const blocks = Array.from({ length: 10 }, (_, i) => paragraph(words(10, `b${i}w`)));
    const parts = await planParts(blocks, countWords, 35);
    // 10 + 1 + 10 + 1 + 10 = 32 fits; a fourth block would not.
    expect(parts.map((part) => part.text.split('\n\n').length)).toEqual([3, 3, 3, 1]);
  });

  it('marks headings, list items and quotes as Markdown', async () => {
    const blocks: PageBlock[] = [
      { kind: 'heading', level: 2, text: 'Title', locator: '' },
      { kind: 'list-item', text: 'item', locator: '' },
      { kind: 'quote', text: 'quoted', locator: '' },
      { kind: 'paragraph', text: '   ', locator: '' },
    ];
    const [part] = await planParts(blocks, countWords, 100);
    expect(part!.text).toBe('## Title\n\n- item\n\n> quoted');
  });

  it('cuts an over-long block between sentences', async () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence ${i} has exactly seven words here.`);
    const parts = await planParts([paragraph(sentences.join(' '))], countWords, 20);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.tokens).toBeLessThanOrEqual(20);
      expect(part.text).toMatch(/^Sentence \d+ .*here\.$/);
    }
    expect(parts.map((part) => part.text).join(' ')).toBe(sentences.join(' '));
  });

  it('cuts an over-long sentence between words', async () => {
    const parts = await planParts([paragraph(words(100))], countWords, 30);
    for (const part of parts) expect(part.tokens).toBeLessThanOrEqual(30);
    expect(parts.map((part) => part.text).join(' ')).toBe(words(100));
  });

  it('counts each distinct block once, with sync or async counters', async () => {
    const blocks = [paragraph('same text'), paragraph('other text'), paragraph('same text')];
    const count = vi.fn(async (text: string) => countWords(text));
    const parts = await planParts(blocks, count, 100);
    expect(count).toHaveBeenCalledTimes(2);
    expect(parts[0]!.text).toBe('same text\n\nother text\n\nsame text');
  });
});

describe('batchTokenCounter', () => {
  it('sends the texts asked for together in one request', async () => {
    const countMany = vi.fn(async (texts: string[]) => texts.map(countWords));
    const count = batchTokenCounter(countMany);
    await expect(Promise.all([count('a b'), count('c'), count('d e f')])).resolves.toEqual([2, 1, 3]);
    expect(countMany).toHaveBeenCalledTimes(1);
    await planParts(page(20, 10).blocks, count, 100);
    expect(countMany).toHaveBeenCalledTimes(2);
  });

  it('fails every waiting count when the request fails', async () => {
    const count = batchTokenCounter(() => Promise.reject(new Error('engine gone')));
    await expect(Promise.all([count('a'), count('b')])).rejects.toThrow('engine gone');
  });
});

describe('summarizeLongText', () => {
  it('summarizes a short page in one streamed step', async () => {
    const { generate, calls } = fakeEngine();
    const tokens: string[] = [];
    const progress: SummaryProgress[] = [];
    const answer = await summarizeLongText(
      input({ page: page(3, 20), generate, onToken: (t) => tokens.push(t), onProgress: (p) => progress.push(p) }),
    );

    expect(calls).toHaveLength(1);
    expect(calls[0]!.messages[0]!.content).toContain('5 key points');
    expect(calls[0]!.maxNewTokens).toBe(300);
    expect(progress).toEqual([{ phase: 'part', part: 1, parts: 1, final: true }]);
    expect(tokens.join('').trim()).toBe(answer);
    expect(answer).toBe(words(12, 'b0w'));
    // For engines with a summarizer of their own (Chrome's): the same text, type and length.
    expect(calls[0]!.purpose).toEqual({ kind: 'summarize', text: taggedContent(calls[0]!.messages), type: 'key-points', length: 'medium', context: 'Test page', language: 'en' });
  });

  it('writes notes on each part, then combines them, streaming only the final answer', async () => {
    const { generate, calls } = fakeEngine();
    const tokens: string[] = [];
    const progress: SummaryProgress[] = [];
    const answer = await summarizeLongText(
      input({ page: page(40, 100), generate, onToken: (t) => tokens.push(t), onProgress: (p) => progress.push(p) }),
    );

    const partCalls = calls.filter((call) => call.messages[1]!.content.includes('Part '));
    const parts = partCalls.length;
    expect(parts).toBeGreaterThan(1);
    expect(calls).toHaveLength(parts + 1);
    partCalls.forEach((call, i) => expect(call.messages[1]!.content).toContain(`Part ${i + 1} of ${parts}.`));
    expect(progress).toEqual([
      ...Array.from({ length: parts }, (_, i) => ({ phase: 'part', part: i + 1, parts, final: false })),
      { phase: 'combine', part: 1, parts: 1, final: true },
    ]);

    const combine = calls.at(-1)!;
    expect(combine.messages[0]!.content).toContain('notes on consecutive parts');
    expect(combine.messages[0]!.content).toContain('5 key points');
    expect(combine.streamed).toBe(true);
    expect(calls.slice(0, -1).every((call) => !call.streamed && !call.purpose)).toBe(true);
    // The notes are what a summarizer of its own would summarize.
    expect(combine.purpose).toMatchObject({ kind: 'summarize', text: taggedContent(combine.messages), type: 'key-points' });
    expect(tokens.join('').trim()).toBe(answer);
    // The fake answers with the first words it is given: the first note, i.e. the first part's start.
    expect(answer.startsWith('b0w0 b0w1')).toBe(true);
  });

  it('summarizes only the first parts of a huge page, and says how much it covered', async () => {
    const { generate, calls } = fakeEngine();
    const limits: Array<{ parts: number; coveredWords: number; totalWords: number }> = [];
    const countTokens = vi.fn(countWords);
    await summarizeLongText(input({ page: page(5000, 100), generate, countTokens, maxParts: 3, onLimited: (limit) => limits.push(limit) }));
    const partCalls = calls.filter((call) => call.messages[1]!.content.includes('Part '));
    expect(partCalls).toHaveLength(3);
    expect(partCalls[0]!.messages[1]!.content).toContain('Part 1 of 3.');
    expect(limits).toHaveLength(1);
    expect(limits[0]!.parts).toBe(3);
    expect(limits[0]!.totalWords).toBe(5000 * 100);
    expect(limits[0]!.coveredWords).toBeGreaterThan(0);
    expect(limits[0]!.coveredWords).toBeLessThan(5000 * 100 / 10);
    // Planning looked at what the parts can hold, not the whole page.
    expect(countTokens.mock.calls.length).toBeLessThan(5000 / 4);
  });

  it('merges notes in rounds when they are too many for one prompt', async () => {
    const { generate, calls } = fakeEngine(Infinity); // notes as long as allowed
    const progress: SummaryProgress[] = [];
    await summarizeLongText(
      input({ page: page(300, 100), generate, contextTokens: 1024, maxAnswerTokens: 100, onProgress: (p) => progress.push(p) }),
    );

    const merges = progress.filter((p) => p.phase === 'combine' && !p.final);
    expect(merges.length).toBeGreaterThan(1);
    expect(merges[0]).toMatchObject({ part: 1, parts: merges[0]!.parts });
    expect(progress.at(-1)).toEqual({ phase: 'combine', part: 1, parts: 1, final: true });
    for (const call of calls) {
      const promptTokens = call.messages.reduce((sum, m) => sum + countWords(m.content) + 8, 0);
      expect(promptTokens + call.maxNewTokens).toBeLessThanOrEqual(1024);
    }
  });

  it('stops when aborted, without starting another generation', async () => {
    const controller = new AbortController();
    const { generate, calls } = fakeEngine();
    const abortingGenerate: Generate = async (...args) => {
      const answer = await generate(...args);
      if (calls.length === 2) controller.abort();
      return answer;
    };
    await expect(
      summarizeLongText(input({ page: page(40, 100), generate: abortingGenerate, signal: controller.signal })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toHaveLength(2);
  });

  it('does nothing when aborted before it starts', async () => {
    const { generate, calls } = fakeEngine();
    await expect(
      summarizeLongText(input({ page: page(3, 10), generate, signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toHaveLength(0);
  });

  it('handles a 50,000-word page, counting each block once', async () => {
    const { generate, calls } = fakeEngine();
    const bigPage = page(500, 100);
    const countTokens = vi.fn(countWords);
    await summarizeLongText(input({ page: bigPage, generate, countTokens, contextTokens: 4096 }));

    const parts = calls.filter((call) => call.messages[1]!.content.includes('Part ')).length;
    expect(parts).toBeGreaterThanOrEqual(Math.ceil(50_000 / 4096));
    expect(parts).toBeLessThan(50_000 / 1000);
    // The blocks, the empty prompts and the notes: no counting of prefixes.
    expect(countTokens.mock.calls.length).toBeLessThan(500 + 10 + parts * 2);
  });

  it('refuses a context too small for the answer', async () => {
    const { generate } = fakeEngine();
    await expect(
      summarizeLongText(input({ page: page(3, 10), generate, contextTokens: 256, maxAnswerTokens: 300 })),
    ).rejects.toThrow(RangeError);
  });

  it('rejects a page without text', async () => {
    const { generate } = fakeEngine();
    await expect(summarizeLongText(input({ page: { title: '', lang: null, blocks: [] }, generate }))).rejects.toThrow(
      'no text',
    );
  });
});
