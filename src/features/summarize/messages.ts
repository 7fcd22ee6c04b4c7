// The summarize messages a page's content script answers (part of the protocol's ProtocolMap). Types only.
import type { ExtractedPage } from '../../extraction/extract';

/** A reading of the page: `page` is left out when the page is unchanged since the reading asked about. */
export interface PageReading {
  token: string;
  page?: ExtractedPage;
}

export interface SummarizeMessages {
  /**
   * The page's text, read now, unless the page is unchanged since the reading `since` (a token from an
   * earlier answer): then only that token comes back, and the reading held is still what the page shows.
   */
  readPage(since: string | null): PageReading;
  summarizeSelection(): string;
  /** Scrolls to and highlights the passage a summary point came from; false when it is gone. */
  scrollToPassage(locator: string): boolean;
}
