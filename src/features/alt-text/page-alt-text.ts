// Alt text on the live page (content script): which images need it, captioning one, writing the result
// into the page so screen readers read it, and undoing that.
import { engineStream } from '../../engine/client';
import { EngineError } from '../../engine/errors';
import { fromBase64 } from '../../messaging/base64';
import { PAGE_ID } from '../../messaging/page-id';
import { putRgbaPixels } from '../../platform/canvas-pixels';
import type { ChatMessage, DownloadProgress, ImagePixels, Priority } from '../../engine/types';
import { altTextNeed, decorativeMark, findImages, imageKind, imageSource, isLazyPlaceholder, labelFromAria, mapImageOf, type DecorativeReason } from './candidates';
import { captionToAltText } from './caption-text';
import { altTextForWords, imageWords, SUMMARY_MAX_TOKENS } from './image-text';
import { imagePixels } from './pixels';
import type { AltTextItem, GeneratedAltText, ImageLikeKind, ImageRef } from './types';
import { invisibility } from './visibility';
import { localized, t, type MessageKey } from '../../i18n/i18n';

/**
 * Marks what we wrote: `generated` (a description), `decorative` (marked decorative by our rules) or
 * `unseen` (not visible when the person asked: marked decorative for now, and judged afresh on the
 * next run). The original values are kept beside them for Undo.
 */
export const GENERATED_ATTRIBUTE = 'data-nano-banana-alt';
export const ORIGINAL_ATTRIBUTE = 'data-nano-banana-original-alt';
const ORIGINAL_PREFIX = 'data-nano-banana-original-';

type Mark = 'generated' | 'decorative' | 'unseen';

const ids = new WeakMap<Element, number>();
const images = new Map<number, WeakRef<Element>>();
/** Why we marked an element decorative, for the side panel's list. */
const decorativeNotes = new WeakMap<Element, string>();
let nextId = 1;

export function imageId(img: Element): number {
  let id = ids.get(img);
  if (id === undefined) {
    id = nextId++;
    ids.set(img, id);
    images.set(id, new WeakRef(img));
  }
  return id;
}

/** The image a request names; gone when it has left the page, or when the request was made for another document. */
export function imageByRef({ id, page }: ImageRef): Element {
  const img = page === PAGE_ID ? images.get(id)?.deref() : undefined;
  if (!img?.isConnected) throw new Error(t('errImageGone'));
  return img;
}

const DECORATIVE_NOTES: Record<DecorativeReason, MessageKey> = {
  tiny: 'decorativeTiny',
  'tracking-pixel': 'decorativeTracking',
  redundant: 'decorativeRedundant',
  'blank-alt': 'decorativeBlank',
  plugin: 'altDecorativePlugin',
};

/**
 * Images lacking useful alt text, the broken ones among them (listed so the user learns why they are
 * skipped), the ones we already wrote (so the list can offer Undo), and the ones marked decorative now
 * or before (also with Undo), in page order. Marking decorative happens here, at once: it needs no model.
 * An image the person cannot see is not described (a hostile page could have it described for it), but
 * marked decorative; the page learns nothing from that it did not decide itself.
 */
export function listAltTextItems(root: Document = document): AltTextItem[] {
  const items: AltTextItem[] = [];
  for (const img of findImages(root)) {
    // Not visible on an earlier run: judged afresh, it may be in view now.
    if (img.getAttribute(GENERATED_ATTRIBUTE) === 'unseen') undoAltText(img);
    const mark = img.getAttribute(GENERATED_ATTRIBUTE);
    if (mark === 'generated') {
      items.push({ ...itemBase(img), reason: 'generated' });
      continue;
    }
    if (mark === 'decorative') {
      items.push({ ...itemBase(img), reason: 'decorative', note: decorativeNotes.get(img) });
      continue;
    }
    const need = altTextNeed(img);
    const decorative = decorativeMark(img, need);
    if (decorative) {
      markDecorative(img, 'decorative', t(DECORATIVE_NOTES[decorative]));
      items.push({ ...itemBase(img), reason: 'decorative', note: t(DECORATIVE_NOTES[decorative]) });
    } else if (need.needs && invisibility(img)) {
      markDecorative(img, 'unseen', t('errImageInvisible'));
      items.push({ ...itemBase(img), reason: 'decorative', note: t('errImageInvisible') });
    } else if (need.needs) {
      items.push({ ...itemBase(img), reason: need.reason });
    } else if (need.reason === 'broken') {
      items.push({ ...itemBase(img), reason: 'broken', problem: t('errImageBroken') });
    } else if (need.reason === 'not-loaded' && loadNow(img)) {
      // A lazy image below the fold: loading it now lets it be described on this run (describing waits for it).
      items.push({ ...itemBase(img), reason: 'missing' });
    } else if (need.reason === 'not-loaded' && (isLazyPlaceholder(img) || !imageSource(img))) {
      // A lazy-loading script's placeholder, or an <img> with no address at all (a script's own lazy
      // attribute, a slot filled later, or never): only the page knows when a real image comes, and
      // until then a screen reader would announce an unnamed image.
      markDecorative(img, 'unseen', t('decorativePlaceholder'));
      describeWhenLoaded(img);
      items.push({ ...itemBase(img), reason: 'decorative', note: t('decorativePlaceholder') });
    }
  }
  return items;
}

