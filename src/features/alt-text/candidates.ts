/**
 * Which images on a page need generated alt text.
 *
 * The rules, in the order they are checked (the first that applies gives the reason):
 *
 * 1. decorative: the author marked the image as decoration: `alt=""` (or only blanks),
 *    `role="presentation"|"none"`, or `aria-hidden="true"` on the image or any ancestor,
 *    shadow hosts included. Screen readers skip these; a caption would only add noise.
 * 2. meaningful: the image already has a name that describes it. The name is what a screen
 *    reader announces: `aria-labelledby` text, else `aria-label`, else `alt`, else `title`.
 *    A name that `isUselessAlt` rejects ("IMG_2041.png", "image") does not count.
 * 3. hidden: `hidden` attribute, `display: none` on it or an ancestor, `visibility: hidden`,
 *    or inside `<noscript>` (parsed markup only; live pages never have those elements).
 *    `opacity: 0` is not hidden: lazy-loading scripts fade images in from it.
 * 4. not-loaded, for a lazy-loading placeholder: the real address waits in `data-src` and
 *    similar while `src` is empty or a data: URI. The caller retries when the image loads.
 * 5. tracking-pixel: a known analytics/ads beacon or spacer address, or 2×2 pixels or less.
 * 6. tiny: narrower or shorter than 24 CSS pixels (icons, bullets, rules), measured by the
 *    rendered box, else the width/height attributes, else the natural size.
 * 7. broken: it finished loading with no pixels (`complete` and `naturalWidth === 0`).
 * 8. not-loaded: no address yet, or still loading (`complete === false`).
 * 9. otherwise it needs alt text: `missing` when it has no name at all, `useless` when it
 *    has one that says nothing.
 *
 * A `<figcaption>` does not count as the image's name: it names the `<figure>`, not the
 * `<img>` (screen readers announce the image as unlabelled, or by its file name), and on news
 * sites it usually gives context or a credit rather than saying what the picture shows.
 *
 * Only `<img>` elements are considered (also inside `<picture>`); CSS backgrounds, `<svg>`,
 * `role="img"` elements and `<input type="image">` are out of scope.
 */

import { isBlankAlt, isUselessAlt } from './useless-alt';

export { isUselessAlt };

export type AltTextNeed =
  | { needs: true; reason: 'missing' | 'useless' }
  | {
      needs: false;
      reason: 'decorative' | 'meaningful' | 'tiny' | 'hidden' | 'tracking-pixel' | 'not-loaded' | 'broken';
    };

export type AltTextCandidate = { img: HTMLImageElement; reason: 'missing' | 'useless' };

/** What the browser knows about an image's pixels; any field may be unknown. */
export interface ImageMeasurements {
  /** `img.complete`: loading has finished, successfully or not. */
  complete?: boolean;
  naturalWidth?: number;
  naturalHeight?: number;
  /** Size of the rendered box in CSS pixels; leave out where there is no layout. */
  renderedWidth?: number;
  renderedHeight?: number;
}

/**
 * Where the image lives. A `Window` fits as is. Leave the argument out to use the image's own
 * window; pass `MARKUP_ONLY` to judge markup alone (parsed HTML without layout or loading).
 */
export interface AltTextView {
  getComputedStyle?: (element: Element) => Pick<CSSStyleDeclaration, 'display' | 'visibility'>;
  /** Defaults to reading `complete`, `naturalWidth/Height` and `getBoundingClientRect()`. */
  measureImage?: (img: HTMLImageElement) => ImageMeasurements;
}

/** For HTML parsed without a browser (linkedom, saved pages): no styles, no loading, no layout. */
export const MARKUP_ONLY: AltTextView = { measureImage: () => ({}) };

/** Below this many CSS pixels in either direction an image is an icon, bullet or rule. */
export const TINY_IMAGE_PX = 24;
/** At or below this many pixels in both directions an image is a beacon or spacer. */
const PIXEL_IMAGE_PX = 2;

