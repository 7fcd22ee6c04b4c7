// A page's comments in a frame of another site (Disqus, Facebook's comments plugin...): the page's own reading
// cannot look into it, so it names such frames (ExtractedPage.commentFrames) and each frame's own content script
// is asked what it shows.
//
// Only frames a reading kept may be asked: one the page hides must never be read. Firefox tells which of its frames
// an <iframe> element is (platform/frames.ts). Chrome cannot, so there a frame is matched by its address, and
// trusted only where the counts agree: the tab's frames at that address (the browser lists them, nested ones too)
// number exactly the page's frame elements loading it, and every one of those is a comment frame the reading
// kept. Another frame there (hidden, nested in another frame, or sent there since) makes the address ambiguous,
// and none of its frames is read. What matching by address cannot see: a page that sends its visible frame
// elsewhere and a hidden one to that address (a parent may navigate its frames). Where the address is a comment
// service's, the hidden frame shows that service's comments; where it is the page's own site's, text it hides there
// can be read in Chrome.
import { browser } from 'wxt/browser';
import type { Block, ExtractedPage } from '../../extraction/extract';
import { MIN_COMMENT_WORDS } from '../../extraction/comments';
import { countWords } from '../../extraction/words';
import { sendToTab } from '../../messaging/tabs';
import type { CommentFrameSource } from './messages';

/**
 * The comments of the page in tab `tabId` as `page` (its reading) found them: its own, else what its comment
 * frames show, each block pointing at its frame ("Show in page" shows the frame). Empty when they come to fewer
 * than MIN_COMMENT_WORDS words (a widget still loading, "0 comments").
 */
export async function pageComments(tabId: number, page: Pick<ExtractedPage, 'comments' | 'commentFrames'>): Promise<Block[]> {
  if (page.comments.length > 0 || page.commentFrames.length === 0) return page.comments;
  const read = await Promise.all(
    (await trustedCommentFrames(tabId)).map(async ({ locator, frameId }) => {
      try {
        const blocks = await sendToTab('frameComments', undefined, { tabId, frameId });
        return blocks.map((block) => ({ ...block, locator }));
      } catch {
        return []; // a frame gone since, or one the extension may not read
      }
    }),
  );
  const comments = read.flat();
  const words = comments.reduce((sum, block) => sum + countWords(block.text), 0);
  return words >= MIN_COMMENT_WORDS ? comments : [];
}

/** Whether a reading found comments to offer: its own, or frames that hold them. */
export function offersComments(page: Partial<Pick<ExtractedPage, 'comments' | 'commentFrames'>> | undefined): boolean {
  return Boolean(page?.comments?.length || page?.commentFrames?.length);
}

/** The browser's frames for the comment frames a reading of tab `tabId` keeps now, each with its element's locator. */
async function trustedCommentFrames(tabId: number): Promise<{ locator: string; frameId: number }[]> {
  const sources = await sendToTab('commentFrameSources', undefined, { tabId });
  const trusted: { locator: string; frameId: number }[] = [];
  const unknown: CommentFrameSource[] = [];
  for (const source of sources) {
    if (source.frameId === undefined) unknown.push(source);
    else trusted.push({ locator: source.locator, frameId: source.frameId });
  }
  if (unknown.length === 0) return trusted;
  const loaded = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, func: () => location.href }).catch(() => []);
  for (const src of new Set(unknown.map((source) => source.src))) {
    const kept = unknown.filter((source) => source.src === src);
    const frames = loaded.filter((frame) => frame.frameId !== 0 && frame.result === src);
    if (frames.length !== kept.length || kept.some((source) => source.framesFromSrc !== kept.length)) continue;
    // Which element is which frame is not known: each frame points at the first (they load the same address).
    for (const frame of frames) trusted.push({ locator: kept[0]!.locator, frameId: frame.frameId });
  }
  return trusted;
}
