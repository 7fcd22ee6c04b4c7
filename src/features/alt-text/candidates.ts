/**
 * Which image-like elements on a page need generated alt text, following WCAG's alt decision tree.
 *
 * Image-like elements (`imageKind`): `<img>` (also inside `<picture>`), `<input type="image">`,
 * `<area href>`, `<svg>` (outermost only), `<object>`/`<embed>` of an image (and `<object>` of plugin
 * content, to be marked presentational), and any other element
 * with `role="img"` (often a CSS background). `findImages` also looks into open shadow roots and
 * same-origin frames.
 *
 * The rules, in the order they are checked (the first that applies gives the reason):
 *
 * 1. decorative: the author marked it as decoration: `alt=""` (or only blanks) on an `<img>`,
 *    `role="presentation"|"none"`, or `aria-hidden="true"` on it or any ancestor, shadow hosts
 *    included. (A blank alt on an image button or a map area is no name: they are links and
 *    buttons, which need one.)
 * 2. meaningful: it already has a name that describes it. The name is what a screen reader
 *    announces: `aria-labelledby` text, else `aria-label`, else `alt`, else an SVG's `<title>`,
 *    else `title`. A name that `isUselessAlt` rejects ("IMG_2041.png", "image") does not count.
 *    An `<img>` alt that only repeats the text beside it (in its link, or its neighbours) is
 *    `redundant`: a screen reader would say it twice.
 * 3. hidden: `hidden` attribute, `display: none` on it or an ancestor, `visibility: hidden`,
 *    or inside `<noscript>` (parsed markup only; live pages never have those elements). An
 *    `<area>` is judged by the image that uses its map (and is hidden when none does).
 *    `opacity: 0` is not hidden: lazy-loading scripts fade images in from it.
 * 4. not-loaded, for a lazy-loading placeholder: the real address waits in `data-src` and
 *    similar while `src` is empty or a data: URI. The caller retries when the image loads.
 * 5. tracking-pixel: a known analytics/ads beacon or spacer address, or 2×2 pixels or less.
 * 5a. plugin: an `<object>` of Flash, a Java applet or Silverlight, which no browser runs: an empty
 *    box (its fallback, when it has text, is what a screen reader reads: then it is left alone).
 * 6. tiny: narrower or shorter than 24 CSS pixels (icons, bullets, rules), measured by the
 *    rendered box, else the width/height attributes, else the natural size; unless it is all
 *    there is in its link or button, whose name it then is. Image buttons and areas are never
 *    tiny: they are controls.
 * 7. broken: an `<img>` that finished loading with no pixels (`complete`, `naturalWidth === 0`).
 * 8. not-loaded: no address yet, or still loading (`complete === false`).
 * 9. otherwise it needs alt text: `missing` when it has no name at all, `useless` when it
 *    has one that says nothing.
 *
 * `decorativeMark` says which of the images left alone still need marking as decorative, so a
 * screen reader never falls back to a file name: tiny ones, tracking pixels, plugin boxes, redundant
 * alts and blank-but-not-empty alts.
 *
 * A `<figcaption>` does not count as the image's name: it names the `<figure>`, not the
 * `<img>` (screen readers announce the image as unlabelled, or by its file name), and on news
 * sites it usually gives context or a credit rather than saying what the picture shows.
 */

import type { ImageLikeKind } from './types';
import { isBlankAlt, isUselessAlt } from './useless-alt';

export { isUselessAlt };

export type ImageKind = ImageLikeKind;

export type AltTextNeed =
  | { needs: true; reason: 'missing' | 'useless' }
  | {
      needs: false;
      reason: 'decorative' | 'meaningful' | 'redundant' | 'tiny' | 'hidden' | 'tracking-pixel' | 'plugin' | 'not-loaded' | 'broken';
    };

/** Why an element left alone is still marked decorative by us. */
export type DecorativeReason = 'tiny' | 'tracking-pixel' | 'redundant' | 'blank-alt' | 'plugin';

export type AltTextCandidate = { img: Element; reason: 'missing' | 'useless' };

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
  measureImage?: (img: Element) => ImageMeasurements;
}

