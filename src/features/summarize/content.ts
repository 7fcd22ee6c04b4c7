// Summarize in the page: hands over the readable text or the selection, and shows a summary point's source.
import { elementsToRead, extractPage, leftOutOfHugePage, resolveLocator, type ExtractedPage } from '../../extraction/extract';
import { limitExtractedPage } from '../../extraction/limit';
import { renderRoots, watchPage, type PageWatch } from '../../extraction/watch';
import { onMessage } from '../../messaging/protocol';
import { frameIdOf } from '../../platform/frames';
import { exposeTestHooks } from '../../test-hooks';
import { isOwnUi } from '../../ui/shadow-host';
import type { ContentContribution } from '../feature';
import { highlightPassage } from './in-page';
import type { CommentFrameSource, PageReading, ReadPageRequest } from './messages';
import { READ_AHEAD_MAX_ELEMENTS } from './read-ahead';

/** The page's text, without the extension's own in-page UI (its closed shadow roots are visible here). */
const readDocument = () => limitExtractedPage(extractPage(document, { skip: isOwnUi }));

/** The last reading handed out, and what tells whether the page may look different since. */
let last: { token: string; watch: PageWatch } | undefined;

/** 128 random bits. Not crypto.randomUUID(): content scripts on http:// pages are not a secure context and lack it. */
function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (part) => part.toString(16).padStart(8, '0')).join('');
}

/**
 * Reads the page, unless it is unchanged since the reading `since` names (then only that token comes back),
 * or it is asked ahead and too large to read before the click. Tokens are random, so a reading of another
 * document (the tab navigated) never matches.
 */
function readPage({ since, ahead }: ReadPageRequest): PageReading {
  if (last && since === last.token && !last.watch.changed()) return { token: since };
  if (ahead && elementsToRead(document) > READ_AHEAD_MAX_ELEMENTS) return { deferred: true };
  last?.watch.stop();
  const { page, watch } = readWatched();
  last = { token: randomToken(), watch };
  return { token: last.token, page };
}

/**
 * A fresh reading, and the watch that tells whether the page may look different since. The watch starts in
 * the same task as the reading (no page script can change the page in between), skipping what the reading
 * leaves out whatever it holds (the extension's own cards; navigation on a page too big for Readability).
 */
function readWatched(): { page: ExtractedPage; watch: PageWatch } {
  const leftOut = leftOutOfHugePage(document);
  // The extension's own cards change as they work (a caption streaming in): not the page changing.
  const watch = watchPage(document, { skip: (element) => isOwnUi(element) || (leftOut !== null && leftOut(element) !== null) });
  return { page: readDocument(), watch };
}

/** A fresh reading as readPage makes it (the watch included), timed in the content script itself: no messaging in the figure. */
function timeReading(): { ms: number; words: number } {
  const started = performance.now();
  const { page, watch } = readWatched();
  const ms = performance.now() - started;
  watch.stop();
  return { ms, words: page.wordCount };
}

/**
 * The comment frames of another site a fresh reading keeps (ExtractedPage.commentFrames): where each is loaded
 * from, how many frames of the whole page (hidden ones, those in shadow roots and in same-origin frames too) load
 * that address, and its frame id where the browser tells. Read afresh in this task, so that no page script can
 * put another frame where a reading taken earlier found a visible one.
 */
function commentFrameSources(): CommentFrameSource[] {
  const { commentFrames } = readDocument();
  if (commentFrames.length === 0) return [];
  const everyFrame = renderRoots(document).flatMap((root) => Array.from(root.querySelectorAll<HTMLIFrameElement>('iframe, frame')));
  const sources: CommentFrameSource[] = [];
  for (const locator of commentFrames) {
    const element = resolveLocator(document, locator);
    if (element?.localName !== 'iframe' && element?.localName !== 'frame') continue;
    const { src } = element as HTMLIFrameElement;
    if (!src) continue;
    sources.push({ locator, src, framesFromSrc: everyFrame.filter((frame) => frame.src === src).length, frameId: frameIdOf(element) });
  }
  return sources;
}

export const summarizeContent: ContentContribution = {
  feature: 'summarize',
  start() {
    if (__NANO_BANANA_TEST__) exposeTestHooks({ timeReading });
    onMessage('readPage', ({ data }) => readPage(data));
    onMessage('summarizeSelection', () => window.getSelection()?.toString() ?? '');
    onMessage('commentFrameSources', () => commentFrameSources());
    // Asked of a frame that holds a page's comments (a comment service's own site): what it shows.
    onMessage('frameComments', () => {
      const page = readDocument();
      return page.comments.length > 0 ? page.comments : page.blocks;
    });
    onMessage('scrollToPassage', ({ data }) => {
      const element = resolveLocator(document, data);
      if (!element) return false;
      highlightPassage(element);
      return true;
    });
  },
};