export function altTextNeed(img: HTMLImageElement, view?: AltTextView): AltTextNeed {
  const src = imageSource(img);
  if (isMarkedDecorative(img)) return { needs: false, reason: 'decorative' };
  const name = accessibleName(img);
  if (name !== '' && !isUselessAlt(name, src)) return { needs: false, reason: 'meaningful' };

  // Styles and sizes only now: reading them can force a layout, which the checks above avoid.
  const getStyle = view ? view.getComputedStyle?.bind(view) : defaultGetComputedStyle(img);
  if (isHidden(img, getStyle)) return { needs: false, reason: 'hidden' };
  if (isLazyPlaceholder(img)) return { needs: false, reason: 'not-loaded' };
  const measurements = (view?.measureImage ?? measureLiveImage)(img);
  const sizeNeed = needFromSize(img, src, measurements);
  if (sizeNeed) return sizeNeed;
  if (src === '') return { needs: false, reason: 'not-loaded' };
  if (measurements.complete === false) return { needs: false, reason: 'not-loaded' };
  if (measurements.complete === true && measurements.naturalWidth === 0) return { needs: false, reason: 'broken' };
  return { needs: true, reason: name === '' ? 'missing' : 'useless' };
}

/** Every image under `root` that needs alt text, open shadow roots included. */
export function findAltTextCandidates(root: Document | ShadowRoot | Element, view?: AltTextView): AltTextCandidate[] {
  const candidates: AltTextCandidate[] = [];
  for (const img of findImages(root)) {
    const need = altTextNeed(img, view);
    if (need.needs) candidates.push({ img, reason: need.reason });
  }
  return candidates;
}

