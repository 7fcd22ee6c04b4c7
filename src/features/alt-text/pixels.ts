// Getting an image's pixels in the content script, from wherever they can be had (for the other image-like
// elements: an inline SVG drawn from its own markup; an image button's, object's, embed's or CSS
// background's address loaded as an image, else fetched as in 2; never a screenshot):
// 1. the image itself (same origin, CORS-enabled, data:, blob:, SVG),
// 2. its bytes fetched by the extension (public cross-origin images without CORS, fetched anonymously:
//    what any visitor could fetch; see src/background/images.ts),
// 3. a screenshot of the visible tab, cropped to the image, when the caller allows it: it shows what the
//    person sees, including pixels the page could not read (images loaded with their cookies), so text
//    derived from it is written into the page only when the person asks (Apply).
import type { ImagePixels } from '../../engine/types';
import { fromBase64, toBase64 } from '../../messaging/base64';
import { sendMessage } from '../../messaging/protocol';
import { imageKind, imageSource } from './candidates';
import type { PixelSource } from './types';
import { coveredAt, invisibility, SCREENSHOT_PROBES } from './visibility';
import { t } from '../../i18n/i18n';

/**
 * Captioners look at a few hundred pixels, but the text reader needs text several pixels high: a
 * screenshot's 13 px text survives 1024 px a side. Larger images are scaled down (the messaging layer
 * carries every pixel).
 */
const MAX_SIDE = 1024;

/** How long to wait for an image that is still loading before trying the other ways. */
const LOAD_TIMEOUT_MS = 10_000;

export class ImageUnavailableError extends Error {
  override name = 'ImageUnavailableError';
}


export interface ReadPixels {
  pixels: ImagePixels;
  source: PixelSource;
}

export interface PixelOptions {
  /** Whether the page may be scrolled to bring the image on screen for a screenshot. */
  mayScroll?: boolean;
  /** Whether a screenshot may be the last resort (never for automatic alt text). */
  allowScreenshot?: boolean;
}

export async function imagePixels(element: Element, { mayScroll = true, allowScreenshot = true }: PixelOptions = {}): Promise<ReadPixels> {
  if (imageKind(element) !== 'img') return otherPixels(element);
  const img = element as HTMLImageElement;
  await settled(img);
  if (img.complete && img.naturalWidth === 0) throw new ImageUnavailableError(t('errImageBroken'));
  if (invisibility(img)) throw new ImageUnavailableError(t('errImageInvisible'));
  const direct = await tryDraw(img);
  if (direct) return { pixels: direct, source: 'page' };
  const fetched = await tryFetched(img.currentSrc || img.src);
  if (fetched) return { pixels: fetched, source: 'fetched' };
  const captured = allowScreenshot ? await tryScreenshot(img, mayScroll) : undefined;
  if (captured) return { pixels: captured, source: 'screenshot' };
  throw new ImageUnavailableError(t('errPixelsUnreadable'));
}

/** An image-like element other than <img>: what it shows, drawn or fetched like an image. */
async function otherPixels(element: Element): Promise<ReadPixels> {
  if (invisibility(element)) throw new ImageUnavailableError(t('errImageInvisible'));
  if (imageKind(element) === 'svg') {
    const drawn = await decodeBlob(new Blob([svgMarkup(element)], { type: 'image/svg+xml' })).catch(() => undefined);
    if (drawn) return { pixels: drawn, source: 'page' };
    throw new ImageUnavailableError(t('errDrawingUnreadable'));
  }
  const src = imageSource(element);
  if (!src) throw new ImageUnavailableError(t('errNoImageHere'));
  const url = new URL(src, element.baseURI).href;
  const img = element.ownerDocument.createElement('img');
  img.src = url;
  await settled(img);
  const direct = img.naturalWidth > 0 ? await tryDraw(img) : undefined;
  if (direct) return { pixels: direct, source: 'page' };
  const fetched = await tryFetched(url);
  if (fetched) return { pixels: fetched, source: 'fetched' };
  throw new ImageUnavailableError(t(img.complete && img.naturalWidth === 0 ? 'errImageBroken' : 'errPixelsUnreadable'));
}

/** An inline SVG as a file of its own, at the size it is shown. */
function svgMarkup(svg: Element): string {
  const copy = svg.cloneNode(true) as Element;
  const box = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  if (box.width > 0 && box.height > 0) {
    copy.setAttribute('width', String(Math.round(box.width)));
    copy.setAttribute('height', String(Math.round(box.height)));
  }
  return new XMLSerializer().serializeToString(copy);
}

