import { describe, expect, it } from 'vitest';
import { inputBudget, keyPassages, MIN_KEY_PASSAGE_TOKENS } from './key-passages';
import type { SummarizablePage } from './page';

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;
const page = (blocks: SummarizablePage['blocks']): SummarizablePage => ({ title: 'T', lang: 'en', blocks });
const paragraph = (text: string, i: number) => ({ kind: 'paragraph' as const, text, locator: `p${i}` });

describe('inputBudget', () => {
  it('is what the device reads in 2.5 s, less the prompt around the text, and never below the floor', () => {
    expect(inputBudget({ device: 'wasm', prefillTokensPerSecond: 160 }, 40)).toBe(360);
    expect(inputBudget({ device: 'wasm', prefillTokensPerSecond: 20 }, 40)).toBe(MIN_KEY_PASSAGE_TOKENS);
  });

  it('reads everything on WebGPU and before the device is measured', () => {
    expect(inputBudget({ device: 'webgpu', prefillTokensPerSecond: 160 }, 40)).toBeUndefined();
    expect(inputBudget({ device: 'wasm' }, 40)).toBeUndefined();
    expect(inputBudget({}, 40)).toBeUndefined();
  });
});

describe('keyPassages', () => {
  it('cuts a first paragraph longer than the budget between its sentences', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN'[i]} says something new here.`).join(' ');
    const passages = await keyPassages(page([paragraph(long, 0), paragraph('A short closing paragraph about the topic at hand.', 1)]), 50, countWords);
    expect(passages!.words).toBeLessThanOrEqual(50);
    expect(passages!.page.blocks[0]!.text).toMatch(/^Sentence number a says/);
    expect(passages!.totalWords).toBe(countWords(long) + 9);
  });

  it('leaves a page without prose to the long-page path', async () => {
    const headings = Array.from({ length: 30 }, (_, i) => ({ kind: 'heading' as const, text: `Heading number ${i} of the list`, locator: `h${i}` }));
    expect(await keyPassages(page(headings), 50, countWords)).toBeUndefined();
  });

  it('counts nothing for a page shorter in characters than the budget in tokens', async () => {
    const counted: string[] = [];
    const passages = await keyPassages(page([paragraph('Short page.', 0)]), 200, (text) => (counted.push(text), countWords(text)));
    expect(passages).toBeUndefined();
    expect(counted).toEqual([]);
  });
});
