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
import { createFurnitureFilter, navigationRule, outermostNavigation } from './boilerplate';
import { cleanChrome } from './chrome';
import { claimBlocks, claimReviews } from './claims';
import { commentBlocks, commentFrames } from './comments';
import { articleMissesPage, wordsIn } from './coverage';
import { flattenDocument, ownStamp, STAMP, stampedClone, type FlatCopy } from './flatten';
import { readDirection, readLanguage, readMetadata, toDirection, type TextDirection } from './metadata';
import { addProseOutside, recoverDroppedParagraphs } from './recover';
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
  /**
   * The page's comment section, which `text` leaves out, for summarizing apart ("Summarize comments"). Empty when
   * the page has none, too short a one, or when its text holds the comments already (a forum thread).
   */
  comments: Block[];
  /**
   * Where the page's comments are in frames of another site (Disqus, Facebook's plugin...), which this reading
   * cannot look into: the frames' locators, for the side panel to ask their own content scripts.
   */
  commentFrames: string[];
  /** Whether the text is Readability's article or the page's main visible text. */
  source: 'readability' | 'fallback';
  wordCount: number;
  /** With `explain: true`: every block of the page, kept or dropped, and why. */
  explanation?: Explanation;
}

export interface ExplainedBlock {
  kept: boolean;
  /** The rule that kept or dropped the block. */
  rule: string;
  kind: BlockKind | 'hidden';
  text: string;
  words: number;
  /** Share of the block's characters inside links. */
  linkDensity: number;
}

export interface Explanation {
  /** Which text was chosen, with the figures the choice was made on. */
  decision: string;
  /** Elements left out of the copy first (hidden ones; navigation on pages too big for Readability), then every block in page order. */
  blocks: ExplainedBlock[];
}

export interface ExtractOptions {
  /**
   * Also treat elements hidden by CSS as hidden (uses the browser's layout via
   * Element.checkVisibility). Default: on where the DOM supports it.
   */
  computedStyle?: boolean;
  /**
   * Pages with more elements than this skip Readability and take the main visible text: such pages are
   * listings, tables and long threads, and Readability's path costs about three times as much per element
   * (in the content script, an article of 15,000 elements took 0.9 s with it; one of 50,000, 2.2-2.6 s with it
   * and 0.84-0.9 s without). No page of the dev set or the corpus has over 10,200.
   * Counted in the page as it is (light DOM), and in the copy left after hidden elements.
   */
  readabilityMaxElements?: number;
  /** Explain every decision (slower): see ExtractedPage.explanation and `npm run extract -- --explain`. */
  explain?: boolean;
  /** Elements left out with all they hold, not being the page's (the extension's own in-page UI). */
  skip?: (element: Element) => boolean;
}

const DEFAULT_READABILITY_MAX_ELEMENTS = 20_000;

