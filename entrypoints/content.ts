import { defineContentScript } from 'wxt/utils/define-content-script';
import { extractPage, resolveLocator } from '../src/extraction/extract';
import { limitExtractedPage } from '../src/extraction/limit';
import { startAutoAltText } from '../src/features/alt-text/auto';
import { showAltTextCard } from '../src/features/alt-text/in-page';
import { applyAltText, describeImage, imageById, listAltTextItems, undoAltText } from '../src/features/alt-text/page-alt-text';
import { startRewriteCard } from '../src/features/rewrite/in-page';
import { isToneId } from '../src/features/rewrite/tones';
import { highlightPassage } from '../src/features/summarize/in-page';
import { onMessage } from '../src/messaging/protocol';
import { MAX_INSTRUCTION_CHARS } from '../src/settings/settings';

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
    onMessage('extractPage', () => limitExtractedPage(extractPage(document)));
    onMessage('summarizeSelection', () => window.getSelection()?.toString() ?? '');
    onMessage('scrollToPassage', ({ data }) => {
      const element = resolveLocator(document, data);
      if (!element) return false;
      highlightPassage(element);
      return true;
    });
    onMessage('rewriteSelection', ({ data }) => {
      if (!isToneId(data.tone)) throw new Error('Unknown tone.');
      const instruction = typeof data.instruction === 'string' ? data.instruction.slice(0, MAX_INSTRUCTION_CHARS) : undefined;
      startRewriteCard(data.tone, instruction);
    });
    onMessage('showAltTextCard', ({ data }) => showAltTextCard(data.srcUrl));
    onMessage('altTextItems', () => listAltTextItems());
    // Descriptions the side panel asked for, so its Stop can end the one in progress at any stage.
    const altTextJobs = new Set<AbortController>();
    onMessage('generateAltText', async ({ data }) => {
      const img = imageById(data.id);
      const job = new AbortController();
      altTextJobs.add(job);
      const generated = await describeImage(img, { signal: job.signal }).finally(() => altTextJobs.delete(job));
      // Text read off a screenshot waits for the person's Apply in the side panel.
      const applied = generated.source !== 'screenshot';
      if (applied) applyAltText(img, generated.text);
      return { ...generated, applied };
    });
    onMessage('stopAltText', () => altTextJobs.forEach((job) => job.abort()));
    onMessage('setAltText', ({ data }) => applyAltText(imageById(data.id), data.text));
    onMessage('undoAltText', ({ data }) => undoAltText(imageById(data.id)));

    if (window === window.top) startAutoAltText();
  },
});
