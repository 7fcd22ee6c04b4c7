// Who may ask for what. Every message and stream names the callers it serves; the browser fills in
// `sender`, so a page cannot forge it. Extension contexts (service worker, offscreen document, the
// extension's own pages) are trusted; content scripts run inside pages that may be hostile, and a
// content script in a cross-origin subframe (an ad, an embed) must not reach what the top frame may.

export type Caller =
  /** The extension's own contexts only: its pages, service worker or background page, offscreen document. */
  | 'extension'
  /** A content script in the top frame of a tab (and nothing else). */
  | 'top-frame'
  /** The extension's own contexts, or a content script in any frame. */
  | 'any-frame';

export interface SenderInfo {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; windowId?: number; active?: boolean };
}

/** Whether `sender` is one of the extension's own contexts: its URL is under the extension's origin. */
export function isExtensionContext(sender: SenderInfo, extensionOrigin: string): boolean {
  return !!sender.url && sender.url.startsWith(extensionOrigin);
}

export function callerAllowed(caller: Caller, sender: SenderInfo, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId) return false;
  const extension = isExtensionContext(sender, extensionOrigin);
  const contentScript = !extension && sender.tab?.id !== undefined && /^https?:/.test(sender.url ?? '');
  switch (caller) {
    case 'extension':
      return extension;
    case 'top-frame':
      return contentScript && sender.frameId === 0;
    case 'any-frame':
      return extension || contentScript;
  }
}

export class RefusedCallerError extends Error {
  constructor(what: string) {
    super(`Refused: ${what} is not available to this part of the page.`);
    this.name = 'RefusedCallerError';
  }
}
