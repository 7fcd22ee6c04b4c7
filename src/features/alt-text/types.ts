// What the alt-text feature's messages carry (src/messaging/protocol.ts), apart from the modules that do the work.
import type { AnsweredBy } from '../../engine/types';

/** The image-like elements alt text is written for (see candidates.ts). */
export type ImageLikeKind = 'img' | 'input' | 'area' | 'svg' | 'object' | 'embed' | 'role-img';

export interface AltTextItem {
  /** A number of this page's content script: it names the image only in `page`. */
  id: number;
  /**
   * The document it was listed in (messaging/page-id.ts). Requests about the image name it, and a page that is
   * not that document refuses them: a reloaded page numbers its images afresh.
   */
  page: string;
  /** The image's address ('' for inline SVG); a map area's link. */
  src: string;
  /**
   * `broken`: it needs alt text but has no pixels to describe; `problem` says why it is skipped.
   * `decorative`: marked decorative by us (`alt=""` or `role="presentation"`); `note` says why.
   */
  reason: 'missing' | 'useless' | 'generated' | 'broken' | 'decorative';
  /** Its current alt (or aria-label where alt does not apply). */
  alt: string;
  kind: ImageLikeKind;
  /** Its rendered size in CSS pixels (a map area: its image's), to tell images without a file name apart. */
  width: number;
  height: number;
  problem?: string;
  note?: string;
}

/** Where an image's pixels came from: the page's own image, the extension's anonymous fetch, or a screenshot. */
export type PixelSource = 'page' | 'fetched' | 'screenshot';

export interface GeneratedAltText {
  text: string;
  /** A small PNG of the image, for the side panel's list (it cannot load page images itself); none for map areas. */
  thumbnail?: string;
  /** Where the pixels came from; text from a screenshot goes into the page only when the person applies it. */
  source: PixelSource;
  /** All the text the image holds, when the alt text quotes only its start ("Read all text"). */
  allText?: string;
  /** Whether the text was written into the page. */
  applied?: boolean;
  /** The engine and model that described it. */
  answeredBy?: AnsweredBy;
}

/** An image of a listed page, as requests name it. */
export type ImageRef = Pick<AltTextItem, 'id' | 'page'>;

/** The alt-text messages a page's content script answers (part of the protocol's ProtocolMap). */
export interface AltTextMessages {
  showAltTextCard(request: { srcUrl: string }): void;
  altTextItems(): AltTextItem[];
  /** Captions one image and writes the text into its alt attribute at once. */
  generateAltText(request: ImageRef): GeneratedAltText;
  /** Stops the descriptions in progress (the side panel's Stop). */
  stopAltText(): void;
  setAltText(request: ImageRef & { text: string }): void;
  undoAltText(request: ImageRef): void;
}
