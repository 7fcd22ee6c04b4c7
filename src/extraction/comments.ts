// The page's comment section, kept out of its text (the furniture rules drop it by name) and offered apart:
// the side panel's "Summarize comments". Read from the same stamped copy as the text, so hidden comments
// stay out and every block points back into the live page.

import { collectBlocks, type TextBlock } from './blocks';
import { navigationRule } from './boilerplate';
import { cleanChrome } from './chrome';
import { wordsIn } from './coverage';

/** Ids of comment sections: WordPress's #comments, "comment-list", "comments-area"... */
const SECTION_ID = /^comments?(?:[-_]?(?:list|section|area|wrapper|container|block))?$/i;
/** Class names of the same ("comments", "comment-list", "commentlist", "comments-area"...). */
const SECTION_CLASS = /^(?:comments|comment[-_]?list|comments[-_]?(?:area|section|wrapper|container|list|block)|comment[-_]?(?:section|wrapper|area))$/i;
/** Elements that can hold a section (not a link, a counter in a <span>, a <textarea>, a <script>). */
const SECTION_TAGS = new Set(['DIV', 'SECTION', 'ASIDE', 'OL', 'UL', 'ARTICLE', 'FOOTER']);
/** Inside a section: the form to write one ("Leave a reply"), by tag or name. */
const COMMENT_FORM = /(?:^|[\s_-])(?:respond|comment[-_]?(?:respond|form)|reply[-_]?form)(?:$|[\s_-])/i;

/** Fewer words than this (a "No comments yet", a count) is no comment section worth offering. */
export const MIN_COMMENT_WORDS = 20;

/**
 * Comments past this many characters (about 170,000 words) are not read: far more than a summary of them reads,
 * and on a page of thousands of comments reading them all would cost as much again as reading the page.
 */
export const MAX_COMMENT_CHARS = 1_000_000;

/**
 * Blocks of the comment sections under `root` (outermost ones, in page order) that `taken` (the page's text)
 * does not already hold: on a forum thread the comments are the text. Empty when they come to fewer than
 * MIN_COMMENT_WORDS words. Forms and navigation inside are left out, and chrome lines ("Reply", "Report")
 * dropped as on a whole page.
 */
export function commentBlocks(root: Element, taken: readonly TextBlock[]): TextBlock[] {
  const takenTexts = new Set(taken.map((block) => block.text));
  const blocks: TextBlock[] = [];
  let chars = 0;
  const skip = (element: Element) => isCommentForm(element) || navigationRule(element) !== null;
  for (const section of commentSections(root)) {
    if (chars >= MAX_COMMENT_CHARS) break;
    for (const block of collectBlocks(section, { skip, maxChars: MAX_COMMENT_CHARS - chars })) {
      blocks.push(block);
      chars += block.text.length;
    }
  }
  const comments = cleanChrome(blocks, 'page').filter((block) => !takenTexts.has(block.text));
  return wordsIn(comments) >= MIN_COMMENT_WORDS ? comments : [];
}

/** Outermost elements under `root` named as a comment section. */
export function commentSections(root: Element): Element[] {
  const sections: Element[] = [];
  // One query for every element whose id or class could name one; the names are checked exactly below.
  for (const element of Array.from(root.querySelectorAll('[id*="omment" i], [class*="omment" i]'))) {
    if (!SECTION_TAGS.has(element.tagName.toUpperCase()) || !namesCommentSection(element)) continue;
    // In document order, an element inside an earlier section is inside the last one found.
    if (sections.at(-1)?.contains(element)) continue;
    sections.push(element);
  }
  return sections;
}

/**
 * Containers that comment services render into a frame of their own site: Disqus (#disqus_thread), Facebook's
 * comments plugin (.fb-comments), giscus and utterances.
 */
const EMBED_CONTAINER = /^(?:disqus_thread|fb-comments|giscus|utterances)$/i;
/** A frame's address that names comments (disqus.com/embed/comments/, facebook.com/plugins/comments.php). */
const COMMENTS_ADDRESS = /comment/i;

/**
 * Frames under `root` that hold comments in a document this reading does not look into (another site's: a
 * same-origin frame is read in place, flatten.ts): inside a comment section, inside a comment service's
 * container, or at an address that names comments.
 */
export function commentFrames(root: Element): Element[] {
  const frames = Array.from(root.querySelectorAll('iframe, frame'));
  if (frames.length === 0) return [];
  const sections = commentSections(root);
  return frames.filter(
    (frame) =>
      sections.some((section) => section.contains(frame)) ||
      COMMENTS_ADDRESS.test(frame.getAttribute('src') ?? '') ||
      insideEmbedContainer(frame),
  );
}

function insideEmbedContainer(frame: Element): boolean {
  for (let element = frame.parentElement; element; element = element.parentElement) {
    if (EMBED_CONTAINER.test(element.getAttribute('id') ?? '') || hasClassLike(element, EMBED_CONTAINER)) return true;
  }
  return false;
}

function namesCommentSection(element: Element): boolean {
  return SECTION_ID.test(element.getAttribute('id') ?? '') || hasClassLike(element, SECTION_CLASS);
}

/** Whether one of the element's class names matches `pattern` whole. */
function hasClassLike(element: Element, pattern: RegExp): boolean {
  return (element.getAttribute('class') ?? '').split(/\s+/).some((name) => pattern.test(name));
}

function isCommentForm(element: Element): boolean {
  if (element.tagName.toUpperCase() === 'FORM') return true;
  return COMMENT_FORM.test(`${element.getAttribute('id') ?? ''} ${element.getAttribute('class') ?? ''}`);
}
