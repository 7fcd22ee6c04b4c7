// Which elements are page furniture rather than content.
//
// Two strengths: "page" rules take a whole page's visible text down to its content (skip
// navigation, page header/footer, sidebars, forms, menus...), "article" rules only trim what
// Readability let through inside an article (ad slots, share bars, newsletter boxes...), since
// there the surrounding structure is already content.

import { visibleTextLength } from './blocks';

export type FurnitureRules = 'page' | 'article';

const NAVIGATION_TAGS = new Set(['NAV', 'MENU']);
const NAVIGATION_ROLES = new Set(['navigation', 'search', 'menu', 'menubar', 'toolbar', 'tablist']);

/** Landmarks around content: sidebars, page header and footer, dialogs. */
const LANDMARK_TAGS = new Set(['ASIDE']);
const LANDMARK_ROLES = new Set(['banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'tooltip']);

/** Words in class/id names of ads. */
const AD_WORDS = new Set([
  'ad', 'ads', 'adv', 'advert', 'adverts', 'advertisement', 'advertisements', 'advertising', 'adsbygoogle',
  'adslot', 'adunit', 'adsense', 'adbox', 'adblock', 'adcontainer', 'adwrapper', 'dfp', 'doubleclick',
  'sponsor', 'sponsored', 'sponsors', 'promoted', 'outbrain', 'taboola', 'zergnet', 'revcontent',
]);

/** Words in class/id names of furniture that can sit inside an article. */
const INLINE_FURNITURE_WORDS = new Set([
  'cookie', 'cookies', 'consent', 'gdpr', 'newsletter', 'subscribe', 'subscription', 'paywall',
  'share', 'sharing', 'sharebar', 'social', 'breadcrumb', 'breadcrumbs', 'popup', 'modal', 'overlay',
  'promo', 'skiplink',
]);

/** Words in class/id names of furniture around an article. */
const PAGE_FURNITURE_WORDS = new Set([
  ...INLINE_FURNITURE_WORDS,
  'pagination', 'pager', 'sidebar', 'navbar', 'nav', 'navigation', 'menu', 'footer', 'masthead',
  'related', 'recommended', 'recommendations', 'trending', 'banner', 'toolbar',
]);

/**
 * Ids longer than this many words are usually slugs of a heading ("sharing-with-a-single-developer")
 * and say nothing about the element's role.
 */
const MAX_ID_WORDS = 3;

/** Screen-reader-only helpers ("Skip to content", "Opens in a new window"). */
const SCREEN_READER_ONLY =
  /(?:^|\s)(?:sr-only|visually-hidden|visuallyhidden|screen-reader-text|screenreader|a11y-hidden|offscreen)(?:\s|$)/i;

/** An element that holds at least this share of the text being filtered is content. */
const MOST_OF_TEXT = 0.5;

/**
 * A predicate for collectBlocks' `skip`: furniture under `root` by the given rules.
 *
 * Navigation is skipped outright. Everything else is a guess from tags, roles and names, and some
 * sites wrap the whole page in a dialog, or a div named like "layout-with-sidebar" or "ad-portal":
 * an element holding most of the text is never furniture by those guesses alone.
 */
export function createFurnitureFilter(
  root: Element,
  rules: FurnitureRules,
  /** Where to read an element's tag, role and names, if not itself (Readability strips classes). */
  describedBy: (element: Element) => Element | null = (element) => element,
  /** Told of each element skipped and the rule that skipped it (for --explain). */
  onSkip?: (element: Element, rule: string) => void,
  /** Text lengths measured so far (visibleTextLength's `known`), shared by filters over trees that stay as they are. */
  textLengths?: Map<Element, number>,
): (element: Element) => boolean {
  // Measured at the first element guessed to be furniture: on a page without any (a long thread), never.
  let rootLength = -1;
  const holdsMostOfText = (element: Element) => {
    if (rootLength < 0) rootLength = visibleTextLength(root, textLengths);
    return visibleTextLength(element, textLengths) >= MOST_OF_TEXT * rootLength;
  };
  return (element) => {
    const described = describedBy(element);
    if (described === null || isUnnamedPlainElement(described)) return false;
    const navigation = navigationRule(described);
    if (navigation !== null) {
      onSkip?.(element, navigation);
      return true;
    }
    // Measured only when the guesses say furniture, so most elements are never measured.
    const landmark = isLandmarkFurniture(described, rules);
    if (!landmark && !isNamedFurniture(described, rules)) return false;
    if (holdsMostOfText(described)) return false;
    onSkip?.(element, `${landmark ? 'landmark' : 'furniture by name'} <${describe(described)}>`);
    return true;
  };
}

/** The tags that are furniture by some rule even with no role, class or id (see isFurniture's rules). */
const FURNITURE_BY_TAG = new Set([...NAVIGATION_TAGS, ...LANDMARK_TAGS, 'HEADER', 'FOOTER', 'FORM', 'UL', 'OL']);

/**
 * Whether no furniture rule can apply: no role, class or id to read, and a tag no rule names by itself. Most
 * elements of a long thread or listing are such (rows, cells, links), and in a content script each attribute
 * read is a call into the page's DOM: one check up front spares the half dozen the rules would make.
 */
function isUnnamedPlainElement(element: Element): boolean {
  return (
    !FURNITURE_BY_TAG.has(element.tagName.toUpperCase()) &&
    element.getAttribute('class') === null &&
    element.getAttribute('id') === null &&
    element.getAttribute('role') === null
  );
}

/** "div.share-bar#top" */
function describe(element: Element): string {
  const className = (element.getAttribute('class') ?? '').trim().replace(/\s+/g, '.');
  const id = element.getAttribute('id');
  const role = element.getAttribute('role');
  return `${element.tagName.toLowerCase()}${className ? `.${className}` : ''}${id ? `#${id}` : ''}${role ? ` role=${role}` : ''}`;
}

/** Furniture by tag, role, class/id names or shape, regardless of size. */
export function isFurniture(element: Element, rules: FurnitureRules): boolean {
  return isNavigation(element) || isLandmarkFurniture(element, rules) || isNamedFurniture(element, rules);
}

/** "navigation <nav.menu>" for navigation, which the page rules skip whatever its size; else null. */
export function navigationRule(element: Element): string | null {
  return isNavigation(element) ? `navigation <${describe(element)}>` : null;
}

/** The navigation elements in `doc` that sit in no other: what navigationRule leaves out, each with all it holds. */
export function outermostNavigation(doc: Document): Element[] {
  // Every [role], then isNavigation: in Chromium, [role="navigation" i] and the like take 3x as long to match.
  const candidates = Array.from(doc.querySelectorAll([...NAVIGATION_TAGS].map((tag) => tag.toLowerCase()).concat('[role]').join(', ')));
  return candidates.filter((element) => isNavigation(element) && !insideNavigation(element));
}

function insideNavigation(element: Element): boolean {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (isNavigation(parent)) return true;
  }
  return false;
}

function isNavigation(element: Element): boolean {
  if (NAVIGATION_TAGS.has(element.tagName.toUpperCase())) return true;
  const role = element.getAttribute('role');
  return role !== null && NAVIGATION_ROLES.has(role.toLowerCase());
}

/** Sidebars, dialogs, page header and footer, by tag or ARIA role. */
function isLandmarkFurniture(element: Element, rules: FurnitureRules): boolean {
  const tag = element.tagName.toUpperCase();
  const role = element.getAttribute('role');
  const landmark =
    LANDMARK_TAGS.has(tag) ||
    (role !== null && LANDMARK_ROLES.has(role.toLowerCase())) ||
    (rules === 'page' && (tag === 'HEADER' || tag === 'FOOTER') && !insideSection(element));
  // Some sites put the whole article in an <aside> or a dialog: one that holds the article is not furniture.
  return landmark && element.querySelector(ARTICLE_MARKERS) === null;
}

/** Elements that mark the article itself. */
const ARTICLE_MARKERS = 'main, article, [itemprop="articleBody"], [itemprop="articlebody"]';

/** Ads, share bars, menus and the like, by class/id names or shape. */
function isNamedFurniture(element: Element, rules: FurnitureRules): boolean {
  const tag = element.tagName.toUpperCase();
  if (tag === 'BODY' || tag === 'HTML' || tag === 'MAIN' || tag === 'ARTICLE') return false;
  if (SCREEN_READER_ONLY.test(element.getAttribute('class') ?? '')) return true;
  if (isBoilerplateByName(element, rules, tag)) return true;
  const words = rules === 'page' ? PAGE_FURNITURE_WORDS : INLINE_FURNITURE_WORDS;
  if (hasNameWord(element, AD_WORDS, words)) return true;
  if (rules === 'article') return false;
  if (tag === 'FORM' && !wrapsContent(element)) return true;
  return isMenuLikeList(element);
}

/** Whether the element's class or (short) id names it as one of the words of either set. */
function hasNameWord(element: Element, words: Set<string>, moreWords: Set<string>): boolean {
  const named = (word: string) => words.has(word) || moreWords.has(word);
  const idWords = nameWords(element.getAttribute('id') ?? '');
  return (idWords.length <= MAX_ID_WORDS && idWords.some(named)) || nameWords(roleClasses(element.getAttribute('class') ?? '')).some(named);
}

/**
 * The class names that say what an element is, without those that say what it has or is not:
 * "section--has-ads", "row non-paywall", "header has-sharing" describe content that sits next to ads
 * or a share bar, not the ad or the bar.
 */
const roleClasses = rememberedByName((className: string): string =>
  className.replace(/(?:^|\s|--)(?:has|with|without|no|non|is)[-_][^\s]*/gi, ' ').trim(),
);

/** Words of a class or id: "adSlot top-AD_2" -> ad, slot, top, ad, 2. */
const nameWords = rememberedByName((name: string): readonly string[] =>
  name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean),
);

