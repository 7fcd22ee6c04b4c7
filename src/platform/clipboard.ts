// Copying text. An extension page copies in its own document. An in-page card must not copy in the page's: a
// textarea put there is seen by the page's observers, with its text, and execCommand fires a copy event the page
// can read and rewrite. Nor can it count on the clipboard API there (http pages have none; a page can forbid it).
// So a card hands the text to the extension's own document, the engine's host (engine/host.ts answers copyText),
// which the `clipboardWrite` permission lets copy without a click of its own.
import { sendMessage, sendOrPrepare } from '../messaging/protocol';

/** Copies `text` in this extension document: the clipboard API, else a selection of this document's own. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No focus (Chrome's offscreen document), or no clipboard API.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (!copied) throw new Error('The browser refused to copy.');
  }
}

/** Copies `text` from an in-page card, in the extension's own document: nothing of it reaches the page. */
export function copyFromPage(text: string): Promise<void> {
  return sendOrPrepare(() => sendMessage('copyText', text), () => sendMessage('ensureEngine'));
}
