// Decides whether Readability's article misses what the page is about, so that the page's
// main visible text serves better. Readability assumes one article per page; on a forum thread,
// a Q&A page or a feed it keeps the single longest item (one answer, one post) and drops the rest.

import { visibleTextLength, type TextBlock } from './blocks';
import { isFurniture } from './boilerplate';
import type { FlatCopy } from './flatten';
import { countWords } from './words';

/** The visible text must be at least this much longer than the article to be worth switching to. */
const MIN_GAIN = 1.2;
/** Below this many words, an article next to much more visible text is a scrap, not the page. */
const SCRAP_WORDS = 50;
/** A page with fewer visible words than this is short. */
const SHORT_PAGE_WORDS = 250;
/** How many similar siblings make a list of items (posts, answers, cards). */
const MIN_REPEATED_ITEMS = 3;
/** An item holds at least this many words of visible content... */
const MIN_ITEM_WORDS = 8;
/** ...and the other items together at least this share of the picked item's words. */
const MIN_OTHER_ITEMS_SHARE = 0.3;

export interface CoverageInput {
  articleBlocks: TextBlock[];
  visibleBlocks: TextBlock[];
  /** Elements of the stamped page copy that Readability did not touch, by stamp. */
  untouchedByStamp: Map<number, Element>;
  flat: FlatCopy;
}

/** Whether to prefer the page's main visible text over Readability's article. */
export function articleMissesPage({ articleBlocks, visibleBlocks, untouchedByStamp, flat }: CoverageInput): boolean {
  const articleWords = wordsIn(articleBlocks);
  const visibleWords = wordsIn(visibleBlocks);
  if (articleWords === 0) return visibleWords > 0;
  // Found only for the rules that need it: on a long article, a walk up from every block.
  let root: Element | null | undefined;
  const rootOfArticle = () => (root === undefined ? (root = articleRoot(articleBlocks, untouchedByStamp, flat)) : root);
  // On a page whose article is very short, Readability's pick can be its footer, an author box or a comment
  // form (retrying without its own furniture rules, it takes the longest text): a scrap inside what the page
  // rules call furniture is not the article. Longer ones are kept: a layout wrapper named "...sidebar-right"
  // can hold the real article.
  if (articleWords < SCRAP_WORDS && visibleWords > 0 && insidePageFurniture(rootOfArticle())) return true;
  // Without more visible text, Readability's cleaner cut wins.
  if (visibleWords < MIN_GAIN * articleWords) return false;
  if (articleWords < SCRAP_WORDS && visibleWords >= 4 * articleWords) return true;
  // On a short page Readability's scores have little to go on; clearly more visible text wins.
  if (visibleWords < SHORT_PAGE_WORDS && visibleWords >= 1.5 * articleWords) return true;
  const itemRoot = rootOfArticle();
  return itemRoot !== null && isOneOfRepeatedItems(itemRoot, visibleBlocks);
}

/**
 * Whether `element` or an ancestor is furniture by the page rules (a footer, a sidebar, a header...) holding
 * less than half of the page's visible text (a page wrapped whole in one is read as it is).
 */
function insidePageFurniture(element: Element | null): boolean {
  let pageLength = -1;
  for (let el: Element | null = element; el; el = el.parentElement) {
    const tag = el.tagName.toUpperCase();
    if (tag === 'BODY' || tag === 'HTML') return false;
    if (!isFurniture(el, 'page')) continue;
    if (pageLength < 0) pageLength = visibleTextLength(el.ownerDocument.body ?? el.ownerDocument.documentElement);
    if (visibleTextLength(el) < 0.5 * pageLength) return true;
  }
  return false;
}

const blockWordCounts = new WeakMap<TextBlock, number>();

/** Words in a block, counted once per block. */
export function wordsOf(block: TextBlock): number {
  let words = blockWordCounts.get(block);
  if (words === undefined) {
    words = countWords(block.text);
    blockWordCounts.set(block, words);
  }
  return words;
}

export function wordsIn(blocks: TextBlock[]): number {
  let words = 0;
  for (const block of blocks) words += wordsOf(block);
  return words;
}

/** The untouched element that holds all of the article's blocks (their lowest common ancestor). */
function articleRoot(blocks: TextBlock[], byStamp: Map<number, Element>, flat: FlatCopy): Element | null {
  let common: Element[] | null = null;
  for (const block of blocks) {
    const stamp = flat.stampOf(block.owner);
    const element = stamp === null ? undefined : byStamp.get(stamp);
    if (!element) continue;
    const path = ancestorsFromTop(element);
    common = common === null ? path : commonPrefix(common, path);
  }
  return common?.at(-1) ?? null;
}

/**
 * Whether `element` or one of its ancestors is one of several similar siblings (same tag and
 * first class) that hold visible content of their own: Readability picked one item of a list.
 * Siblings that each carry their own <h1> are separate articles (an infinite-scroll page), not items.
 */
function isOneOfRepeatedItems(element: Element, visibleBlocks: TextBlock[]): boolean {
  for (let item: Element | null = element; item?.parentElement; item = item.parentElement) {
    const tag = item.tagName.toUpperCase();
    if (tag === 'BODY' || tag === 'HTML') return false;
    const signature = itemSignature(item);
    if (signature === null) continue;
    const similar = Array.from(item.parentElement.children).filter((sibling) => itemSignature(sibling) === signature);
    if (similar.length < MIN_REPEATED_ITEMS) continue;
    if (similar.every((sibling) => sibling.getElementsByTagName('h1').length > 0)) return false;
    const words = wordsPerChild(item.parentElement, visibleBlocks);
    const itemWords = words.get(item) ?? 0;
    const others = similar.filter((sibling) => sibling !== item).map((sibling) => words.get(sibling) ?? 0);
    const contentfulOthers = others.filter((count) => count >= MIN_ITEM_WORDS);
    const otherWords = others.reduce((sum, count) => sum + count, 0);
    if (contentfulOthers.length >= MIN_REPEATED_ITEMS - 1 && otherWords >= MIN_OTHER_ITEMS_SHARE * itemWords) return true;
  }
  return false;
}

/** Visible words under each child of `parent`. */
function wordsPerChild(parent: Element, blocks: TextBlock[]): Map<Element, number> {
  const words = new Map<Element, number>();
  for (const block of blocks) {
    let child: Element | null = block.owner;
    while (child && child.parentElement !== parent) child = child.parentElement;
    if (child) words.set(child, (words.get(child) ?? 0) + wordsOf(block));
  }
  return words;
}

/** Tag and first class name; null for elements too generic to call items (no class, not <article>). */
function itemSignature(element: Element): string | null {
  const firstClass = (element.getAttribute('class') ?? '').trim().split(/\s+/)[0] ?? '';
  const tag = element.tagName.toUpperCase();
  if (!firstClass && tag !== 'ARTICLE') return null;
  return `${tag}.${firstClass.toLowerCase()}`;
}

function ancestorsFromTop(element: Element): Element[] {
  const path: Element[] = [];
  for (let el: Element | null = element; el; el = el.parentElement) path.push(el);
  return path.reverse();
}

function commonPrefix(a: Element[], b: Element[]): Element[] {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return a.slice(0, length);
}
