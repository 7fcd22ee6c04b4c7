// Image bytes for alt text when the page cannot hand them over (cross-origin images without CORS).
// The extension's host access lets the background fetch them; only the image URL is requested.
import { browser } from 'wxt/browser';
import { toBase64 } from '../messaging/base64';
import type { FetchedImage } from '../messaging/protocol';

export async function fetchImage(url: string): Promise<FetchedImage> {
  const parsed = new URL(url);
  if (!['http:', 'https:', 'data:'].includes(parsed.protocol)) {
    throw new Error(`Cannot read images from ${parsed.protocol} addresses.`);
  }
  const response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!response.ok) throw new Error(`The image could not be downloaded (HTTP ${response.status}).`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { base64: toBase64(bytes), contentType: response.headers.get('content-type') ?? '' };
}

/** Chrome allows two captures a second; a page full of unreadable images waits its turn. */
const CAPTURE_RETRIES = 3;
const CAPTURE_RETRY_MS = 600;

export async function captureVisibleTab(windowId: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await browser.tabs.captureVisibleTab(windowId, { format: 'png' });
    } catch (error) {
      const quota = /MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND|quota/i.test(String(error));
      if (!quota || attempt >= CAPTURE_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, CAPTURE_RETRY_MS));
    }
  }
}
