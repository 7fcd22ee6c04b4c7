// Which elements are page furniture rather than content: skipped when taking a page's visible text.

import { isNonTextElement } from './blocks';

const SKIPPED_TAGS = new Set(['NAV', 'ASIDE', 'MENU']);

const SKIPPED_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'toolbar',
  'dialog', 'alertdialog', 'tablist', 'tooltip',
]);

/** Words in class/id names of ads and trackers-as-content. */
const AD_WORDS = new Set([
  'ad', 'ads', 'adv', 'advert', 'adverts', 'advertisement', 'advertisements', 'advertising', 'adsbygoogle',
  'adslot', 'adunit', 'adsense', 'adbox', 'adblock', 'adcontainer', 'adwrapper', 'dfp', 'doubleclick',
  'sponsor', 'sponsored', 'sponsors', 'promoted', 'outbrain', 'taboola', 'zergnet', 'revcontent',
]);

/** Words in class/id names of page furniture. */
const FURNITURE_WORDS = new Set([
  'cookie', 'cookies', 'consent', 'gdpr', 'newsletter', 'subscribe', 'subscription', 'paywall',
  'share', 'sharing', 'sharebar', 'social', 'breadcrumb', 'breadcrumbs', 'pagination', 'pager',
  'sidebar', 'navbar', 'nav', 'navigation', 'menu', 'footer', 'masthead', 'popup', 'modal', 'overlay',
  'related', 'recommended', 'recommendations', 'trending', 'promo', 'banner', 'toolbar', 'skiplink',
]);

/** Screen-reader-only helpers ("Skip to content", "Opens in a new window"). */
const SCREEN_READER_ONLY = /(?:^|\s)(?:sr-only|visually-hidden|visuallyhidden|screen-reader-text|screenreader|a11y-hidden|offscreen)(?:\s|$)/i;

/** Words of a class or id: "adSlot top-AD_2" -> ad, slot, top, ad, 2. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function hasWord(element: Element, words: Set<string>): boolean {
  const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
  if (!names.trim()) return false;
  return nameWords(names).some((word) => words.has(word));
}

export function looksLikeAd(element: Element): boolean {
  return hasWord(element, AD_WORDS);
}

export function looksLikeFurniture(element: Element): boolean {
  return hasWord(element, FURNITURE_WORDS);
}

/**
 * Which elements to leave out of a page's main visible text: navigation, page header/footer,
 * sidebars, forms, ads, dialogs, screen-reader helpers and menu-like link lists.
 *
 * Names and landmarks are guesses, and some sites wrap the whole page in a div named like
 * "layout-with-sidebar" or "ad-portal": an element holding most of the page's text is never
 * furniture, whatever it is called.
 */
export function createBoilerplateFilter(
  root: Element,
  /** Where to read an element's tag, role and names, if not from itself (Readability strips classes). */
  describedBy: (element: Element) => Element | null = (element) => element,
): (element: Element) => boolean {
  const rootLength = textLength(root);
  const holdsMostOfPage = (element: Element) => textLength(element) >= MOST_OF_PAGE * rootLength;
  return (element) => {
    const described = describedBy(element);
    // Measured only when the names say furniture, so most elements are never measured.
    return described !== null && isFurnitureElement(described) && !holdsMostOfPage(element);
  };
}

/** An element that holds at least this share of the page's text is content. */
const MOST_OF_PAGE = 0.5;

/** Furniture by tag, landmark role, class/id name or shape, regardless of size. */
export function isFurnitureElement(element: Element): boolean {
  const tag = element.tagName.toUpperCase();
  if (tag === 'BODY' || tag === 'HTML' || tag === 'MAIN' || tag === 'ARTICLE') return false;
  if (SKIPPED_TAGS.has(tag)) return true;
  const role = element.getAttribute('role');
  if (role && SKIPPED_ROLES.has(role.toLowerCase())) return true;
  if ((tag === 'HEADER' || tag === 'FOOTER') && !insideSection(element)) return true;
  if (tag === 'FORM' && !wrapsContent(element)) return true;
  if (looksLikeAd(element) || looksLikeFurniture(element)) return true;
  if (SCREEN_READER_ONLY.test(element.getAttribute('class') ?? '')) return true;
  return isMenuLikeList(element);
}

/** Length of the text a reader could see in `element` (no scripts, styles...), spaces excluded. */
function textLength(element: Element): number {
  let length = 0;
  const pending: Element[] = [element];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (let node = current.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) length += countNonSpace(node.nodeValue ?? '');
      else if (node.nodeType === 1 && !isNonTextElement(node as Element)) pending.push(node as Element);
    }
  }
  return length;
}

function countNonSpace(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) count++;
  return count;
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
    const text = item.textContent ?? '';
    allWords += roughWordCount(text);
    for (const link of Array.from(item.getElementsByTagName('a'))) linkWords += roughWordCount(link.textContent ?? '');
  }
  return allWords > 0 && linkWords / allWords >= 0.9 && allWords / items.length <= 3;
}

function roughWordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}