/** For HTML parsed without a browser (linkedom, saved pages): no styles, no loading, no layout. */
export const MARKUP_ONLY: AltTextView = { measureImage: () => ({}) };

/** Below this many CSS pixels in either direction an image is an icon, bullet or rule. */
export const TINY_IMAGE_PX = 24;
/** At or below this many pixels in both directions an image is a beacon or spacer. */
const PIXEL_IMAGE_PX = 2;

const IMAGE_RESOURCE = /\.(?:jpe?g|jfif|png|apng|gif|webp|avif|svg|bmp|ico)(?:[?#].*)?$/i;
/** Plugin content no browser runs any more (Flash, Java applets, Silverlight): it shows nothing but its fallback. */
const PLUGIN_TYPE = /^application\/(?:x-shockwave-flash|futuresplash|x-java-applet|java-archive|x-silverlight(?:-2)?)\b/i;
const PLUGIN_RESOURCE = /\.(?:swf|class|xap)(?:[?#].*)?$/i;

/** What kind of image-like element this is, or undefined for anything else. */
export function imageKind(element: Element): ImageKind | undefined {
  switch (element.localName) {
    case 'img':
      return 'img';
    case 'input':
      return element.getAttribute('type')?.trim().toLowerCase() === 'image' ? 'input' : undefined;
    case 'area':
      return element.hasAttribute('href') ? 'area' : undefined;
    case 'svg':
      // A nested <svg> is part of its outer one's picture.
      return element.parentElement?.closest('svg') ? undefined : 'svg';
    case 'object':
      return isImageResource(element.getAttribute('data'), element.getAttribute('type')) || isPlugin(element) ? 'object' : undefined;
    case 'embed':
      return isImageResource(element.getAttribute('src'), element.getAttribute('type')) ? 'embed' : undefined;
    default:
      return roleOf(element) === 'img' ? 'role-img' : undefined;
  }
}

function isImageResource(url: string | null, type: string | null): boolean {
  if (type?.trim()) return /^image\//i.test(type.trim());
  return !!url && (IMAGE_RESOURCE.test(url.trim()) || /^data:image\//i.test(url.trim()));
}

/**
 * An `<object>` of plugin content: an empty box to everyone, which axe (object-alt) still wants named or
 * marked presentational. (An `<embed>` of it has no name to give and is left alone.)
 */
function isPlugin(element: Element): boolean {
  if (element.localName !== 'object') return false;
  const type = element.getAttribute('type')?.trim();
  if (type) return PLUGIN_TYPE.test(type);
  const url = element.getAttribute('data')?.trim();
  return !!url && PLUGIN_RESOURCE.test(url);
}

export function altTextNeed(img: Element, view?: AltTextView): AltTextNeed {
  const kind = imageKind(img) ?? 'img';
  const src = imageSource(img);
  if (isMarkedDecorative(img, kind)) return { needs: false, reason: 'decorative' };
  const name = accessibleName(img, kind);
  if (name !== '' && !isUselessAlt(name, src)) {
    return kind === 'img' && name === altOf(img) && repeatsAdjacentText(img, name)
      ? { needs: false, reason: 'redundant' }
      : { needs: false, reason: 'meaningful' };
  }

  // Nothing to describe: the browser shows the fallback content, if any, in its place.
  if (isPlugin(img)) return { needs: false, reason: visibleText(img.textContent ?? '') ? 'meaningful' : 'plugin' };
  // Styles and sizes only now: reading them can force a layout, which the checks above avoid.
  const shown = kind === 'area' ? mapImageOf(img) : img;
  if (!shown) return { needs: false, reason: 'hidden' };
  const getStyle = view ? view.getComputedStyle?.bind(view) : defaultGetComputedStyle(shown);
  if (isHidden(shown, getStyle)) return { needs: false, reason: 'hidden' };
  const missing = { needs: true, reason: name === '' ? 'missing' : 'useless' } as const;
  // Controls need a name whatever their size: a screen reader announces them.
  if (kind === 'area' || kind === 'input') return missing;
  if (kind === 'img' && isLazyPlaceholder(img)) return { needs: false, reason: 'not-loaded' };
  const measurements = (view?.measureImage ?? measureLiveImage)(img);
  const sizeNeed = needFromSize(img, src, measurements);
  if (sizeNeed) return sizeNeed;
  if (kind !== 'img') return missing;
  if (src === '') return { needs: false, reason: 'not-loaded' };
  if (measurements.complete === false) return { needs: false, reason: 'not-loaded' };
  if (measurements.complete === true && measurements.naturalWidth === 0) return { needs: false, reason: 'broken' };
  return missing;
}

/**
 * Whether an element left alone must still be marked decorative (`alt=""`, or
 * `role="presentation"` where alt does not apply) so that a screen reader does not read out its
 * file name or stumble on it: tiny icons, tracking pixels and spacers, alts that repeat the text
 * beside them, and alts of blanks only (whitespace is not empty to a screen reader).
 */
export function decorativeMark(img: Element, need: AltTextNeed): DecorativeReason | undefined {
  if (need.needs) return undefined;
  if (need.reason === 'tiny' || need.reason === 'tracking-pixel' || need.reason === 'redundant' || need.reason === 'plugin') return need.reason;
  const alt = img.getAttribute('alt');
  if (need.reason === 'decorative' && imageKind(img) === 'img' && alt !== null && alt !== '' && isBlankAlt(alt) && labelFromAria(img) === '') {
    return 'blank-alt';
  }
  return undefined;
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

const IMAGE_SELECTOR = 'img, input, area, svg, object, embed, [role]';

/**
 * All image-like elements under `root` (and `root` itself), in page order, looking into open
 * shadow roots and the documents of same-origin frames.
 */
export function findImages(root: Document | ShadowRoot | Element): Element[] {
  const images: Element[] = [];
  const visit = (scope: Document | ShadowRoot | Element): void => {
    const elements = isElement(scope) ? [scope, ...Array.from(scope.querySelectorAll('*'))] : Array.from(scope.querySelectorAll('*'));
    for (const element of elements) {
      if (element.matches(IMAGE_SELECTOR) && imageKind(element)) images.push(element);
      if (element.shadowRoot) visit(element.shadowRoot);
      const frameDocument = sameOriginFrameDocument(element);
      if (frameDocument) visit(frameDocument);
    }
  };
  visit(root);
  return images;
}

/** The document of an `<iframe>`/`<frame>` the page may read; a cross-origin frame has its own content script. */
function sameOriginFrameDocument(element: Element): Document | undefined {
  if (element.localName !== 'iframe' && element.localName !== 'frame') return undefined;
  try {
    return (element as HTMLIFrameElement).contentDocument ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The address the image shows: the browser's `<picture>`/`srcset` choice once it has made one,
 * else `src`, else the first `srcset` candidate (of the image, then of its `<picture>` sources).
 * For the other kinds: an image button's `src`, an object's `data`, an embed's `src`, a CSS
 * background's first `url()`, a map area's `href`; '' for inline SVG.
 */
export function imageSource(img: Element): string {
  const kind = imageKind(img) ?? 'img';
  if (kind === 'object') return img.getAttribute('data')?.trim() ?? '';
  if (kind === 'input' || kind === 'embed') return img.getAttribute('src')?.trim() ?? '';
  if (kind === 'area') return img.getAttribute('href')?.trim() ?? '';
  if (kind === 'svg') return '';
  if (kind === 'role-img') return backgroundImageUrl(img);
  const fromSrcset = (element: Element | null | undefined) =>
    element?.getAttribute('srcset')?.trim().split(/[\s,]+/, 1)[0] ?? '';
  const picture = img.parentElement?.localName === 'picture' ? img.parentElement : null;
  const pictureSource = picture?.querySelector('source[srcset]');
  return (img as HTMLImageElement).currentSrc || img.getAttribute('src')?.trim() || fromSrcset(img) || fromSrcset(pictureSource);
}

/** The first `url(...)` of an element's computed (or inline) background image; '' without layout. */
export function backgroundImageUrl(element: Element): string {
  const view = element.ownerDocument?.defaultView;
  const background =
    (view && typeof view.getComputedStyle === 'function' ? view.getComputedStyle(element).backgroundImage : undefined) ||
    (element as HTMLElement).style?.backgroundImage ||
    '';
  const match = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/.exec(background);
  return (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
}

/** The `<img>` (or `<input>`/`<object>`) whose `usemap` points at the area's `<map>`. */
export function mapImageOf(area: Element): Element | undefined {
  const map = area.closest('map');
  const name = map?.getAttribute('name') || map?.id;
  if (!map || !name) return undefined;
  const root = map.getRootNode() as Document | ShadowRoot;
  return Array.from(root.querySelectorAll('[usemap]')).find((element) => element.getAttribute('usemap')?.trim().replace(/^#/, '') === name);
}

// ---- author intent -------------------------------------------------------------------------

function roleOf(element: Element): string | undefined {
  return element.getAttribute('role')?.trim().toLowerCase().split(/\s+/)[0];
}

function isMarkedDecorative(img: Element, kind: ImageKind): boolean {
  const role = roleOf(img);
  if (role === 'presentation' || role === 'none') return true;
  const lineage = [img, ...composedAncestors(img)];
  if (lineage.some((el) => el.getAttribute('aria-hidden')?.trim().toLowerCase() === 'true')) return true;
  if (kind !== 'img') return false;
  const alt = img.getAttribute('alt');
  // An aria-label overrides an empty alt: the author named the image after all.
  return alt !== null && isBlankAlt(alt) && labelFromAria(img) === '';
}

/** The name a screen reader announces, in accessible-name order (aria, alt, SVG title, title). */
function accessibleName(img: Element, kind: ImageKind): string {
  return (
    labelFromAria(img) ||
    (kind === 'img' || kind === 'input' || kind === 'area' ? altOf(img) : '') ||
    (kind === 'svg' ? visibleText(svgTitle(img)) : '') ||
    visibleText(img.getAttribute('title') ?? '')
  );
}

function altOf(img: Element): string {
  return visibleText(img.getAttribute('alt') ?? '');
}

function svgTitle(svg: Element): string {
  return Array.from(svg.children).find((child) => child.localName === 'title')?.textContent ?? '';
}

export function labelFromAria(img: Element): string {
  return visibleText(labelledByText(img)) || visibleText(img.getAttribute('aria-label') ?? '');
}

/** The text of the elements `aria-labelledby` names, looked up in the image's own (shadow) tree. */
function labelledByText(img: Element): string {
  const ids = img.getAttribute('aria-labelledby')?.trim().split(/\s+/) ?? [];
  // A detached image's root is an element, which has no getElementById.
  const root = img.getRootNode() as Partial<Pick<Document, 'getElementById'>>;
  if (ids.length === 0 || typeof root.getElementById !== 'function') return '';
  return ids.map((id) => root.getElementById?.(id)?.textContent ?? '').join(' ');
}

// ---- links and the text around an image ----------------------------------------------------

const CONTROL_SELECTOR = 'a[href], button, [role="link"], [role="button"]';

/** Words only, for comparing an alt with the text beside it: "Jane Doe." equals "jane doe". */
function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The text of `scope` outside `skip`. */
function textOutside(scope: Node, skip: Element): string {
  if (scope === skip) return '';
  if (scope.nodeType === 3) return scope.textContent ?? '';
  if (scope.nodeType !== 1 && scope.nodeType !== 11) return '';
  return Array.from(scope.childNodes).map((child) => textOutside(child, skip)).join(' ');
}

/** The link or button the image sits in, if any. */
function controlOf(img: Element): Element | null {
  return img.parentElement?.closest(CONTROL_SELECTOR) ?? null;
}

/**
 * Whether the image is all there is in its link or button (no text, no other named image): then
 * the image's alt is the control's only name, and even a tiny icon must be described.
 */
export function isSoleContentOfControl(img: Element): boolean {
  const control = controlOf(img);
  if (!control || labelFromAria(control) !== '') return false;
  if (comparable(textOutside(control, img)) !== '') return false;
  return !Array.from(control.querySelectorAll('img[alt], [aria-label]')).some(
    (other) => other !== img && !img.contains(other) && visibleText(other.getAttribute('alt') ?? other.getAttribute('aria-label') ?? '') !== '',
  );
}

/** An alt that says again what the text of its link, or the text right beside it, says. */
function repeatsAdjacentText(img: Element, alt: string): boolean {
  const wanted = comparable(alt);
  if (wanted === '') return false;
  const control = controlOf(img);
  if (control) return comparable(textOutside(control, img)) === wanted;
  const siblingText = (node: Node | null, step: (n: Node) => Node | null): string => {
    for (let current = node; current; current = step(current)) {
      const text = comparable(current.textContent ?? '');
      if (text !== '') return text;
    }
    return '';
  };
  return (
    siblingText(img.previousSibling, (n) => n.previousSibling) === wanted ||
    siblingText(img.nextSibling, (n) => n.nextSibling) === wanted
  );
}

// ---- visibility ---------------------------------------------------------------------------

type GetStyle = AltTextView['getComputedStyle'];

function isHidden(img: Element, getStyle: GetStyle): boolean {
  const lineage = [img, ...composedAncestors(img)];
  if (lineage.some((el) => el.hasAttribute('hidden') || el.localName === 'noscript')) return true;
  if (!getStyle) return false;
  const own = getStyle(img);
  if (own.visibility === 'hidden' || own.visibility === 'collapse') return true;
  // `display` is not inherited, so a hidden ancestor does not show in the image's own style.
  return lineage.some((el) => getStyle(el).display === 'none');
}

function defaultGetComputedStyle(img: Element): GetStyle {
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
export function isLazyPlaceholder(img: Element): boolean {
  if (!LAZY_SOURCE_ATTRIBUTES.some((name) => img.getAttribute(name)?.trim())) return false;
  const src = img.getAttribute('src')?.trim() ?? '';
  return src === '' || /^data:/i.test(src) || PLACEHOLDER_FILE.test(src);
}

function needFromSize(img: Element, src: string, m: ImageMeasurements): AltTextNeed | undefined {
  if (isTrackingPixelUrl(src)) return { needs: false, reason: 'tracking-pixel' };
  const width = firstKnown(m.renderedWidth, attributePx(img, 'width'), naturalPx(m.naturalWidth, m));
  const height = firstKnown(m.renderedHeight, attributePx(img, 'height'), naturalPx(m.naturalHeight, m));
  if (width !== undefined && height !== undefined && width <= PIXEL_IMAGE_PX && height <= PIXEL_IMAGE_PX) {
    return { needs: false, reason: 'tracking-pixel' };
  }
  const tiny = (width !== undefined && width < TINY_IMAGE_PX) || (height !== undefined && height < TINY_IMAGE_PX);
  if (tiny && !isSoleContentOfControl(img)) {
    return { needs: false, reason: 'tiny' };
  }
  return undefined;
}

/** A rendered size of 0 means "no layout here" (or not laid out yet), so it is skipped. */
function firstKnown(rendered: number | undefined, attribute: number | undefined, natural: number | undefined) {
  return rendered !== undefined && rendered > 0 ? rendered : (attribute ?? natural);
}

/** `width="300"` or `width="300px"`; percentages and junk are unknown. */
function attributePx(img: Element, name: 'width' | 'height'): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(img.getAttribute(name) ?? '');
  return match ? Number(match[1]) : undefined;
}

function naturalPx(value: number | undefined, m: ImageMeasurements): number | undefined {
  return m.complete && value !== undefined && value > 0 ? value : undefined;
}

function measureLiveImage(element: Element): ImageMeasurements {
  const img = element as Partial<HTMLImageElement>;
  const box = typeof element.getBoundingClientRect === 'function' ? element.getBoundingClientRect() : undefined;
  // Other kinds than <img> have no loading state, only a box.
  if (element.localName !== 'img') return box ? { renderedWidth: box.width, renderedHeight: box.height } : {};
  // Parsers without a loading model (linkedom) leave `complete` undefined: then nothing is known.
  if (typeof img.complete !== 'boolean') return {};
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