/** How long decoding may take before the image is given up on (a hostile image can stall it for ever). */
const DECODE_TIMEOUT_MS = 10_000;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ImageUnavailableError(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Waits (a while) for an image that is still loading to load or fail. */
function settled(img: HTMLImageElement): Promise<void> {
  if (img.complete) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      img.removeEventListener('load', done);
      img.removeEventListener('error', done);
      resolve();
    };
    const timer = setTimeout(done, LOAD_TIMEOUT_MS);
    img.addEventListener('load', done);
    img.addEventListener('error', done);
  });
}

function canvasFor(width: number, height: number) {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageUnavailableError(t('errCannotDraw'));
  return { canvas, context };
}

function read(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D): ImagePixels {
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  return { width: canvas.width, height: canvas.height, rgba: toBase64(data) };
}

/**
 * Drawing works for anything the page may read; a cross-origin image taints the canvas and throws.
 * An animated image draws its first frame (as the HTML spec asks for canvas drawing), whichever
 * frame is on screen.
 */
async function tryDraw(img: HTMLImageElement): Promise<ImagePixels | undefined> {
  try {
    if (!img.complete) await withTimeout(img.decode(), DECODE_TIMEOUT_MS, t('errDecodeSlow'));
    const width = img.naturalWidth || img.width;
    const height = img.naturalHeight || img.height;
    if (!width || !height) return undefined;
    const { canvas, context } = canvasFor(width, height);
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    return read(canvas, context);
  } catch {
    return undefined;
  }
}

/** The background fetches and captures for a tab's top frame only; a subframe need not ask. */
const inTopFrame = () => window === window.top;

async function tryFetched(src: string): Promise<ImagePixels | undefined> {
  if (!/^https?:/.test(src) || !inTopFrame()) return undefined;
  try {
    const { base64, contentType } = await sendMessage('fetchImage', src);
    const blob = new Blob([fromBase64(base64)], { type: contentType || 'application/octet-stream' });
    return await decodeBlob(blob);
  } catch {
    return undefined;
  }
}

async function decodeBlob(blob: Blob): Promise<ImagePixels | undefined> {
  // SVG cannot go through createImageBitmap in every browser: draw it through an <img> from a blob URL.
  if (blob.type.includes('svg')) {
    const url = URL.createObjectURL(blob);
    try {
      const img = new Image();
      img.src = url;
      await withTimeout(img.decode(), DECODE_TIMEOUT_MS, t('errDecodeSlow'));
      return await tryDraw(img);
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  const bitmap = await withTimeout(createImageBitmap(blob), DECODE_TIMEOUT_MS, t('errDecodeSlow'));
  const { canvas, context } = canvasFor(bitmap.width, bitmap.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return read(canvas, context);
}

/**
 * Last resort: what the user sees, cropped to the image's box. Only for a loaded image in a tab that
 * is showing: a screenshot of a hidden tab would show another page.
 */
async function tryScreenshot(img: HTMLImageElement, mayScroll: boolean): Promise<ImagePixels | undefined> {
  if (!img.complete || document.visibilityState !== 'visible' || !inTopFrame()) return undefined;
  try {
    if (mayScroll) img.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
    // Let the (scrolled) page be painted before it is captured.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const box = visiblePart(img.getBoundingClientRect());
    if (!box) return undefined;
    // Whatever lies over the image would be in the crop: only an image nothing covers is captured.
    if (coveredAt(img, SCREENSHOT_PROBES)) return undefined;
    const dataUrl = await sendMessage('captureVisibleTab');
    const shot = new Image();
    shot.src = dataUrl;
    await withTimeout(shot.decode(), DECODE_TIMEOUT_MS, t('errScreenshotSlow'));
    const ratio = shot.naturalWidth / window.innerWidth;
    const { canvas, context } = canvasFor(box.width * ratio, box.height * ratio);
    context.drawImage(shot, box.left * ratio, box.top * ratio, box.width * ratio, box.height * ratio, 0, 0, canvas.width, canvas.height);
    return read(canvas, context);
  } catch {
    return undefined;
  }
}

/** The part of a box inside the viewport, or undefined when too little of it shows. */
function visiblePart(box: DOMRect): DOMRect | undefined {
  const left = Math.max(0, box.left);
  const top = Math.max(0, box.top);
  const right = Math.min(document.documentElement.clientWidth || window.innerWidth, box.right);
  const bottom = Math.min(document.documentElement.clientHeight || window.innerHeight, box.bottom);
  if (right - left < 8 || bottom - top < 8) return undefined;
  return new DOMRect(left, top, right - left, bottom - top);
}
