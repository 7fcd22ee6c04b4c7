// The summarize messages a page's content script answers (part of the protocol's ProtocolMap). Types only.
import type { Block, ExtractedPage } from '../../extraction/extract';

/**
 * A reading of the page: `page` is left out when the page is unchanged since the reading asked about. Asked
 * ahead of the click, a page too large to read without holding it up answers `deferred` instead: the click
 * reads it.
 */
export type PageReading = { token: string; page?: ExtractedPage; deferred?: never } | { deferred: true };

export interface ReadPageRequest {
  /** A token from an earlier answer: only whether the page is unchanged since that reading is wanted then. */
  since: string | null;
  /** Asked ahead of the click (the side panel reading its tab's page before anyone asked for it). */
  ahead: boolean;
}

/**
 * A frame of another site holding the page's comments: where it is in the page, its address, how many frames of
 * the page load that address, and the browser's id for it where the browser can tell (Firefox).
 */
export interface CommentFrameSource {
  locator: string;
  src: string;
  framesFromSrc: number;
  frameId: number | undefined;
}

export interface SummarizeMessages {
  /**
   * The page's text, read now, unless the page is unchanged since the reading `since` (a token from an
   * earlier answer): then only that token comes back, and the reading held is still what the page shows.
   */
  readPage(request: ReadPageRequest): PageReading;
  summarizeSelection(): string;
  /** The comment frames of another site that a reading made now keeps, and where each is loaded from. */
  commentFrameSources(): CommentFrameSource[];
  /** Asked of a frame of another site that holds a page's comments: its comments, else all its text. */
  frameComments(): Block[];
  /** Scrolls to and highlights the passage a summary point came from; false when it is gone. */
  scrollToPassage(locator: string): boolean;
}
