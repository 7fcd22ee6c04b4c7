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
    if (described === null) return false;
    const names = namesOf(described);
    if (names === null) return false;
    const navigation = navigationRuleOf(names);
    if (navigation !== null) {
      onSkip?.(element, navigation);
      return true;
    }
    // Measured only when the guesses say furniture, so most elements are never measured.
    const landmark = isLandmarkFurniture(names, rules);
    if (!landmark && !isNamedFurniture(names, rules)) return false;
    if (holdsMostOfText(described)) return false;
    onSkip?.(element, `${landmark ? 'landmark' : 'furniture by name'} <${describe(names)}>`);
    return true;
  };
}

/** What the rules read of an element, each read once: its tag and its role, class and id attributes. */
interface Names {
  element: Element;
  /** Upper case. */
  tag: string;
  role: string | null;
  className: string | null;
  id: string | null;
}

/** The tags that are furniture by some rule even with no role, class or id (see isFurniture's rules). */
const FURNITURE_BY_TAG = new Set([...NAVIGATION_TAGS, ...LANDMARK_TAGS, 'HEADER', 'FOOTER', 'FORM', 'UL', 'OL']);

/**
 * The element's names, or null where no furniture rule can apply: no role, class or id to read, and a tag no rule
 * names by itself. Most elements of a long thread or listing are such (rows, cells, links), and in a content script
 * each attribute read is a call into the page's DOM, as each tag read is.
 */
function namesOf(element: Element): Names | null {
  const tag = element.tagName.toUpperCase();
  const className = element.getAttribute('class');
  const id = element.getAttribute('id');
  const role = element.getAttribute('role');
  if (className === null && id === null && role === null && !FURNITURE_BY_TAG.has(tag)) return null;
  return { element, tag, role, className, id };
}

/** "div.share-bar#top" */
function describe({ tag, className, id, role }: Names): string {
  const classes = (className ?? '').trim().replace(/\s+/g, '.');
  return `${tag.toLowerCase()}${classes ? `.${classes}` : ''}${id ? `#${id}` : ''}${role ? ` role=${role}` : ''}`;
}

/** Furniture by tag, role, class/id names or shape, regardless of size. */
export function isFurniture(element: Element, rules: FurnitureRules): boolean {
  const names = namesOf(element);
  return names !== null && (isNavigation(names.tag, names.role) || isLandmarkFurniture(names, rules) || isNamedFurniture(names, rules));
}

/**
 * "navigation <nav.menu>" for navigation, which the page rules skip whatever its size; else null. Of other elements
 * only the tag and role are read: on a page too big for Readability, the copy and the page watch ask every element.
 */
export function navigationRule(element: Element): string | null {
  const names = isNavigationElement(element) ? namesOf(element) : null;
  return names === null ? null : navigationRuleOf(names);
}

function navigationRuleOf(names: Names): string | null {
  return isNavigation(names.tag, names.role) ? `navigation <${describe(names)}>` : null;
}

/** The navigation elements in `doc` that sit in no other: what navigationRule leaves out, each with all it holds. */
export function outermostNavigation(doc: Document): Element[] {
  // Every [role], then isNavigation: in Chromium, [role="navigation" i] and the like take 3x as long to match.
  const candidates = Array.from(doc.querySelectorAll([...NAVIGATION_TAGS].map((tag) => tag.toLowerCase()).concat('[role]').join(', ')));
  return candidates.filter((element) => isNavigationElement(element) && !insideNavigation(element));
}

function insideNavigation(element: Element): boolean {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (isNavigationElement(parent)) return true;
  }
  return false;
}

function isNavigationElement(element: Element): boolean {
  return isNavigation(element.tagName.toUpperCase(), element.getAttribute('role'));
}

function isNavigation(tag: string, role: string | null): boolean {
  return NAVIGATION_TAGS.has(tag) || (role !== null && NAVIGATION_ROLES.has(role.toLowerCase()));
}

