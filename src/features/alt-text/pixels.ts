// Getting an image's pixels in the content script, from wherever they can be had:
// 1. the image itself (same origin, CORS-enabled, data:, blob:, SVG),
// 2. its bytes fetched by the extension (cross-origin images without CORS; the extension has host access),
// 3. a screenshot of the visible tab, cropped to the image.
import type { ImagePixels } from '../../engine/types';
import { fromBase64, toBase64 } from '../../messaging/base64';
import { sendMessage } from '../../messaging/protocol';

/** Captioners look at a few hundred pixels at most; smaller images cross the messaging layer faster. */
const MAX_SIDE = 384;

export class ImageUnavailableError extends Error {
  override name = 'ImageUnavailableError';
}

export async function imagePixels(img: HTMLImageElement): Promise<ImagePixels> {
  if (img.complete && img.naturalWidth === 0) throw new ImageUnavailableError('The image is broken: it did not load.');
  const direct = await tryDraw(img);
  if (direct) return direct;
  const fetched = await tryFetched(img.currentSrc || img.src);
  if (fetched) return fetched;
  const captured = await tryScreenshot(img);
  if (captured) return captured;
  throw new ImageUnavailableError('The image’s pixels could not be read.');
}

function canvasFor(width: number, height: number) {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageUnavailableError('This browser cannot draw images for captioning.');
  return { canvas, context };
}

function read(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D): ImagePixels {
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  return { width: canvas.width, height: canvas.height, rgba: toBase64(data) };
}

/** Drawing works for anything the page may read; a cross-origin image taints the canvas and throws. */
async function tryDraw(img: HTMLImageElement): Promise<ImagePixels | undefined> {
  try {
    if (!img.complete) await img.decode();
    // The first frame of an animated image is what drawImage paints.
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

async function tryFetched(src: string): Promise<ImagePixels | undefined> {
  if (!/^(https?|data):/.test(src)) return undefined;
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
      await img.decode();
      return await tryDraw(img);
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  const bitmap = await createImageBitmap(blob);
  const { canvas, context } = canvasFor(bitmap.width, bitmap.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return read(canvas, context);
}

/** Last resort: what the user sees, cropped to the image's box (it must be on screen). */
async function tryScreenshot(img: HTMLImageElement): Promise<ImagePixels | undefined> {
  try {
    img.scrollIntoView({ block: 'nearest' });
    const box = img.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return undefined;
    const dataUrl = await sendMessage('captureVisibleTab');
    const shot = new Image();
    shot.src = dataUrl;
    await shot.decode();
    const ratio = shot.naturalWidth / window.innerWidth;
    const { canvas, context } = canvasFor(box.width * ratio, box.height * ratio);
    context.drawImage(shot, box.left * ratio, box.top * ratio, box.width * ratio, box.height * ratio, 0, 0, canvas.width, canvas.height);
    return read(canvas, context);
  } catch {
    return undefined;
  }
}