const awaitingLoad = new WeakSet<Element>();

/** Describes a lazy loader's image once its real address is in and loaded (as automatic mode does: no screenshot). */
function describeWhenLoaded(img: Element): void {
  if (awaitingLoad.has(img)) return;
  awaitingLoad.add(img);
  const loaded = async () => {
    if (isLazyPlaceholder(img)) return; // the placeholder itself loaded; the real image is still to come
    img.removeEventListener('load', loaded);
    awaitingLoad.delete(img);
    if (img.getAttribute(GENERATED_ATTRIBUTE) === 'unseen') undoAltText(img);
    if (!stillNeedsAltText(img)) return;
    try {
      const { text } = await describeImage(img, { priority: 'background', mayScroll: false, allowScreenshot: false });
      if (stillNeedsAltText(img)) applyAltText(img, text);
    } catch {
      // Unreadable once it arrived: it stays without alt, as it would in automatic mode.
    }
  };
  img.addEventListener('load', loaded);
}

/** Starts loading a browser-lazy (`loading="lazy"`) image that has not loaded yet; whether it did. */
function loadNow(img: Element): boolean {
  if (imageKind(img) !== 'img' || (img as HTMLImageElement).loading !== 'lazy' || !imageSource(img)) return false;
  (img as HTMLImageElement).loading = 'eager';
  return true;
}

function itemBase(img: Element): Pick<AltTextItem, 'id' | 'page' | 'src' | 'alt' | 'kind' | 'width' | 'height'> {
  const box = img.localName === 'area' ? mapImageOf(img)?.getBoundingClientRect() : img.getBoundingClientRect();
  return {
    id: imageId(img),
    page: PAGE_ID,
    src: imageSource(img),
    alt: nameAttributeOf(img) === 'alt' ? (img.getAttribute('alt') ?? '') : (img.getAttribute('aria-label') ?? ''),
    kind: (imageKind(img) ?? 'img') satisfies ImageLikeKind,
    width: Math.round(box?.width ?? 0),
    height: Math.round(box?.height ?? 0),
  };
}

/** Which attribute carries the name we write: `alt` where HTML has one, else `aria-label`. */
function nameAttributeOf(img: Element): 'alt' | 'aria-label' {
  const kind = imageKind(img);
  return kind === 'img' || kind === 'input' || kind === 'area' ? 'alt' : 'aria-label';
}

/** The attributes we may change on an element, saved before the first change so Undo can restore them. */
function touchedAttributes(img: Element): string[] {
  return nameAttributeOf(img) === 'alt' ? ['alt'] : ['aria-label', 'role'];
}

function saveOriginals(img: Element): void {
  if (img.hasAttribute(GENERATED_ATTRIBUTE)) return;
  for (const name of touchedAttributes(img)) {
    const value = img.getAttribute(name);
    if (value !== null) img.setAttribute(ORIGINAL_PREFIX + name, value);
  }
}

/**
 * Captions one image (from the cache when the same pixels were seen before) and reads the text in it;
 * returns good alt text: what the image is, and what it says when it holds text.
 */
export async function describeImage(
  img: Element,
  {
    priority = 'interactive',
    mayScroll = true,
    allowScreenshot = true,
    onDownload,
    signal,
  }: {
    priority?: Priority;
    /** Whether the page may be scrolled to bring the image on screen for a screenshot. */
    mayScroll?: boolean;
    /** Whether a screenshot may be the last way to the pixels. */
    allowScreenshot?: boolean;
    onDownload?: (progress: DownloadProgress) => void;
    signal?: AbortSignal;
  } = {},
): Promise<GeneratedAltText> {
  // A map area is a link: it is named after where it leads, not after pixels.
  if (imageKind(img) === 'area') return { text: areaName(img), source: 'page' };
  // Stop works while the pixels are still being read, too.
  const { pixels, source } = await untilAborted(imagePixels(img, { mayScroll, allowScreenshot }), signal);
  // The engine caches captions by the pixels' hash, so a revisit costs nothing.
  const [{ text: caption, answeredBy }, words] = await Promise.all([
    engineStream('caption', { image: pixels, priority }, { onProgress: onDownload, signal }),
    readWords(pixels, signal),
  ]);
  const description = captionToAltText(caption);
  const { text, allText } = words ? await altTextForWords(description, words, { summarize: (messages) => summarizeIfStored(messages, priority, signal) }) : { text: description };
  if (!text) throw new Error(t('errCouldNotDescribe'));
  return {
    text,
    thumbnail: thumbnailOf(pixels),
    source,
    ...(answeredBy ? { answeredBy } : {}),
    ...(allText ? { allText } : {}),
  };
}