export function extractPage(doc: Document, options: ExtractOptions = {}): ExtractedPage {
  const trace = options.explain ? new Trace() : null;
  const maxElements = options.readabilityMaxElements ?? DEFAULT_READABILITY_MAX_ELEMENTS;
  const leftOut = leftOutOfHugePage(doc, maxElements);
  const skipLeftOut = (element: Element) => {
    const rule = leftOut?.(element) ?? null;
    if (rule !== null) trace?.onLeftOut(element, `${rule}, left out before copying (page too big for Readability)`);
    return rule !== null;
  };
  const skip = options.skip ? (element: Element) => options.skip!(element) || skipLeftOut(element) : skipLeftOut;
  // What the rule leaves out is known before copying (navigation outside any other): the copy is made around it.
  const skipped = leftOut ? outermostNavigation(doc) : undefined;
  const flat = flattenDocument(doc, { computedStyle: options.computedStyle, onHidden: trace?.onHidden, skip, skipped });
  const readable = leftOut === null && flat.elementCount <= maxElements;
  // Readability rewrites the document it is given: keep an untouched copy for the other steps. Pages too big
  // for it skip that copy (on a 5 MB page, it costs as much as the rest).
  if (readable) flat.prepareForRewrite();
  const kept = readable ? stampedClone(flat.doc) : null;
  const untouched = kept ? kept.doc : flat.doc;
  const article = kept ? runReadability(flat.doc, () => stampedClone(untouched).doc) : null;
  const untouchedByStamp = kept ? kept.byStamp : !trace ? new Map<number, Element>() : flat.byStamp();

  // Neither the untouched copy nor Readability's article changes from here on: each element's text is measured once.
  const textLengths = new Map<Element, number>();
  const visibleBlocks = mainVisibleBlocks(untouched, textLengths, trace);
  const readabilityOwn = article ? readabilityBlocks(article.content, untouchedByStamp, flat, textLengths, trace) : [];
  const recovered = article ? recoverDroppedParagraphs(readabilityOwn, article.content, untouchedByStamp, flat) : [];
  const articleBlocks = recovered.length > 0 ? addProseOutside(recovered, visibleBlocks, flat, trace?.onSkip) : recovered;
  const useArticle =
    articleBlocks.length > 0 && !articleMissesPage({ articleBlocks, visibleBlocks, untouchedByStamp, flat });
  const cleaned = useArticle
    ? cleanChrome(articleBlocks, 'article', trace?.onChrome)
    : cleanChrome(visibleBlocks, 'page', trace?.onChrome);
  const pageRoot = untouched.body ?? untouched.documentElement;
  const claims = pageRoot ? missingClaims(untouched, pageRoot, cleaned) : [];
  const chosen = claims.length > 0 ? insertInPageOrder(cleaned, claims, flat) : cleaned;

  const blocks = chosen.map((block) => toBlock(block, flat));
  const text = blocks.map((block) => block.text).join('\n\n');
  const comments = pageRoot ? commentBlocks(pageRoot, chosen) : [];
  return {
    ...describePage(untouched, article, useArticle, blocks),
    text,
    blocks,
    comments: comments.map((block) => toBlock(block, flat)),
    commentFrames: pageRoot ? commentFrames(pageRoot).map((frame) => flat.locatorOf(frame)) : [],
    source: useArticle ? 'readability' : 'fallback',
    wordCount: countWords(text),
    ...(trace && {
      explanation: trace.explain({
        untouched, flat, untouchedByStamp, chosen, readabilityOwn, articleBlocks, visibleBlocks, useArticle, comments, claims,
        hadArticle: article !== null,
        // The count that went over: the page's own (known before copying), else its copy's (shadow roots and frames in).
        tooBig: readable ? null : `${leftOut ? doc.getElementsByTagName('*').length : flat.elementCount} elements, over ${maxElements}`,
      }),
    }),
  };
}

/**
 * On a page already too big for Readability by its own element count (counted before any copy): the rule
 * that leaves an element out of the reading with all it holds, or null to read it; null altogether on
 * other pages. Such a page takes the main visible text, whose rules drop navigation outright, so navigation
 * is not even copied (on a huge page, copying is most of the cost, and its bulk is often its menus). The
 * page watch (watch.ts) skips the same subtrees: nothing inside them can change the reading.
 */
export function leftOutOfHugePage(
  doc: Document,
  maxElements = DEFAULT_READABILITY_MAX_ELEMENTS,
): ((element: Element) => string | null) | null {
  return doc.getElementsByTagName('*').length > maxElements ? navigationRule : null;
}

/**
 * About how many elements a reading of `doc` copies, which is most of its cost: all of the page's, less the
 * navigation a page too big for Readability leaves out before copying (leftOutOfHugePage). What shadow roots
 * and frames hold is not counted.
 */
export function elementsToRead(doc: Document, maxElements = DEFAULT_READABILITY_MAX_ELEMENTS): number {
  const all = doc.getElementsByTagName('*').length;
  if (all <= maxElements) return all;
  const leftOut = outermostNavigation(doc).reduce((sum, element) => sum + 1 + element.getElementsByTagName('*').length, 0);
  return all - leftOut;
}

/** What --explain reports: the rules that dropped elements and blocks, gathered as extraction runs. */
class Trace {
  private readonly hidden: ExplainedBlock[] = [];
  /** Skipped elements (untouched copy for page rules, Readability's elements for article rules). */
  readonly skipped = new Map<Element, string>();
  private readonly chrome = new Map<TextBlock, string>();
  /** Blocks kept without the credit at their end, and the credit cut. */
  private readonly cut = new Map<TextBlock, string>();

  onHidden = (element: Element, reason: string): void => {
    this.onLeftOut(element, `hidden: ${reason}`);
  };

