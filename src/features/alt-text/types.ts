// What the alt-text feature's messages carry (src/messaging/protocol.ts), apart from the modules that do the work.

export interface AltTextItem {
  id: number;
  src: string;
  /** `broken`: it needs alt text but has no pixels to describe; `problem` says why it is skipped. */
  reason: 'missing' | 'useless' | 'generated' | 'broken';
  alt: string;
  problem?: string;
}

export interface GeneratedAltText {
  text: string;
  /** A small PNG of the image, for the side panel's list (it cannot load page images itself). */
  thumbnail: string;
}