/** All `<img>` elements under `root` (and `root` itself), looking into open shadow roots. */
export function findImages(root: Document | ShadowRoot | Element): HTMLImageElement[] {
  const images: HTMLImageElement[] = [];
  const visit = (scope: Document | ShadowRoot | Element): void => {
    if (isImage(scope)) images.push(scope);
    for (const img of Array.from(scope.querySelectorAll('img'))) images.push(img);
    if (isElement(scope) && scope.shadowRoot) visit(scope.shadowRoot);
    for (const element of Array.from(scope.querySelectorAll('*'))) {
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  visit(root);
  return images;
}

/**
 * The address the image shows: the browser's `<picture>`/`srcset` choice once it has made one,
 * else `src`, else the first `srcset` candidate (of the image, then of its `<picture>` sources).
 */
export function imageSource(img: HTMLImageElement): string {
  const fromSrcset = (element: Element | null | undefined) =>
    element?.getAttribute('srcset')?.trim().split(/[\s,]+/, 1)[0] ?? '';
  const picture = img.parentElement?.localName === 'picture' ? img.parentElement : null;
  const pictureSource = picture?.querySelector('source[srcset]');
  return img.currentSrc || img.getAttribute('src')?.trim() || fromSrcset(img) || fromSrcset(pictureSource);
}

// ---- author intent -------------------------------------------------------------------------

function isMarkedDecorative(img: HTMLImageElement): boolean {
  const role = img.getAttribute('role')?.trim().toLowerCase();
  if (role === 'presentation' || role === 'none') return true;
  const lineage = [img, ...composedAncestors(img)];
  if (lineage.some((el) => el.getAttribute('aria-hidden')?.trim().toLowerCase() === 'true')) return true;
  const alt = img.getAttribute('alt');
  // An aria-label overrides an empty alt: the author named the image after all.
  return alt !== null && isBlankAlt(alt) && labelFromAria(img) === '';
}

/** The name a screen reader announces, in accessible-name order (aria, alt, title). */
function accessibleName(img: HTMLImageElement): string {
  return (
    labelFromAria(img) ||
    visibleText(img.getAttribute('alt') ?? '') ||
    visibleText(img.getAttribute('title') ?? '')
  );
}

function labelFromAria(img: HTMLImageElement): string {
  return visibleText(labelledByText(img)) || visibleText(img.getAttribute('aria-label') ?? '');
}

/** The text of the elements `aria-labelledby` names, looked up in the image's own (shadow) tree. */
function labelledByText(img: HTMLImageElement): string {
  const ids = img.getAttribute('aria-labelledby')?.trim().split(/\s+/) ?? [];
  // A detached image's root is an element, which has no getElementById.
  const root = img.getRootNode() as Partial<Pick<Document, 'getElementById'>>;
  if (ids.length === 0 || typeof root.getElementById !== 'function') return '';
  return ids.map((id) => root.getElementById?.(id)?.textContent ?? '').join(' ');
}

// ---- visibility ---------------------------------------------------------------------------

type GetStyle = AltTextView['getComputedStyle'];

function isHidden(img: HTMLImageElement, getStyle: GetStyle): boolean {
  const lineage = [img, ...composedAncestors(img)];
  if (lineage.some((el) => el.hasAttribute('hidden') || el.localName === 'noscript')) return true;
  if (!getStyle) return false;
  const own = getStyle(img);
  if (own.visibility === 'hidden' || own.visibility === 'collapse') return true;
  // `display` is not inherited, so a hidden ancestor does not show in the image's own style.
  return lineage.some((el) => getStyle(el).display === 'none');
}

function defaultGetComputedStyle(img: HTMLImageElement): GetStyle {
  const win = img.ownerDocument?.defaultView;
  if (!win || typeof win.getComputedStyle !== 'function') return undefined;
  return (element) => win.getComputedStyle(element);
}

/** Parent elements up to the document, stepping out of shadow roots to their hosts. */
function composedAncestors(element: Element): Element[] {
  const ancestors: Element[] = [];
  let current: Element | null = parentOrHost(element);
  while (current) {
    ancestors.push(current);
    current = parentOrHost(current);
  }
  return ancestors;
}

function parentOrHost(element: Element): Element | null {
  if (element.parentElement) return element.parentElement;
  const root = element.getRootNode?.();
  return root && 'host' in root && isElement(root.host) ? root.host : null;
}

// ---- loading and size ---------------------------------------------------------------------

const LAZY_SOURCE_ATTRIBUTES = [
  'data-src', 'data-srcset', 'data-lazy-src', 'data-lazy-srcset', 'data-original', 'data-lazy',
  'data-echo', 'data-hi-res-src', 'data-full-src',
];

/** The file a lazy loader shows first: "blank.gif", "lazy-placeholder.png", "loading.svg". */
const PLACEHOLDER_FILE = /\b(?:blank|spacer|placeholder|lazy|loading|transparent|pixel)\b[^/]*$/i;

/** A lazy-loading script has not yet swapped the real address in. */
function isLazyPlaceholder(img: HTMLImageElement): boolean {
  if (!LAZY_SOURCE_ATTRIBUTES.some((name) => img.getAttribute(name)?.trim())) return false;
  const src = img.getAttribute('src')?.trim() ?? '';
  return src === '' || /^data:/i.test(src) || PLACEHOLDER_FILE.test(src);
}

function needFromSize(img: HTMLImageElement, src: string, m: ImageMeasurements): AltTextNeed | undefined {
  if (isTrackingPixelUrl(src)) return { needs: false, reason: 'tracking-pixel' };
  const width = firstKnown(m.renderedWidth, attributePx(img, 'width'), naturalPx(m.naturalWidth, m));
  const height = firstKnown(m.renderedHeight, attributePx(img, 'height'), naturalPx(m.naturalHeight, m));
  if (width !== undefined && height !== undefined && width <= PIXEL_IMAGE_PX && height <= PIXEL_IMAGE_PX) {
    return { needs: false, reason: 'tracking-pixel' };
  }
  if ((width !== undefined && width < TINY_IMAGE_PX) || (height !== undefined && height < TINY_IMAGE_PX)) {
    return { needs: false, reason: 'tiny' };
  }
  return undefined;
}

/** A rendered size of 0 means "no layout here" (or not laid out yet), so it is skipped. */
function firstKnown(rendered: number | undefined, attribute: number | undefined, natural: number | undefined) {
  return rendered !== undefined && rendered > 0 ? rendered : (attribute ?? natural);
}

/** `width="300"` or `width="300px"`; percentages and junk are unknown. */
function attributePx(img: HTMLImageElement, name: 'width' | 'height'): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(img.getAttribute(name) ?? '');
  return match ? Number(match[1]) : undefined;
}

function naturalPx(value: number | undefined, m: ImageMeasurements): number | undefined {
  return m.complete && value !== undefined && value > 0 ? value : undefined;
}

function measureLiveImage(img: HTMLImageElement): ImageMeasurements {
  // Parsers without a loading model (linkedom) leave `complete` undefined: then nothing is known.
  if (typeof img.complete !== 'boolean') return {};
  const box = typeof img.getBoundingClientRect === 'function' ? img.getBoundingClientRect() : undefined;
  return {
    complete: img.complete,
    naturalWidth: img.naturalWidth,
    naturalHeight: img.naturalHeight,
    renderedWidth: box?.width,
    renderedHeight: box?.height,
  };
}

/** Analytics and ad hosts whose images are beacons; subdomains count ("sb.scorecardresearch.com"). */
const TRACKER_DOMAINS = [
  'google-analytics.com', 'googletagmanager.com', 'doubleclick.net', 'scorecardresearch.com', 'quantserve.com',
  'quantcount.com', 'pixel.wp.com', 'stats.wp.com', 'bat.bing.com', 'ads.linkedin.com', 'analytics.twitter.com',
  'ct.pinterest.com', 'adsrvr.org', 'amazon-adsystem.com', 'rubiconproject.com', 'mathtag.com', 'krxd.net',
  'chartbeat.net', 'xiti.com', 'gemius.pl', 'mc.yandex.ru', 'counter.yadro.ru', 'statcounter.com', 'omtrdc.net',
  '2o7.net', 'demdex.net', 'adnxs.com', 'criteo.com', 'criteo.net', 'bluekai.com', 'imrworldwide.com',
  'everesttech.net',
];
/** Beacon endpoints on hosts that also serve real images. */
const TRACKER_ENDPOINTS = ['facebook.com/tr', 't.co/i/adsct'];

/** Beacon folders and files: "/pixel/p-abc.gif", "/beacon/", "/__utm.gif". */
const BEACON_PATH = /\/(?:pixel|beacon|tracking|__utm\.gif)(?:\/|$)/i;
/** Spacer files: "spacer.gif", "1x1.png"; but not "clear-sky.jpg". */
const SPACER_FILE = /\/(?:spacer|spaceball|blank|clear|transparent|1x1|pixel|dot)\.(?:gif|png)$/i;
const PAGE_VIEW_QUERY = /[?&](?:ev|event)=pageview\b/i;

/** A 1×1 GIF written inline: lazy-load placeholders are caught earlier, the rest are spacers. */
const ONE_PIXEL_GIF = /^data:image\/gif;base64,R0lGODlhAQAB/i;

export function isTrackingPixelUrl(src: string): boolean {
  if (src === '') return false;
  if (ONE_PIXEL_GIF.test(src)) return true;
  const url = parseUrl(src);
  if (!url) return false;
  const host = url.hostname.toLowerCase();
  const hostAndPath = `${host}${url.pathname.replace(/\/+$/, '')}`;
  return (
    TRACKER_DOMAINS.some((domain) => isWithinDomain(host, domain)) ||
    TRACKER_ENDPOINTS.some((endpoint) => isWithinDomain(hostAndPath, endpoint)) ||
    BEACON_PATH.test(url.pathname) ||
    SPACER_FILE.test(url.pathname) ||
    PAGE_VIEW_QUERY.test(url.search)
  );
}

/** "sb.scorecardresearch.com" is within "scorecardresearch.com"; "notscorecardresearch.com" is not. */
function isWithinDomain(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

function parseUrl(src: string): URL | undefined {
  try {
    return new URL(src, 'https://page.invalid/');
  } catch {
    return undefined;
  }
}

// ---- small helpers -------------------------------------------------------------------------

/** The text with runs of whitespace made one space; '' when only blanks and invisible characters. */
function visibleText(text: string): string {
  return isBlankAlt(text) ? '' : text.replace(/\s+/g, ' ').trim();
}

function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

function isImage(node: unknown): node is HTMLImageElement {
  return isElement(node) && node.localName === 'img';
}
