/**
 * Test helper: pages of the shared Readability corpus as summarizable pages.
 * NANO_BANANA_CORPUS overrides where the corpus is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import type { BlockKind, PageBlock, SummarizablePage } from './page';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const corpusDir = process.env.NANO_BANANA_CORPUS ?? path.resolve(repoRoot, '../shared/corpus/readability-pages');

export const hasCorpus = existsSync(corpusDir);

const BLOCK_SELECTOR = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, figcaption';

/** The page's expected Readability output, cut into blocks with locators "block-0", "block-1", … */
export function corpusPage(name: string): SummarizablePage {
  const dir = path.join(corpusDir, name);
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