  /** An element left out of the copy, with all it holds. */
  onLeftOut = (element: Element, rule: string): void => {
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) this.hidden.push({ kept: false, rule, kind: 'hidden', text, words: countWords(text), linkDensity: 0 });
  };

  onSkip = (element: Element, rule: string): void => {
    this.skipped.set(element, rule);
  };

  onChrome = (block: TextBlock, rule: string, kept = false): void => {
    (kept ? this.cut : this.chrome).set(block, rule);
  };

  explain(input: {
    untouched: Document;
    flat: FlatCopy;
    untouchedByStamp: Map<number, Element>;
    chosen: TextBlock[];
    readabilityOwn: TextBlock[];
    articleBlocks: TextBlock[];
    visibleBlocks: TextBlock[];
    useArticle: boolean;
    /** The comment blocks offered apart. */
    comments: TextBlock[];
    /** A fact-check's claim (and rating) blocks, added from its ClaimReview data. */
    claims: TextBlock[];
    hadArticle: boolean;
    /** Why Readability was not asked ("120000 elements, over 20000"), or null where it was. */
    tooBig: string | null;
  }): Explanation {
    const { untouched, flat, untouchedByStamp, chosen, readabilityOwn, articleBlocks, visibleBlocks, useArticle } = input;
    const articleWords = wordsIn(articleBlocks);
    const visibleWords = wordsIn(visibleBlocks);
    // One case per line: Readability not asked, asked and found nothing, its article chosen, or passed over.
    const decision =
      input.tooBig !== null ? `the page's main visible text (${visibleWords} words): too big for Readability (${input.tooBig})`
      : !input.hadArticle ? `Readability found no article: the page's main visible text (${visibleWords} words)`
      : useArticle ? `Readability's article (${articleWords} words, ${articleBlocks.length - readabilityOwn.length} paragraphs recovered) over the visible text (${visibleWords} words)`
      : `the page's main visible text (${visibleWords} words) over Readability's article (${articleWords} words), which misses much of the page`;
    const commentTexts = new Set(input.comments.map((block) => block.text));
    const claimTexts = new Set(input.claims.map((block) => block.text));
    const commentsLine = commentTexts.size > 0 ? `; comments offered apart (${wordsIn(input.comments)} words)` : '';
    // Skips recorded on Readability's elements count for the untouched elements they came from.
    const skippedUntouched = new Map<Element, string>();
    for (const [element, rule] of this.skipped) {
      const stamp = ownStamp(element);
      const original = stamp === null ? element : untouchedByStamp.get(stamp);
      if (original) skippedUntouched.set(original, rule);
    }
    const keptTexts = new Set(chosen.map((block) => block.text));
    const recoveredTexts = new Set(articleBlocks.filter((block) => !readabilityOwn.includes(block)).map((block) => block.text));
    const chromeTexts = new Map([...this.chrome].map(([block, rule]) => [block.text, rule]));
    const cutTexts = new Map([...this.cut].map(([block, rule]) => [block.text, rule]));
    const body = untouched.body ?? untouched.documentElement;
    const all = body ? collectBlocks(body) : [];
    const blocks = all.map((block): ExplainedBlock => {
      const cut = cutTexts.get(block.text);
      const kept = keptTexts.has(block.text) || cut !== undefined;
      const skippedBy = () => {
        for (let el: Element | null = block.owner; el; el = el.parentElement) {
          const rule = skippedUntouched.get(el);
          if (rule) return rule;
        }
        return null;
      };
      // The first rule that applies, kept blocks' then dropped ones'.
      const keptRule = () => {
        if (claimTexts.has(block.text)) return 'kept: the claim the page fact-checks (its schema.org ClaimReview)';
        if (cut !== undefined) return `kept, ${cut}`;
        if (recoveredTexts.has(block.text)) return 'kept: prose paragraph Readability dropped, recovered';
        return useArticle ? "kept: in Readability's article" : 'kept: main visible text';
      };
      const droppedRule = () => {
        if (commentTexts.has(block.text)) return 'comment: offered apart';
        return chromeTexts.get(block.text) ?? skippedBy() ?? (useArticle ? "outside Readability's article" : 'outside the main content (<main>)');
      };
      const rule = kept ? keptRule() : droppedRule();
      const chars = block.text.replace(/\s/g, '').length;
      return {
        kept,
        rule,
        kind: block.kind,
        text: block.text,
        words: countWords(block.text),
        linkDensity: chars > 0 ? Math.min(1, block.linkChars / chars) : 0,
      };
    });
    void flat;
    return { decision: decision + commentsLine, blocks: [...this.hidden, ...blocks] };
  }
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

