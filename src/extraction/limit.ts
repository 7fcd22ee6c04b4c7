// A page can be of any size (an 18 MB log, a 50 MB single-page dump), but what crosses the messaging
// layer must stay well under browsers' message limits and what the side panel can hold. Summaries read
// at most a few dozen parts anyway (see MAX_SUMMARY_PARTS), so text past this is never needed.
import type { Block, ExtractedPage } from './extract';

/** About 700,000 words: far more than a summary reads, far less than a browser message may carry. */
export const MAX_EXTRACTED_CHARS = 4_000_000;

/**
 * The page with its blocks, and its comments apart, each cut at `maxChars` characters; `wordCount` still
 * counts the whole page.
 */
export function limitExtractedPage(page: ExtractedPage, maxChars = MAX_EXTRACTED_CHARS): ExtractedPage {
  const commentChars = page.comments.reduce((sum, block) => sum + block.text.length + 2, 0);
  if (page.text.length <= maxChars && commentChars <= maxChars) return page;
  const blocks = leadingBlocks(page.blocks, maxChars);
  return { ...page, blocks, text: blocks.map((block) => block.text).join('\n\n'), comments: leadingBlocks(page.comments, maxChars) };
}

function leadingBlocks(all: readonly Block[], maxChars: number): Block[] {
  const blocks: Block[] = [];
  let length = 0;
  for (const block of all) {
    if (length + block.text.length > maxChars) break;
    blocks.push(block);
    length += block.text.length + 2;
  }
  return blocks;
}
