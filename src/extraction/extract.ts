// Extracts the readable text of a page, as blocks that point back into the live page.
//
// Runs in the content script on the live document and in Node on a parsed one (see node.ts).
// Steps:
//   1. Copy the page (flattening open shadow roots and same-origin iframes, dropping hidden
//      subtrees), stamping each copied element so passages map back to live elements.
//   2. Run Readability on the copy. Put back prose paragraphs it dropped from the article.
//   3. If Readability found nothing or clearly too little (a feed, a forum thread, a product
//      page), use the page's main visible text instead, minus navigation, ads and other furniture.
//   4. Drop stray chrome lines ("Share", "Advertisement", "Related articles" link lists).
// The live page is only read, never modified.

import { Readability } from '@mozilla/readability';
import { collectBlocks, visibleTextLength, type BlockKind, type TextBlock } from './blocks';
import { createFurnitureFilter } from './boilerplate';
import { cleanChrome } from './chrome';
import { articleMissesPage, wordsIn } from './coverage';
import { flattenDocument, indexByStamp, STAMP_ATTR, type FlatCopy } from './flatten';
import { readDirection, readLanguage, readMetadata, toDirection, type TextDirection } from './metadata';
import { recoverDroppedParagraphs } from './recover';
import { countWords } from './words';

export { resolveLocator } from './flatten';
export type { BlockKind } from './blocks';

export interface Block {
  kind: BlockKind;
  text: string;
  /** Heading level 1-6, for headings. */
  level?: number;
  /** Where the passage came from in the live page: pass to resolveLocator(). */
  locator: string;
}

export interface ExtractedPage {
  title: string;
  byline: string | null;
  /** Declared language (<html lang>), as written. */
  lang: string | null;
  /** Declared direction of the article (or page); null when none is declared. */
  dir: TextDirection | null;
  siteName: string | null;
  excerpt: string | null;
  /** The blocks' texts, separated by blank lines. Empty when the page has no text. */
  text: string;
  blocks: Block[];
  /** Whether the text is Readability's article or the page's main visible text. */
  source: 'readability' | 'fallback';
  wordCount: number;
}

export interface ExtractOptions {
  /**
   * Also treat elements hidden by CSS as hidden (uses the browser's layout via
   * Element.checkVisibility). Default: on where the DOM supports it.
   */
  computedStyle?: boolean;
  /**
   * Pages with more elements than this skip Readability and take the main visible text: such
   * pages are listings, tables and long threads, and Readability's cost grows fast with size.
   */
  readabilityMaxElements?: number;
}

const DEFAULT_READABILITY_MAX_ELEMENTS = 100_000;

export function extractPage(doc: Document, options: ExtractOptions = {}): ExtractedPage {
  const flat = flattenDocument(doc, { computedStyle: options.computedStyle });
  // Readability rewrites the document it is given: keep an untouched copy for the other steps.
  const untouched = flat.doc.cloneNode(true) as Document;
  const untouchedByStamp = indexByStamp(untouched);
  const maxElements = options.readabilityMaxElements ?? DEFAULT_READABILITY_MAX_ELEMENTS;
  const article = flat.elementCount <= maxElements ? runReadability(flat.doc) : null;

  const visibleBlocks = mainVisibleBlocks(untouched);
  const articleBlocks = article
    ? recoverDroppedParagraphs(readabilityBlocks(article.content, untouchedByStamp, flat), article.content, untouchedByStamp, flat)
    : [];
  const useArticle =
    articleBlocks.length > 0 && !articleMissesPage({ articleBlocks, visibleBlocks, untouchedByStamp, flat });
  const chosen = useArticle ? cleanChrome(articleBlocks, 'article') : cleanChrome(visibleBlocks, 'page');

  const blocks = chosen.map((block) => toBlock(block, flat));
  const text = blocks.map((block) => block.text).join('\n\n');
  return {
    ...describePage(untouched, article, useArticle, blocks),
    text,
    blocks,
    source: useArticle ? 'readability' : 'fallback',
    wordCount: countWords(text),
  };
}

// ---------------------------------------------------------------------------------------------

type PageDescription = Pick<ExtractedPage, 'title' | 'byline' | 'lang' | 'dir' | 'siteName' | 'excerpt'>;

/**
 * Title, byline... as Readability reads them, else as the page declares them. Readability's byline
 * and excerpt may come from its article (one post's author, its first paragraph), so when its
 * article is not used they come from the page's own metadata.
 */
function describePage(
  doc: Document,
  article: ReadabilityArticle | null,
  useArticle: boolean,
  blocks: Block[],
): PageDescription {
  const declared = readMetadata(doc);
  const byline = useArticle ? article?.byline : declared.byline;
  const excerpt = (useArticle ? article?.excerpt : declared.excerpt) || firstParagraph(blocks);
  return {
    title: article?.title?.trim() || declared.title,
    byline: byline?.trim() || null,
    lang: article?.lang?.trim() || readLanguage(doc),
    dir: toDirection(article?.dir) ?? pageDirection(doc),
    siteName: (article ? article.siteName?.trim() : declared.siteName) || null,
    excerpt: excerpt?.trim() || null,
  };
}


