import { describe, expect, it } from 'vitest';
import type { ExtractedPage } from './extract';
import { limitExtractedPage } from './limit';

function pageOf(blockCount: number, blockChars: number): ExtractedPage {
  const blocks = Array.from({ length: blockCount }, (_, i) => ({ kind: 'paragraph', text: `${i}`.padEnd(blockChars, 'x'), locator: '' }));
  return {
    title: 't', byline: null, lang: null, dir: null, siteName: null, excerpt: null,
    blocks: blocks as ExtractedPage['blocks'],
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
});
