// Summarize in the page: hands over the readable text or the selection, and shows a summary point's source.
import { extractPage, resolveLocator } from '../../extraction/extract';
import { limitExtractedPage } from '../../extraction/limit';
import { watchPage, type PageWatch } from '../../extraction/watch';
import { onMessage } from '../../messaging/protocol';
import { exposeTestHooks } from '../../test-hooks';
import { isOwnUi } from '../../ui/shadow-host';
import type { ContentContribution } from '../feature';
import { highlightPassage } from './in-page';
import type { PageReading } from './messages';

/** The page's text, without the extension's own in-page UI (its closed shadow roots are visible here). */
const readDocument = () => limitExtractedPage(extractPage(document, { skip: isOwnUi }));

/** The last reading handed out, and what tells whether the page may look different since. */
let last: { token: string; watch: PageWatch } | undefined;

/** 128 random bits. Not crypto.randomUUID(): content scripts on http:// pages are not a secure context and lack it. */
function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (part) => part.toString(16).padStart(8, '0')).join('');
}

/**
 * Reads the page, unless it is unchanged since the reading `since` names (then only that token comes back).
 * Tokens are random, so a reading of another document (the tab navigated) never matches.
 */
function readPage(since: string | undefined): PageReading {
  if (last && since === last.token && !last.watch.changed()) return { token: since };
  last?.watch.stop();
  // The watch starts in the same task as the reading: no page script can change the page in between.
  const watch = watchPage(document);
  const page = readDocument();
  last = { token: randomToken(), watch };
  return { token: last.token, page };
}

/** The page read as readPage reads it, timed in the content script itself: no messaging in the figure. */
function timeReading(): { ms: number; words: number } {
  const started = performance.now();
  const { wordCount } = readDocument();
  return { ms: performance.now() - started, words: wordCount };
}

export const summarizeContent: ContentContribution = {
  feature: 'summarize',
  start() {
    if (__NANO_BANANA_TEST__) exposeTestHooks({ timeReading });
    onMessage('readPage', ({ data }) => readPage(data ?? undefined));
    onMessage('summarizeSelection', () => window.getSelection()?.toString() ?? '');
    onMessage('scrollToPassage', ({ data }) => {
      const element = resolveLocator(document, data);
      if (!element) return false;
      highlightPassage(element);
      return true;
    });
  },
};
