// Reading the page before the click: while the side panel shows a tab, its page is read ahead (when the
// panel opens on it, when it finishes loading, when the person comes back to it), so "Summarize page" does
// not wait for the extraction. At the click the content script is asked whether the page is unchanged since
// (src/extraction/watch.ts decides, generously); only then is the reading held used, else the page is read again.
import type { ExtractedPage } from '../../extraction/extract';
import type { PageReading, ReadPageRequest } from './messages';

/**
 * Pages with more elements to read than this are not read ahead of the click: a reading is one task on the
 * page's main thread, holding the page up longer the bigger the page (in Chromium on the development machine,
 * a forum thread of 50,000 elements 0.55 s, of 168,000 1.7-2.6 s; an article just under Readability's limit,
 * 15,000-20,000 elements, up to about 1 s), which nobody asked for yet. The click reads them.
 */
export const READ_AHEAD_MAX_ELEMENTS = 30_000;

/** Asks tab `tabId`'s content script for its page, unless unchanged since the reading `request.since`. */
export type ReadPage = (tabId: number, request: ReadPageRequest) => Promise<PageReading>;

interface Held {
  tabId: number;
  token: string;
  page: ExtractedPage;
}

export class PageReadAhead {
  private held: Held | undefined;
  /** The read-ahead under way; a newer one supersedes it (its answer is dropped). */
  private pending: { tabId: number; done: Promise<void> } | undefined;
  private generation = 0;

  constructor(private readonly readPage: ReadPage) {}

  /** Reads tab `tabId` ahead (nothing is read if the page is unchanged since the reading held). Never fails. */
  refresh(tabId: number): Promise<void> {
    const generation = ++this.generation;
    const done = this.ask(tabId, true).then(
      (held) => {
        if (generation === this.generation) this.held = held;
      },
      () => {
        // A page the extension cannot read, not ready yet, or too large to read ahead: the click reads it (and
        // says why if it cannot).
        if (generation === this.generation && this.held?.tabId === tabId) this.held = undefined;
      },
    );
    this.pending = { tabId, done };
    return done;
  }

  /** The reading held for tab `tabId` (read ahead, or at the last click), which the page may have changed since. */
  peek(tabId: number): ExtractedPage | undefined {
    return this.held?.tabId === tabId ? this.held.page : undefined;
  }

  /** The page of tab `tabId` as it is now: the reading held if the page is unchanged since, else read afresh. */
  async read(tabId: number): Promise<ExtractedPage> {
    // A read-ahead of this tab under way is about to give a reading: wait for it rather than start another.
    if (this.pending?.tabId === tabId) await this.pending.done;
    const held = await this.ask(tabId, false);
    // Later read-aheads compare with this reading, which is the newest.
    this.generation++;
    this.held = held;
    return held.page;
  }

  private async ask(tabId: number, ahead: boolean): Promise<Held> {
    const held = this.held?.tabId === tabId ? this.held : undefined;
    const reading = await this.readPage(tabId, { since: held?.token ?? null, ahead });
    if (reading.deferred) throw new Error('The page is too large to read ahead of the click.');
    if (reading.page) return { tabId, token: reading.token, page: reading.page };
    if (held && reading.token === held.token) return held;
    // An answer without a page for a reading we do not hold cannot be used: read in full.
    const full = await this.readPage(tabId, { since: null, ahead });
    if (full.deferred || !full.page) throw new Error('The page gave no reading.');
    return { tabId, token: full.token, page: full.page };
  }
}
