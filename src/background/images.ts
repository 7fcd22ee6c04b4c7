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

export function captureVisibleTab(windowId: number): Promise<string> {
  return browser.tabs.captureVisibleTab(windowId, { format: 'png' });
}
