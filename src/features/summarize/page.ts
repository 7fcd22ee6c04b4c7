/** The parts of an extracted page (see src/extraction) that summarizing reads. */
import type { Block, BlockKind, ExtractedPage } from '../../extraction/extract';

export type { BlockKind };
export type PageBlock = Block;
/** Any `ExtractedPage` is one; tests build them by hand. */
export type SummarizablePage = Pick<ExtractedPage, 'title' | 'lang' | 'blocks'>;