/** Readability's article of `doc`, a stamped copy; `copyForRetry` makes another copy of `doc` as it was, stamped. */
function runReadability(doc: Document, copyForRetry: () => Document): ReadabilityArticle | null {
  try {
    // Class names and link addresses in the article are never read here (names are read on the untouched copy):
    // Readability leaves them as they are rather than stripping classes and resolving every address. A retry
    // starts again from a fresh copy, so Readability need not copy every page before its first try. Elements it
    // re-creates under another tag keep their stamps.
    const reader = new Readability<Element>(doc, {
      serializer: (node) => node as Element,
      keepClasses: true,
      keepUris: true,
      retryFrom: copyForRetry,
      carryProperty: STAMP,
    });
    spareMathJax(reader);
    const result = reader.parse();
    if (!result?.content) return null;
    // Field by field: the article's text (textContent, length) is never read here, and Readability reads it only when asked.
    const { title, byline, dir, lang, siteName, excerpt } = result;
    return { content: result.content, title, byline, dir, lang, siteName, excerpt };
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
function readabilityBlocks(
  content: Element,
  untouchedByStamp: Map<number, Element>,
  flat: FlatCopy,
  textLengths: Map<Element, number>,
  trace: Trace | null,
): TextBlock[] {
  // Readability turns h1 into h2; report the level the page actually used.
  const headingLevel = (heading: Element): number => {
    const original = flat.originalOf(heading);
    const match = /^H([1-6])$/.exec(original?.tagName.toUpperCase() ?? heading.tagName.toUpperCase());
    return match ? Number(match[1]) : 2;
  };
  // Readability strips class names and re-tags elements: judge each by its untouched copy, or
  // for an element Readability made, by the copy of the element its text came from.
  const untouchedCopy = (element: Element) => {
    const stamp = ownStamp(element);
    const source = stamp === null ? firstTextStamp(element, flat) : stamp;
    return source === null ? null : (untouchedByStamp.get(source) ?? null);
  };
  return collectBlocks(content, { headingLevel, skip: createFurnitureFilter(content, 'article', untouchedCopy, trace?.onSkip, textLengths) });
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
function mainVisibleBlocks(doc: Document, textLengths: Map<Element, number>, trace: Trace | null): TextBlock[] {
  const body = doc.body ?? doc.documentElement;
  if (!body) return [];
  const blocks = collectBlocks(body, { skip: createFurnitureFilter(body, 'page', undefined, trace?.onSkip, textLengths) });
  const main = largestMain(doc, textLengths);
  if (!main) return blocks;
  const inMain = blocks.filter((block) => main.contains(block.owner));
  // Trust <main> unless it is a small corner of the page (some sites misuse it).
  return wordsIn(inMain) >= 0.25 * wordsIn(blocks) ? inMain : blocks;
}

function largestMain(doc: Document, textLengths: Map<Element, number>): Element | null {
  let best: Element | null = null;
  let bestLength = 0;
  for (const main of Array.from(doc.querySelectorAll('main, [role="main"]'))) {
    const length = visibleTextLength(main, textLengths);
    if (length > bestLength) [best, bestLength] = [main, length];
  }
  return best;
}

/**
 * The claim box of a fact-check page (claims.ts) where the text chosen lacks it: its blocks, found among all of
 * the page's (visible) blocks by the claims its ClaimReview data names.
 */
function missingClaims(doc: Document, root: Element, chosen: readonly TextBlock[]): TextBlock[] {
  const reviews = claimReviews(doc);
  if (reviews.length === 0) return [];
  const taken = new Set(chosen.map((block) => block.text));
  return claimBlocks(reviews, collectBlocks(root)).filter((block) => !taken.has(block.text));
}

/** `blocks` with each of `added` before the first block that comes after it in the page (stamps follow page order). */
function insertInPageOrder(blocks: readonly TextBlock[], added: readonly TextBlock[], flat: FlatCopy): TextBlock[] {
  const position = (block: TextBlock) => {
    const source = block.sources[0];
    return (source ? flat.stampOfText(source) : null) ?? flat.stampOf(block.owner) ?? Infinity;
  };
  const result = [...blocks];
  for (const block of added) {
    const at = position(block);
    const index = result.findIndex((other) => position(other) > at);
    result.splice(index < 0 ? result.length : index, 0, block);
  }
  return result;
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
