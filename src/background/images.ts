// Image bytes for alt text when the page cannot hand them over (cross-origin images without CORS), and
// the screenshot fallback. Both run with the extension's privileges on behalf of a page that may be
// hostile, so each is limited to what any visitor of that page could get anyway: public images fetched
// anonymously, and a screenshot of the tab the person is looking at.
import { browser } from 'wxt/browser';
import { toBase64 } from '../messaging/base64';
import { mayReadFor } from '../messaging/addresses';
import type { FetchedImage } from '../messaging/protocol';
import type { SenderInfo } from '../messaging/senders';
import { t } from '../i18n/i18n';

/** Larger than any image worth captioning; a bigger "image" is refused before it fills the memory. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** An image that takes longer than this is given up on (and its download aborted). */
export const IMAGE_FETCH_TIMEOUT_MS = 15_000;

export class ImageFetchError extends Error {
  override name = 'ImageFetchError';
}

/**
 * Fetches an image for a page's content script: http(s) only, never in the visitor's own network unless
 * the page is there too, no cookies, no redirects (a redirect could lead anywhere), an image type, and
 * bounded in size and time.
 */
export async function fetchImage(url: string, pageUrl: string | undefined, { timeoutMs = IMAGE_FETCH_TIMEOUT_MS } = {}): Promise<FetchedImage> {
  const parsed = new URL(url);
  if (!['http:', 'https:'].includes(parsed.protocol)) {
    throw new ImageFetchError(t('errImageProtocol', parsed.protocol));
  }
  if (!mayReadFor(pageUrl, parsed.href)) {
    throw new ImageFetchError(t('errImagePrivate'));
  }
  const signal = AbortSignal.timeout(timeoutMs);
  const slow = t('errImageSlow', timeoutMs / 1000);
  let response: Response;
  try {
    response = await fetch(parsed.href, { credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'error', signal });
  } catch {
    throw new ImageFetchError(
      signal.aborted ? slow : t('errImageDownload'),
    );
  }
  if (!response.ok) throw new ImageFetchError(t('errImageHttp', response.status));
  const contentType = response.headers.get('content-type') ?? '';
  if (!/^image\//i.test(contentType)) {
    void response.body?.cancel();
    throw new ImageFetchError(t('errNotAnImage'));
  }
  const bytes = await readCapped(response, signal, slow);
  return { base64: toBase64(bytes), contentType };
}

async function readCapped(response: Response, signal: AbortSignal, slow: string): Promise<Uint8Array> {
  const tooLarge = () => new ImageFetchError(t('errImageTooLarge', MAX_IMAGE_BYTES / 1024 / 1024));
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_IMAGE_BYTES) {
    void response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > MAX_IMAGE_BYTES) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    if (error instanceof ImageFetchError) throw error;
    throw new ImageFetchError(signal.aborted ? slow : t('errImageBrokeOff'));
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Chrome allows two captures a second; a page full of unreadable images waits its turn. */
const CAPTURE_RETRIES = 3;
const CAPTURE_RETRY_MS = 600;

/**
 * A screenshot of the sender's own tab, only while that tab is the one showing in its window (a
 * background tab's "screenshot" would be whatever page is in front).
 */
export async function captureSenderTab(sender: SenderInfo): Promise<string> {
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.frameId !== 0) throw new ImageFetchError(t('errScreenshotTopFrame'));
  const showing = async () => {
    const tab = await browser.tabs.get(tabId);
    return tab.active ? tab : undefined;
  };
  const tab = await showing();
  if (!tab) throw new ImageFetchError(t('errNotFrontTab'));
  const shot = await captureVisibleTab(tab.windowId);
  // The person may have switched tabs while the capture was taken: then it shows another page.
  if (!(await showing())) throw new ImageFetchError(t('errNotFrontTab'));
  return shot;
}

async function captureVisibleTab(windowId: number): Promise<string> {
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