interface ReadabilityArticle {
  content: Element;
  title: string | null | undefined;
  byline: string | null | undefined;
  dir: string | null | undefined;
  lang: string | null | undefined;
  siteName: string | null | undefined;
  excerpt: string | null | undefined;
}

function runReadability(doc: Document): ReadabilityArticle | null {
  try {
    const reader = new Readability<Element>(doc, { serializer: (node) => node as Element });
    spareMathJax(reader);
    const result = reader.parse();
    return result?.content ? { ...result, content: result.content } : null;
  } catch {
    return null; // a page Readability chokes on still gets the fallback
  }
}

/**
 * Readability 0.6 deletes MathJax output as an "unlikely candidate" (its class CtxtMenu_* reads as
 * a menu), losing every formula. Upstream later whitelisted "mathjax" names; do the same here.
 */
function spareMathJax(reader: object): void {
  const regexps = (reader as { REGEXPS?: Record<string, unknown> }).REGEXPS;
  const spared = regexps?.okMaybeItsACandidate;
  if (!(spared instanceof RegExp) || /mathjax/i.test(spared.source)) return;
  (reader as { REGEXPS: Record<string, unknown> }).REGEXPS = {
    ...regexps,
    okMaybeItsACandidate: new RegExp(`${spared.source}|mathjax`, spared.flags),
  };
}

/** Blocks of Readability's article, minus furniture it kept (breadcrumbs, share bars, ad slots). */
function readabilityBlocks(content: Element, untouchedByStamp: Map<number, Element>, flat: FlatCopy): TextBlock[] {
  // Readability turns h1 into h2; report the level the page actually used.
  const headingLevel = (heading: Element): number => {
    const original = flat.originalOf(heading);
    const match = /^H([1-6])$/.exec(original?.tagName.toUpperCase() ?? heading.tagName.toUpperCase());
    return match ? Number(match[1]) : 2;
  };
  // Readability strips class names and re-tags elements: judge each by its untouched copy, or
  // for an element Readability made, by the copy of the element its text came from.
  const untouchedCopy = (element: Element) => {
    const stamp = element.getAttribute(STAMP_ATTR);
    const source = stamp === null ? firstTextStamp(element, flat) : Number(stamp);
    return source === null ? null : (untouchedByStamp.get(source) ?? null);
  };
  return collectBlocks(content, { headingLevel, skip: createFurnitureFilter(content, 'article', untouchedCopy) });
}

/**
 * For an element Readability created around loose text (it wraps a div's phrasing content in a
 * new <p>): the stamp of the live element that text sat in.
 */
function firstTextStamp(element: Element, flat: FlatCopy): number | null {
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3 && /\S/.test(node.nodeValue ?? '')) return flat.stampOfText(node);
  }
  return null;
}

/** The page's visible text minus furniture, from <main> when the page marks its main content. */
function mainVisibleBlocks(doc: Document): TextBlock[] {
  const body = doc.body ?? doc.documentElement;
  if (!body) return [];
  const blocks = collectBlocks(body, { skip: createFurnitureFilter(body, 'page') });
  const main = largestMain(doc);
  if (!main) return blocks;
  const inMain = blocks.filter((block) => main.contains(block.owner));
  // Trust <main> unless it is a small corner of the page (some sites misuse it).
  return wordsIn(inMain) >= 0.25 * wordsIn(blocks) ? inMain : blocks;
}

function largestMain(doc: Document): Element | null {
  let best: Element | null = null;
  let bestLength = 0;
  for (const main of Array.from(doc.querySelectorAll('main, [role="main"]'))) {
    const length = visibleTextLength(main);
    if (length > bestLength) [best, bestLength] = [main, length];
  }
  return best;
}

function firstParagraph(blocks: Block[]): string | null {
  return blocks.find((block) => block.kind === 'paragraph')?.text ?? null;
}

function pageDirection(doc: Document): TextDirection | null {
  return readDirection(doc.body) ?? readDirection(doc.documentElement);
}

function toBlock(block: TextBlock, flat: FlatCopy): Block {
  const result: Block = { kind: block.kind, text: block.text, locator: locatorOf(block, flat) };
  if (block.level !== undefined) result.level = block.level;
  return result;
}

/**
 * Where a block's text lives in the live page: the innermost element around all its text nodes.
 * Read from the text nodes first, since Readability re-wraps text in elements of its own.
 */
function locatorOf(block: TextBlock, flat: FlatCopy): string {
  const stamps = block.sources.map((source) => flat.stampOfText(source)).filter((stamp) => stamp !== null);
  return (stamps.length > 0 ? flat.locatorOfStamps(stamps) : '') || flat.locatorOf(block.anchor);
}
