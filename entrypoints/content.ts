import { defineContentScript } from 'wxt/utils/define-content-script';
import { extractPage, resolveLocator } from '../src/extraction/extract';
import { startAutoAltText } from '../src/features/alt-text/auto';
import { showAltTextCard } from '../src/features/alt-text/in-page';
import { applyAltText, describeImage, imageById, listAltTextItems, undoAltText } from '../src/features/alt-text/page-alt-text';
import { startRewriteCard } from '../src/features/rewrite/in-page';
import { highlightPassage } from '../src/features/summarize/in-page';
import { onMessage } from '../src/messaging/protocol';

declare global {
  interface Window {
    nanoBananaContentScript?: boolean;
  }
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    // Declared and injected-on-demand copies can meet in one page: only the first one listens.
    if (window.nanoBananaContentScript) return;
    window.nanoBananaContentScript = true;

    onMessage('ping', () => 'pong');
    onMessage('extractPage', () => extractPage(document));
    onMessage('summarizeSelection', () => window.getSelection()?.toString() ?? '');
    onMessage('scrollToPassage', ({ data }) => {
      const element = resolveLocator(document, data);
      if (!element) return false;
      highlightPassage(element);
      return true;
    });
    onMessage('rewriteSelection', ({ data }) => startRewriteCard(data.tone, data.instruction));
    onMessage('showAltTextCard', ({ data }) => showAltTextCard(data.srcUrl));
    onMessage('altTextItems', () => listAltTextItems());
    onMessage('generateAltText', async ({ data }) => {
      const img = imageById(data.id);
      const generated = await describeImage(img);
      applyAltText(img, generated.text);
      return generated;
    });
    onMessage('setAltText', ({ data }) => applyAltText(imageById(data.id), data.text));
    onMessage('undoAltText', ({ data }) => undoAltText(imageById(data.id)));

    if (window === window.top) startAutoAltText();
  },
});