/** Sidebars, dialogs, page header and footer, by tag or ARIA role. */
function isLandmarkFurniture({ element, tag, role }: Names, rules: FurnitureRules): boolean {
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
function isNamedFurniture(names: Names, rules: FurnitureRules): boolean {
  const { tag } = names;
  if (tag === 'BODY' || tag === 'HTML' || tag === 'MAIN' || tag === 'ARTICLE') return false;
  const classes = classVerdict(names.className ?? '');
  if (classes.screenReaderOnly) return true;
  if (isBoilerplateByName(names, rules)) return true;
  const ids = idVerdict(names.id ?? '');
  if (rules === 'page' ? ids.pageWord || classes.pageWord : ids.inlineWord || classes.inlineWord) return true;
  if (rules === 'article') return false;
  if (tag === 'FORM' && !wrapsContent(names.element)) return true;
  return isMenuLikeList(names);
}

/** What a class or id attribute says, judged once per attribute value (see rememberedByName). */
interface NameVerdict {
  /** Matches BOILERPLATE_CLASS (a class) or BOILERPLATE_ID (an id). */
  boilerplate: boolean;
  teaser: boolean;
  /** Names one of the ad words or of the furniture words of the page rules (pageWord), of the article rules (inlineWord). */
  pageWord: boolean;
  inlineWord: boolean;
}

function wordVerdicts(words: readonly string[]): Pick<NameVerdict, 'pageWord' | 'inlineWord'> {
  return {
    pageWord: words.some((word) => AD_WORDS.has(word) || PAGE_FURNITURE_WORDS.has(word)),
    inlineWord: words.some((word) => AD_WORDS.has(word) || INLINE_FURNITURE_WORDS.has(word)),
  };
}

const classVerdict = rememberedByName((className: string): NameVerdict & { screenReaderOnly: boolean; postMeta: boolean } => {
  const role = roleClasses(className);
  return {
    screenReaderOnly: SCREEN_READER_ONLY.test(className),
    boilerplate: role !== '' && BOILERPLATE_CLASS.test(role),
    postMeta: role !== '' && POST_META_CLASS.test(role),
    teaser: /teaser/i.test(role),
    ...wordVerdicts(nameWords(role)),
  };
});

/** Only short ids say anything by their words (see MAX_ID_WORDS). */
const idVerdict = rememberedByName((id: string): NameVerdict => {
  const words = nameWords(id);
  const short = words.length <= MAX_ID_WORDS;
  return {
    boilerplate: short && BOILERPLATE_ID.test(id),
    teaser: /teaser/i.test(id),
    ...(short ? wordVerdicts(words) : { pageWord: false, inlineWord: false }),
  };
});

/**
 * The class names that say what an element is, without those that say what it has or is not:
 * "section--has-ads", "row non-paywall", "header has-sharing" describe content that sits next to ads
 * or a share bar, not the ad or the bar.
 */
function roleClasses(className: string): string {
  return className.replace(/(?:^|\s|--)(?:has|with|without|no|non|is)[-_][^\s]*/gi, ' ').trim();
}

/** Words of a class or id: "adSlot top-AD_2" -> ad, slot, top, ad, 2. */
function nameWords(name: string): readonly string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

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
function isMenuLikeList({ element, tag }: Names): boolean {
  if (tag !== 'UL' && tag !== 'OL') return false;
  const items = Array.from(element.children).filter((child) => child.tagName.toUpperCase() === 'LI');
  if (items.length < 3) return false;
  // A menu's items average 3 words at most: past that many words, a list (of references, of steps) is not one.
  const maxWords = 3 * items.length;
  let allWords = 0;
  for (const item of items) {
    allWords += roughWordCount(item.textContent ?? '');
    if (allWords > maxWords) return false;
  }
  let linkWords = 0;
  for (const item of items) {
    for (const link of Array.from(item.getElementsByTagName('a'))) linkWords += roughWordCount(link.textContent ?? '');
  }
  return allWords > 0 && linkWords / allWords >= 0.9;
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
function isBoilerplateByName(names: Names, rules: FurnitureRules): boolean {
  if (!NAMED_BOILERPLATE_TAGS.has(names.tag)) return false;
  const classes = classVerdict(names.className ?? '');
  if (classes.boilerplate) return true;
  if (classes.postMeta && rules === 'article' && !insideRepeatedItem(names.element)) return true;
  const ids = idVerdict(names.id ?? '');
  if (ids.boilerplate) return true;
  return (classes.teaser || ids.teaser) && isTeaserOfOtherPages(names.element);
}

/**
 * "Teaser" names both an article's own lead paragraph (p.article-teaser, div.teaser-text) and the
 * cards that link to other articles: only the latter, mostly links or one of several alike items,
 * are boilerplate.
 */
function isTeaserOfOtherPages(element: Element): boolean {
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