/** The stored text model's answer (storedOnly: never a download, never a model server); undefined otherwise. */
async function summarizeIfStored(messages: ChatMessage[], priority: Priority, signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    return (await engineStream('generate', { messages, maxNewTokens: SUMMARY_MAX_TOKENS, priority, storedOnly: true }, { signal })).text;
  } catch (error) {
    if (error instanceof EngineError && error.code === 'cancelled') throw error;
    return undefined;
  }
}

/** The words in the image, if any; a reader that fails leaves the caption alone (Stop still stops). */
async function readWords(image: ImagePixels, signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    return imageWords(await engineStream('readText', { image }, { signal }));
  } catch (error) {
    if (error instanceof EngineError && error.code === 'cancelled') throw error;
    console.warn('Nano Banana could not read the text in an image:', error);
    return undefined;
  }
}

/**
 * A map area's name: where its link leads ("North america" for `/regions/north-america.html`, the host
 * for another site's home page), and the map's image when that has a name ("North america – World map").
 */
export function areaName(area: Element): string {
  const href = area.getAttribute('href')?.trim() ?? '';
  let label = href;
  try {
    const url = new URL(href, area.baseURI);
    const samePage = url.href.split('#')[0] === area.baseURI.split('#')[0];
    const segment = samePage && url.hash.length > 1 ? url.hash.slice(1) : (url.pathname.split('/').filter(Boolean).pop() ?? '');
    label = decodeURIComponent(segment).replace(/\.[a-z\d]{2,5}$/i, '').replace(/[-_+.\s]+/g, ' ').trim() || url.hostname || href;
  } catch {
    // An address that does not parse is named as written.
  }
  const image = mapImageOf(area);
  const imageName = image ? labelFromAria(image) || (image.getAttribute('alt') ?? '').trim() : '';
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  return imageName ? `${name} – ${imageName}` : name;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new EngineError('cancelled', localized('statusStopped')));
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new EngineError('cancelled', localized('statusStopped')));
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** Writes alt text into the page (`alt`, or `aria-label` where there is none), keeping the original for Undo. */
export function applyAltText(img: Element, text: string): void {
  saveOriginals(img);
  img.setAttribute(GENERATED_ATTRIBUTE, 'generated');
  if (nameAttributeOf(img) === 'alt') {
    img.setAttribute('alt', text);
    return;
  }
  img.setAttribute('aria-label', text);
  // An <object> is named as it is; the rest are announced as images only with the role.
  if (imageKind(img) !== 'object') img.setAttribute('role', 'img');
}

/** Marks an image decorative: `alt=""`, or `role="presentation"` (and no label) where alt does not apply. */
function markDecorative(img: Element, mark: Exclude<Mark, 'generated'>, note: string): void {
  saveOriginals(img);
  img.setAttribute(GENERATED_ATTRIBUTE, mark);
  decorativeNotes.set(img, note);
  if (nameAttributeOf(img) === 'alt') {
    img.setAttribute('alt', '');
    return;
  }
  // A label would make browsers ignore the presentation role.
  img.removeAttribute('aria-label');
  img.setAttribute('role', 'presentation');
}

export function undoAltText(img: Element): void {
  if (!img.hasAttribute(GENERATED_ATTRIBUTE)) return;
  for (const name of touchedAttributes(img)) {
    const original = img.getAttribute(ORIGINAL_PREFIX + name);
    if (original === null) img.removeAttribute(name);
    else img.setAttribute(name, original);
    img.removeAttribute(ORIGINAL_PREFIX + name);
  }
  img.removeAttribute(GENERATED_ATTRIBUTE);
  decorativeNotes.delete(img);
}

/** Whether an image still needs alt text now (it may have loaded, or been given alt text meanwhile). */
export function stillNeedsAltText(img: Element): boolean {
  return !img.hasAttribute(GENERATED_ATTRIBUTE) && altTextNeed(img).needs;
}

/** Marks an image in view decorative when our rules say so (automatic mode); whether it did. */
export function markDecorativeIfDue(img: Element): boolean {
  if (img.hasAttribute(GENERATED_ATTRIBUTE)) return false;
  const reason = decorativeMark(img, altTextNeed(img));
  if (reason) markDecorative(img, 'decorative', t(DECORATIVE_NOTES[reason]));
  return reason !== undefined;
}

const THUMBNAIL_SIDE = 64;

function thumbnailOf({ width, height, rgba }: ImagePixels): string {
  const source = document.createElement('canvas');
  source.width = width;
  source.height = height;
  const context = source.getContext('2d');
  if (context) putRgbaPixels(context, fromBase64(rgba), width, height);
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height));
  const thumb = document.createElement('canvas');
  thumb.width = Math.max(1, Math.round(width * scale));
  thumb.height = Math.max(1, Math.round(height * scale));
  thumb.getContext('2d')?.drawImage(source, 0, 0, thumb.width, thumb.height);
  return thumb.toDataURL('image/png');
}
