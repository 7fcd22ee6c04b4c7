// Alt text on the live page (content script): which images need it, captioning one, writing the result
// into the page so screen readers read it, and undoing that.
import { engineStream } from '../../engine/client';
import { EngineError } from '../../engine/errors';
import { fromBase64 } from '../../messaging/base64';
import { putRgbaPixels } from '../../platform/canvas-pixels';
import type { DownloadProgress, ImagePixels, Priority } from '../../engine/types';
import { altTextNeed, findImages, imageSource } from './candidates';
import { captionToAltText } from './caption-text';
import { BROKEN_IMAGE_MESSAGE, imagePixels } from './pixels';
import type { AltTextItem, GeneratedAltText } from './types';

/** Marks an alt we wrote; the original alt (when there was one) is kept beside it for Undo. */
export const GENERATED_ATTRIBUTE = 'data-nano-banana-alt';
export const ORIGINAL_ATTRIBUTE = 'data-nano-banana-original-alt';

const ids = new WeakMap<HTMLImageElement, number>();
const images = new Map<number, WeakRef<HTMLImageElement>>();
let nextId = 1;

export function imageId(img: HTMLImageElement): number {
  let id = ids.get(img);
  if (id === undefined) {
    id = nextId++;
    ids.set(img, id);
    images.set(id, new WeakRef(img));
  }
  return id;
}

export function imageById(id: number): HTMLImageElement {
  const img = images.get(id)?.deref();
  if (!img?.isConnected) throw new Error('That image is no longer on the page.');
  return img;
}

/**
 * Images lacking useful alt text, the broken ones among them (listed so the user learns why they are
 * skipped), and the ones we already wrote (so the list can offer Undo), in page order.
 */
export function listAltTextItems(root: Document = document): AltTextItem[] {
  const items: AltTextItem[] = [];
  for (const img of findImages(root)) {
    const base = { id: imageId(img), src: imageSource(img), alt: img.getAttribute('alt') ?? '' };
    if (img.hasAttribute(GENERATED_ATTRIBUTE)) {
      items.push({ ...base, reason: 'generated' });
      continue;
    }
    const need = altTextNeed(img);
    if (need.needs) items.push({ ...base, reason: need.reason });
    else if (need.reason === 'broken') items.push({ ...base, reason: 'broken', problem: BROKEN_IMAGE_MESSAGE });
  }
  return items;
}

/** Captions one image (from the cache when the same pixels were seen before) and returns good alt text. */
export async function describeImage(
  img: HTMLImageElement,
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
  // Stop works while the pixels are still being read, too.
  const { pixels, source } = await untilAborted(imagePixels(img, { mayScroll, allowScreenshot }), signal);
  // The engine caches captions by the pixels' hash, so a revisit costs nothing.
  const { text: caption, answeredBy } = await engineStream('caption', { image: pixels, priority }, { onProgress: onDownload, signal });
  const text = captionToAltText(caption);
  if (!text) throw new Error('The model could not describe this image.');
  return { text, thumbnail: thumbnailOf(pixels), source, ...(answeredBy ? { answeredBy } : {}) };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new EngineError('cancelled', 'Stopped.'));
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new EngineError('cancelled', 'Stopped.'));
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** Writes alt text into the page, keeping the original so Undo can restore it. */
export function applyAltText(img: HTMLImageElement, text: string): void {
  if (!img.hasAttribute(GENERATED_ATTRIBUTE) && img.hasAttribute('alt')) {
    img.setAttribute(ORIGINAL_ATTRIBUTE, img.getAttribute('alt') ?? '');
  }
  img.setAttribute(GENERATED_ATTRIBUTE, 'generated');
  img.alt = text;
}

export function undoAltText(img: HTMLImageElement): void {
  if (!img.hasAttribute(GENERATED_ATTRIBUTE)) return;
  const original = img.getAttribute(ORIGINAL_ATTRIBUTE);
  if (original === null) img.removeAttribute('alt');
  else img.setAttribute('alt', original);
  img.removeAttribute(ORIGINAL_ATTRIBUTE);
  img.removeAttribute(GENERATED_ATTRIBUTE);
}

/** Whether an image still needs alt text now (it may have loaded, or been given alt text meanwhile). */
export function stillNeedsAltText(img: HTMLImageElement): boolean {
  return !img.hasAttribute(GENERATED_ATTRIBUTE) && altTextNeed(img).needs;
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
