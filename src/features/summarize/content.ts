// Summarize in the page: hands over the readable text or the selection, and shows a summary point's source.
import { extractPage, resolveLocator } from '../../extraction/extract';
import { limitExtractedPage } from '../../extraction/limit';
import { watchPage, type PageWatch } from '../../extraction/watch';
import { onMessage } from '../../messaging/protocol';
import type { ContentContribution } from '../feature';
import { highlightPassage } from './in-page';
import type { PageReading } from './messages';

/** The last reading handed out, and what tells whether the page may look different since. */
let last: { token: string; watch: PageWatch } | undefined;

/**
 * Reads the page, unless it is unchanged since the reading `since` names (then only that token comes back).
 * Tokens are random, so a reading of another document (the tab navigated) never matches.
 */
function readPage(since: string | undefined): PageReading {
  if (last && since === last.token && !last.watch.changed()) return { token: since };
  last?.watch.stop();
  // The watch starts in the same task as the reading: no page script can change the page in between.
  const watch = watchPage(document);
  const page = limitExtractedPage(extractPage(document));
  last = { token: crypto.randomUUID(), watch };
  return { token: last.token, page };
}

export const summarizeContent: ContentContribution = {
  feature: 'summarize',
  start() {
    onMessage('extractPage', () => limitExtractedPage(extractPage(document)));
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
