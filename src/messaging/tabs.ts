// Sending to a tab's content script, injecting it first into tabs that were open before the extension
// was installed or updated (declared content scripts only reach pages loaded afterwards).
// Browsers keep extensions out of some pages (chrome://, the PDF viewer, extension stores): those
// fail with UnreadablePageError so surfaces can say so plainly.
import { browser } from 'wxt/browser';
import { sendMessage, sendOrPrepare, type ProtocolMap } from './protocol';

const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';

export async function sendToTab<K extends keyof ProtocolMap>(
  type: K,
  data: Parameters<ProtocolMap[K]>[0],
  target: { tabId: number; frameId?: number },
): Promise<ReturnType<ProtocolMap[K]>> {
  // Frame 0 unless told otherwise: every frame has a content script, and the first to answer would win.
  const frame = { tabId: target.tabId, frameId: target.frameId ?? 0 };
  const send = () => (sendMessage as (...args: unknown[]) => Promise<ReturnType<ProtocolMap[K]>>)(type, data, frame);
  // Nearly every page has the script already; a frame without it received nothing, and gets it injected.
  return sendOrPrepare(send, () => injectContentScript(target));
}

export class UnreadablePageError extends Error {
  constructor() {
    super(
      "Nano Banana can't read this page. Browsers keep extensions out of their own pages (such as chrome:// and settings), the built-in PDF viewer and extension stores. Open a web page and try again.",
    );
    this.name = 'UnreadablePageError';
  }
}

async function injectContentScript({ tabId, frameId }: { tabId: number; frameId?: number }) {
  try {
    await browser.scripting.executeScript({
      target: frameId === undefined ? { tabId } : { tabId, frameIds: [frameId] },
      files: [CONTENT_SCRIPT_FILE],
    });
  } catch {
    throw new UnreadablePageError();
  }
}
