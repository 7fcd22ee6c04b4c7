import { describe, expect, it } from 'vitest';
import type { ExtractedPage } from './extract';
import { limitExtractedPage } from './limit';

function blocksOf(count: number, chars: number): ExtractedPage['blocks'] {
  return Array.from({ length: count }, (_, i) => ({ kind: 'paragraph', text: `${i}`.padEnd(chars, 'x'), locator: '' }));
}

function pageOf(blockCount: number, blockChars: number, comments: ExtractedPage['blocks'] = []): ExtractedPage {
  const blocks = blocksOf(blockCount, blockChars);
  return {
    title: 't', byline: null, lang: null, dir: null, siteName: null, excerpt: null,
    blocks,
    comments,
    commentFrames: [],
    text: blocks.map((block) => block.text).join('\n\n'),
    source: 'readability',
    wordCount: blockCount,
  };
}

describe('limitExtractedPage', () => {
  it('keeps a page under the limit as it is', () => {
    const page = pageOf(10, 100);
    expect(limitExtractedPage(page, 5000)).toBe(page);
  });

  it('cuts a huge page between blocks, keeping the whole page’s word count', () => {
    const limited = limitExtractedPage(pageOf(10_000, 1000), 50_000);
    expect(limited.text.length).toBeLessThanOrEqual(50_000);
    expect(limited.blocks.length).toBeGreaterThan(40);
    expect(limited.text).toBe(limited.blocks.map((block) => block.text).join('\n\n'));
    expect(limited.wordCount).toBe(10_000);
  });

  it('cuts a huge comment section apart from the text, which stays whole', () => {
    const page = pageOf(10, 100, blocksOf(10_000, 1000));
    const limited = limitExtractedPage(page, 50_000);
    expect(limited.text).toBe(page.text);
    expect(limited.comments.length).toBeGreaterThan(40);
    expect(limited.comments.reduce((sum, block) => sum + block.text.length + 2, 0)).toBeLessThanOrEqual(50_002);
    expect(limited.comments[0]).toEqual(page.comments[0]);
  });
});
