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

/** A frame holding the page's comments: where it is in the page, its address, and how many frames the page loads from there. */
export interface CommentFrameSource {
  locator: string;
  src: string;
  framesFromSrc: number;
}

export interface SummarizeMessages {
  /**
   * The page's text, read now, unless the page is unchanged since the reading `since` (a token from an
   * earlier answer): then only that token comes back, and the reading held is still what the page shows.
   */
  readPage(request: ReadPageRequest): PageReading;
  summarizeSelection(): string;
  /** Where the frames at these locators (a reading's commentFrames) are loaded from, and how many frames are. */
  commentFrameSources(locators: string[]): CommentFrameSource[];
  /** Asked of a frame of another site that holds a page's comments: its comments, else all its text. */
  frameComments(): Block[];
  /** Scrolls to and highlights the passage a summary point came from; false when it is gone. */
  scrollToPassage(locator: string): boolean;
}
