// Puts back article paragraphs that Readability dropped.
//
// Readability removes whole subtrees on class-name and link/image-density guesses, and sometimes a
// real paragraph goes with them (a paragraph wrapped with an inline image or embed, a continuation
// after an inline box). Where the article's paragraphs sit in a container, any other paragraph in
// that same container that reads as prose - long, few links, ends sentences, not inside furniture -
// is article text too: we put it back, in page order.

import { collectBlocks, type TextBlock } from './blocks';
import { isFurniture } from './boilerplate';
import { ownStamp, type FlatCopy } from './flatten';
import { countWords } from './words';

/** Containers holding fewer of the article's paragraphs than this are not clearly the article body. */
const MIN_KEPT_PARAGRAPHS = 2;
const MIN_PROSE_WORDS = 15;
const MIN_PROSE_CHARS = 80;
const MAX_PROSE_LINK_DENSITY = 0.2;

/** A full stop (or ! ? …) that ends a sentence: followed by a space or the end, maybe after a quote. */
const SENTENCE_END = /[.!?…。！？](?:["'”’»)\]]*)(?:\s|$)/u;

/** Class/id words of parts of an article page that are deliberately not the article. */
const NOT_ARTICLE =
  /comment|disqus|discuss|reply|respond|share|social|related|promo|newsletter|subscribe|signup|sidebar|footer|author|bio\b|byline|caption|credit|sponsor|teaser|recirc|more-|popular|trending|widget|card|(?:^|[\s_-])(?:ad|ads|meta|tags?|nav)(?:$|[\s_-])/i;

/**
 * The article blocks plus the paragraphs Readability dropped from the article's containers.
 * `content` is Readability's article; `untouchedByStamp` indexes the page copy before Readability ran.
 */
export function recoverDroppedParagraphs(
  articleBlocks: TextBlock[],
  content: Element,
  untouchedByStamp: Map<number, Element>,
  flat: FlatCopy,
): TextBlock[] {
  const keptStamps = stampsIn(content);
  const containers = articleContainers(articleBlocks, untouchedByStamp, flat);
  if (containers.length === 0) return articleBlocks;

  const known = new Set(articleBlocks.map((block) => block.text));
  const recovered: TextBlock[] = [];
  // Paragraphs share ancestors (a list of thousands of items is judged once, not once per paragraph in it).
  const notArticle = new Map<Element, boolean>();
  const isNotArticle = (element: Element) => {
    let verdict = notArticle.get(element);
    if (verdict === undefined) notArticle.set(element, (verdict = isNotArticleText(element)));
    return verdict;
  };
  for (const container of containers) {
    for (const paragraph of Array.from(container.getElementsByTagName('p'))) {
      if (!isDroppedProse(paragraph, container, keptStamps, isNotArticle)) continue;
      for (const block of collectBlocks(paragraph)) {
        if (!known.has(block.text)) recovered.push(block);
        known.add(block.text);
      }
    }
  }
  return mergeInPageOrder(articleBlocks, recovered, flat);
}

/**
 * Where to look for dropped paragraphs (in the untouched copy): the containers that directly hold
 * several of the article's paragraphs, and the <article> element around them, which also holds the
 * standfirst that Readability often drops with the article header.
 */
function articleContainers(blocks: TextBlock[], byStamp: Map<number, Element>, flat: FlatCopy): Element[] {
  const counts = new Map<Element, number>();
  for (const block of blocks) {
    if (block.kind !== 'paragraph') continue;
    const stamp = flat.stampOf(block.owner);
    const original = stamp === null ? undefined : byStamp.get(stamp);
    if (original?.tagName.toUpperCase() !== 'P' || !original.parentElement) continue;
    counts.set(original.parentElement, (counts.get(original.parentElement) ?? 0) + 1);
  }
  const containers = [...counts].filter(([, count]) => count >= MIN_KEPT_PARAGRAPHS).map(([container]) => container);
  const articles = containers.map((container) => container.closest('article')).filter((el) => el !== null);
  // An <article> already covers the containers inside it.
  return [...new Set([...articles, ...containers.filter((c) => !articles.some((a) => a.contains(c)))])];
}

function isDroppedProse(
  paragraph: Element,
  container: Element,
  keptStamps: Set<number>,
  isNotArticle: (element: Element) => boolean,
): boolean {
  const isKept = (element: Element) => {
    const stamp = ownStamp(element);
    return stamp !== null && keptStamps.has(stamp);
  };
  // Kept whole, or partly kept (Readability trimmed it on purpose).
  if (isKept(paragraph) || Array.from(paragraph.querySelectorAll('*')).some(isKept)) return false;
  for (let el: Element | null = paragraph; el && el !== container; el = el.parentElement) {
    if (isNotArticle(el)) return false;
  }
  return isProse(paragraph);
}

/** Whether text inside `element` is not the article's: furniture, parts named as not the article, figures and tables. */
function isNotArticleText(element: Element): boolean {
  return isFurniture(element, 'page') || NOT_ARTICLE.test(classAndId(element)) || isFigureOrTable(element);
}

function isProse(paragraph: Element): boolean {
  const text = (paragraph.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (text.length < MIN_PROSE_CHARS || countWords(text) < MIN_PROSE_WORDS) return false;
  if (!SENTENCE_END.test(text)) return false;
  let linkChars = 0;
  for (const link of Array.from(paragraph.getElementsByTagName('a'))) linkChars += (link.textContent ?? '').trim().length;
  return linkChars / text.length <= MAX_PROSE_LINK_DENSITY;
}

function isFigureOrTable(element: Element): boolean {
  const tag = element.tagName.toUpperCase();
  return tag === 'FIGURE' || tag === 'FIGCAPTION' || tag === 'TABLE' || tag === 'BLOCKQUOTE';
}

function classAndId(element: Element): string {
  return `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
}

/** Stamps of the elements under `root`. */
function stampsIn(root: Element): Set<number> {
  const stamps = new Set<number>();
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const stamp = ownStamp(el);
    if (stamp !== null) stamps.add(stamp);
  }
  return stamps;
}

/** Inserts each recovered block before the first article block that comes after it on the page. */
function mergeInPageOrder(articleBlocks: TextBlock[], recovered: TextBlock[], flat: FlatCopy): TextBlock[] {
  if (recovered.length === 0) return articleBlocks;
  const position = (block: TextBlock) => flat.stampOf(block.owner) ?? Number.MAX_SAFE_INTEGER;
  const pending = [...recovered].sort((a, b) => position(a) - position(b));
  const merged: TextBlock[] = [];
  let next = 0;
  for (const block of articleBlocks) {
    while (next < pending.length && position(pending[next]!) < position(block)) merged.push(pending[next++]!);
    merged.push(block);
  }
  while (next < pending.length) merged.push(pending[next++]!);
  return merged;
}

/** Prose outside the article worth adding: more than this share of the article's own prose. */
const MIN_OUTSIDE_PROSE_SHARE = 0.3;

/**
 * Readability's article when the page shows much prose outside it (it picked a table of names, a
 * teaser, a lead box): the article plus the page's prose paragraphs outside it, in page order, less
 * those in a teaser list or side box (inTeaserList). Prose: long, few links, ends sentences; the
 * page's blocks are already without furniture. Measured on the dev set: at a share of 0.5 without
 * the teaser rule, recall 0.934 -> 0.942, precision 0.906 -> 0.907; at 0.3 with it, recall 0.943,
 * precision 0.908 (at 0.3 without it, a news ticker's story joins one corpus page's article).
 */
export function addProseOutside(
  articleBlocks: TextBlock[],
  visibleBlocks: TextBlock[],
  flat: FlatCopy,
  onSkip?: (element: Element, rule: string) => void,
): TextBlock[] {
  // Where text sat on the page: Readability re-wraps the article's text, so compare the elements it came from.
  const stampOfSource = (source: Node) => flat.stampOfText(source) ?? (source.parentElement ? flat.stampOf(source.parentElement) : null);
  const articleStamps = new Set(articleBlocks.flatMap((block) => block.sources.map(stampOfSource)));
  const articleProse = articleBlocks.filter(isProseBlock).reduce((sum, block) => sum + countWords(block.text), 0);
  const inArticle = (block: TextBlock) => block.sources.some((source) => articleStamps.has(stampOfSource(source)));
  const outside = visibleBlocks.filter((block) => isProseBlock(block) && !inArticle(block));
  const outsideWords = outside.reduce((sum, block) => sum + countWords(block.text), 0);
  if (outsideWords <= MIN_OUTSIDE_PROSE_SHARE * articleProse) return articleBlocks;
  const teasers = inTeaserList(outside, visibleBlocks);
  for (const [block, rule] of teasers) onSkip?.(block.owner, rule);
  const added = outside.filter((block) => !teasers.has(block));
  return added.length > 0 ? mergeInPageOrder(articleBlocks, added, flat) : articleBlocks;
}

/** The neighbourhood of outside prose: the nearest element around it with at least this much other text. */
const MIN_NEIGHBOURHOOD_SHARE = 0.5;
/** Link density above which a neighbourhood makes outside prose a teaser list's entry. */
const MAX_NEIGHBOURHOOD_LINK_DENSITY = 0.5;

/**
 * The outside prose blocks that are entries of a teaser list or a side box: inside an <aside>, or
 * whose neighbourhood (the nearest enclosing element holding at least half as much other text as
 * outside prose) is mostly links - headlines of other stories, "more" links - as in a news ticker's
 * column. Mapped to the rule that left each out, for --explain.
 */
function inTeaserList(outside: TextBlock[], visibleBlocks: TextBlock[]): Map<TextBlock, string> {
  const prose = new Set(outside);
  const stats = new Map<Element, { prose: number; other: number; otherLinks: number }>();
  for (const block of visibleBlocks) {
    const chars = block.text.length;
    for (let el: Element | null = block.owner; el; el = el.parentElement) {
      let entry = stats.get(el);
      if (!entry) stats.set(el, (entry = { prose: 0, other: 0, otherLinks: 0 }));
      if (prose.has(block)) entry.prose += chars;
      else {
        entry.other += chars;
        entry.otherLinks += block.linkChars;
      }
    }
  }
  const teasers = new Map<TextBlock, string>();
  for (const block of outside) {
    for (let el: Element | null = block.owner; el; el = el.parentElement) {
      if (el.tagName.toUpperCase() === 'ASIDE') {
        teasers.set(block, "outside Readability's article, in an <aside>");
        break;
      }
      const entry = stats.get(el)!;
      if (entry.other < MIN_NEIGHBOURHOOD_SHARE * entry.prose) continue;
      const density = entry.otherLinks / entry.other;
      if (density > MAX_NEIGHBOURHOOD_LINK_DENSITY) {
        teasers.set(block, `outside Readability's article, in a teaser list (<${el.tagName.toLowerCase()}> around it: link density ${density.toFixed(2)})`);
      }
      break;
    }
  }
  return teasers;
}

function isProseBlock(block: TextBlock): boolean {
  if (block.kind !== 'paragraph') return false;
  const text = block.text;
  if (text.length < MIN_PROSE_CHARS || countWords(text) < MIN_PROSE_WORDS || !SENTENCE_END.test(text)) return false;
  return block.linkChars / text.length <= MAX_PROSE_LINK_DENSITY;
}
