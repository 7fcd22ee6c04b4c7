// What the alt-text feature's messages carry (src/messaging/protocol.ts), apart from the modules that do the work.
import type { AnsweredBy } from '../../engine/types';

export interface AltTextItem {
  id: number;
  src: string;
  /** `broken`: it needs alt text but has no pixels to describe; `problem` says why it is skipped. */
  reason: 'missing' | 'useless' | 'generated' | 'broken';
  alt: string;
  problem?: string;
}

/** Where an image's pixels came from: the page's own image, the extension's anonymous fetch, or a screenshot. */
export type PixelSource = 'page' | 'fetched' | 'screenshot';

export interface GeneratedAltText {
  text: string;
  /** A small PNG of the image, for the side panel's list (it cannot load page images itself). */
  thumbnail: string;
  /** Where the pixels came from; text from a screenshot goes into the page only when the person applies it. */
  source: PixelSource;
  /** Whether the text was written into the page. */
  applied?: boolean;
  /** The engine and model that described it. */
  answeredBy?: AnsweredBy;
}

/** The alt-text messages a page's content script answers (part of the protocol's ProtocolMap). */
export interface AltTextMessages {
  showAltTextCard(request: { srcUrl: string }): void;
  altTextItems(): AltTextItem[];
  /** Captions one image and writes the text into its alt attribute at once. */
  generateAltText(request: { id: number }): GeneratedAltText;
  /** Stops the descriptions in progress (the side panel's Stop). */
  stopAltText(): void;
  setAltText(request: { id: number; text: string }): void;
  undoAltText(request: { id: number }): void;
}
