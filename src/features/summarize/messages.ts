// The summarize messages a page's content script answers (part of the protocol's ProtocolMap). Types only.
import type { ExtractedPage } from '../../extraction/extract';

export interface SummarizeMessages {
  extractPage(): ExtractedPage;
  summarizeSelection(): string;
  /** Scrolls to and highlights the passage a summary point came from; false when it is gone. */
  scrollToPassage(locator: string): boolean;
}
