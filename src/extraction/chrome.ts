// Stray page chrome inside extracted text: share/print buttons, "Advertisement" labels,
// "Related articles" link lists, and short UI labels repeated down the page ("Reply", "Like").

import type { TextBlock } from './blocks';
import type { FurnitureRules } from './boilerplate';

/** Whole-line texts that are page chrome wherever they appear. */
const CHROME_LINE = new RegExp(
  '^(?:' +
    [
      'advertisement', 'advertisements', 'advert', 'ad', 'ads', 'sponsored( content)?', 'promoted( content)?',
      'share( this( article| story| post| page)?)?( on \\w+)?', 'share via \\w+', 'tweet( this)?', 'pin it',
      'email( this)?', 'print( this)?( article| page)?', 'copy link', 'link copied',
      'skip to (main )?content', 'skip to navigation', 'back to top', 'scroll to top',
      'loading( more)?', 'load more', 'show more', 'read more', 'continue reading', 'see more',
      'subscribe( now)?', 'sign up( now)?', 'sign in', 'log in', 'login', 'register',
      'follow us( on \\w+)?', 'like us on facebook', 'accept( all)?( cookies)?', 'reject all',
      'reply', 'quote', 'report', 'permalink', 'like', 'upvote', 'downvote',
    ].join('|') +
    ')[\\s.:!…»›>-]*$',
  'i',
);

/** Headings that introduce lists of links to other pages. */
const RELATED_HEADING =
  /^(?:related( articles| stories| posts| content| reading| links| coverage)?|read (next|more|also)|more (stories|articles|from|on|like this|in)\b.*|you (may|might) (also )?(like|enjoy|be interested in)|recommended( for you| reading| articles)?|most (popular|read|viewed|shared)|trending( now)?|popular (posts|stories|now)|see also|also on \w+|further reading)\W*$/i;

export function isChromeLine(text: string): boolean {
  return text.length <= 60 && CHROME_LINE.test(text.trim());
}

export function isRelatedHeading(text: string): boolean {
  return text.length <= 60 && RELATED_HEADING.test(text.trim());
}

const HAS_LETTER = /\p{L}/u;

/** Short lines seen this often are UI labels (per-post buttons, per-item "Read more"). */
const REPEATED_LABEL_MIN_COUNT = 3;
const LABEL_MAX_WORDS = 3;

/**
 * Blocks minus chrome lines and link lists under "Related" headings. For a whole page's text
 * ("page" rules) also short lines repeated down the page and lines without a letter (vote counts,
 * "·"): in an article those are table cells and captions, so "article" rules keep them.
 */
export function cleanChrome(
  blocks: TextBlock[],
  rules: FurnitureRules,
  /** Told of each block dropped and why (for --explain). */
  onDrop?: (block: TextBlock, rule: string) => void,
): TextBlock[] {
  const wholePage = rules === 'page';
  const repeatedLabels = wholePage ? findRepeatedLabels(blocks) : new Set<string>();
  const kept: TextBlock[] = [];
  let inRelatedList = false;
  blocks.forEach((block, index) => {
    if (block.kind === 'heading') {
      const next = blocks[index + 1];
      inRelatedList = isRelatedHeading(block.text) && next !== undefined && isMostlyLinks(next);
    } else if (inRelatedList && !isMostlyLinks(block)) {
      inRelatedList = false;
    }
    const rule = inRelatedList
      ? 'links under a "related" heading'
      : isChromeLine(block.text)
        ? 'chrome line'
        : repeatedLabels.has(block.text)
          ? 'label repeated down the page'
          : wholePage && !HAS_LETTER.test(block.text)
            ? 'no letters'
            : null;
    if (rule !== null) {
      onDrop?.(block, rule);
      return;
    }
    kept.push(block);
  });
  return kept;
}

function findRepeatedLabels(blocks: TextBlock[]): Set<string> {
  const counts = new Map<string, number>();
  for (const block of blocks) {
    if (block.text.length > 40 || block.text.split(/\s+/).length > LABEL_MAX_WORDS) continue;
    counts.set(block.text, (counts.get(block.text) ?? 0) + 1);
  }
  const labels = new Set<string>();
  for (const [text, count] of counts) if (count >= REPEATED_LABEL_MIN_COUNT) labels.add(text);
  return labels;
}

function isMostlyLinks(block: TextBlock): boolean {
  return block.linkChars >= 0.6 * block.text.replace(/\s/g, '').length;
}