/**
 * `read` with its answers kept for the names it was asked (up to a few thousand, then started afresh): a page's
 * elements share a few hundred class names, and each is read for every element that has it, in both readings
 * (the page's and the article's).
 */
function rememberedByName<T>(read: (name: string) => T): (name: string) => T {
  const known = new Map<string, T>();
  return (name) => {
    let answer = known.get(name);
    if (answer === undefined) {
      if (known.size >= 4096) known.clear();
      known.set(name, (answer = read(name)));
    }
    return answer;
  };
}

/**
 * Header and footer are page furniture only at page level; inside an article or section they are
 * that section's own (title, byline, post meta).
 */
function insideSection(element: Element): boolean {
  for (let el = element.parentElement; el; el = el.parentElement) {
    const tag = el.tagName.toUpperCase();
    if (tag === 'ARTICLE' || tag === 'SECTION' || tag === 'MAIN') return true;
  }
  return false;
}

/** Some sites (ASP.NET WebForms) wrap the whole page in one <form>. */
function wrapsContent(form: Element): boolean {
  return form.querySelector('main, article') !== null || form.getElementsByTagName('p').length >= 3;
}

/** A list whose items are nothing but short links ("Home", "About us", "Contact") is a menu. */
function isMenuLikeList(element: Element): boolean {
  const tag = element.tagName.toUpperCase();
  if (tag !== 'UL' && tag !== 'OL') return false;
  const items = Array.from(element.children).filter((child) => child.tagName.toUpperCase() === 'LI');
  if (items.length < 3) return false;
  let linkWords = 0;
  let allWords = 0;
  for (const item of items) {
    allWords += roughWordCount(item.textContent ?? '');
    for (const link of Array.from(item.getElementsByTagName('a'))) linkWords += roughWordCount(link.textContent ?? '');
  }
  return allWords > 0 && linkWords / allWords >= 0.9 && allWords / items.length <= 3;
}

function roughWordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

/**
 * Class fragments of boilerplate inside and around articles: share and social bars, newsletter and
 * consent boxes, tags, bylines and author boxes, post meta (dates, ratings), related-story teasers,
 * photo credits, comments, widgets, paywall prompts. Fragments, not words: "sharebar",
 * "post-meta", "photo-credit" all match. Figure captions are kept: they describe the article's pictures. After trafilatura's discard list (trafilatura/xpaths.py),
 * measured on its evaluation data (npm run eval:extract). Elementor (a WordPress page builder) names every
 * piece of a page, text included, "elementor-widget-…": those are not widgets in the sidebar sense.
 */
const BOILERPLATE_CLASS =
  /^shar|share-|social|viral|sociable|newsletter|syndication|tags(?![a-z])|tag-list|sidebar|banner|bread-?crumb|button|author|byline|^(?:nav|post-nav)|subnav|avigation|navbar|navbox|menu|(?:^|\s)ad(?:\s|$)|-ad-|outbrain|taboola|criteo|paid-?content|(?<!elementor-)widget|footer|embedded|consent|modal-content|permission|related|next-|-stories|most-popular|rating|attachment|user-info|user-profile|-icon|article-infos|message-container|overlay|obfuscated|blurred|cookie|credit|copyright|comment|^hide-|nocomments|-reply-|akismet|suggest-links|-hide-|hide-print|noprint|notloaded|paywall|likes/i;

