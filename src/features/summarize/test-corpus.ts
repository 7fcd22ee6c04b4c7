/**
 * Test helper: real pages (Readability's test pages committed in test/fixtures/readability-pages) as
 * summarizable pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { SAMPLE_PAGES_DIR } from '../../../test/support/pages';
import type { BlockKind, PageBlock, SummarizablePage } from './page';

const BLOCK_SELECTOR = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, figcaption';

/** The page's expected Readability output, cut into blocks with locators "block-0", "block-1", … */
export function corpusPage(name: string): SummarizablePage {
  const dir = path.join(SAMPLE_PAGES_DIR, name);
  const html = readFileSync(path.join(dir, 'expected.html'), 'utf8');
  const metadata = JSON.parse(readFileSync(path.join(dir, 'expected-metadata.json'), 'utf8')) as {
    title: string;
    lang?: string | null;
  };
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: PageBlock[] = [];
  for (const element of document.querySelectorAll(BLOCK_SELECTOR)) {
    if (element.querySelector(BLOCK_SELECTOR)) continue; // its inner blocks are taken instead
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const tag = element.tagName.toLowerCase();
    blocks.push({ ...kindOf(tag), text, locator: `block-${blocks.length}` });
  }
  return { title: metadata.title, lang: metadata.lang ?? null, blocks };
}

function kindOf(tag: string): { kind: BlockKind; level?: number } {
  if (/^h[1-6]$/.test(tag)) return { kind: 'heading', level: Number(tag[1]) };
  const kinds: Record<string, BlockKind> = { li: 'list-item', blockquote: 'quote', pre: 'code', figcaption: 'caption' };
  return { kind: kinds[tag] ?? 'paragraph' };
}