/** Post meta (date, reading time): noise in an article, but an item's date in a feed or a thread. */
const POST_META_CLASS = /(?:^|[\s_-])meta|timestamp|postmetadata|entry-utility/i;

/** Id fragments of the same (ids are often slugs of a heading, so fewer and stricter). */
const BOILERPLATE_ID =
  /^shar|social|newsletter|sidebar|banner|bread-?crumb|author|footer|^nav|menu|related|cookie|^comments?(?:$|[-_])|disqus|^respond|^reply-|akismet/i;

/** Tags the name vocabulary applies to: containers and text, never the article or page itself. */
const NAMED_BOILERPLATE_TAGS = new Set(['DIV', 'SECTION', 'P', 'SPAN', 'UL', 'OL', 'LI', 'DL', 'HEADER', 'FOOTER', 'ASIDE', 'FORM', 'TABLE', 'SMALL', 'H2', 'H3', 'H4', 'H5', 'H6']);

/** Elements that are boilerplate by their class or id fragments (see BOILERPLATE_CLASS). */
export function isBoilerplateByName(element: Element, rules: FurnitureRules, tag = element.tagName.toUpperCase()): boolean {
  if (!NAMED_BOILERPLATE_TAGS.has(tag)) return false;
  const className = roleClasses(element.getAttribute('class') ?? '');
  if (className && BOILERPLATE_CLASS.test(className)) return true;
  if (className && rules === 'article' && POST_META_CLASS.test(className) && !insideRepeatedItem(element)) return true;
  const id = element.getAttribute('id');
  if (id !== null && nameWords(id).length <= MAX_ID_WORDS && BOILERPLATE_ID.test(id)) return true;
  return isTeaserOfOtherPages(element, className, id);
}

/**
 * "Teaser" names both an article's own lead paragraph (p.article-teaser, div.teaser-text) and the
 * cards that link to other articles: only the latter, mostly links or one of several alike items,
 * are boilerplate.
 */
function isTeaserOfOtherPages(element: Element, className: string, id: string | null): boolean {
  if (!/teaser/i.test(className) && !/teaser/i.test(id ?? '')) return false;
  return insideRepeatedItem(element, true, firstClassSignature) || linkShare(element) >= 0.5;
}

/** Share of the element's text inside links. */
function linkShare(element: Element): number {
  const text = visibleTextLength(element);
  if (text === 0) return 0;
  let linked = 0;
  for (const link of Array.from(element.getElementsByTagName('a'))) linked += visibleTextLength(link);
  return linked / text;
}

/**
 * Whether one of the element's near ancestors (or, with `self`, the element itself) is one of several
 * alike siblings (cards of a feed).
 */
function insideRepeatedItem(element: Element, self = false, signatureOf = fullSignature): boolean {
  let item: Element | null = self ? element : element.parentElement;
  for (let depth = 0; item?.parentElement && depth < 4; depth++, item = item.parentElement) {
    const signature = signatureOf(item);
    let alike = 0;
    for (const sibling of Array.from(item.parentElement.children)) {
      if (signatureOf(sibling) === signature && ++alike >= 3) return true;
    }
  }
  return false;
}

const fullSignature = (element: Element) => `${element.tagName}.${element.getAttribute('class') ?? ''}`;

/** Tag and first class: cards of a list often carry a numbered class of their own ("views-row-6"). */
const firstClassSignature = (element: Element) => `${element.tagName}.${(element.getAttribute('class') ?? '').trim().split(/\s+/)[0]}`;
