/**
 * Turns a raw caption from a small image-captioning model into alt text.
 *
 * Decisions:
 * - One short description: only the first sentence is kept.
 * - "An image of", "a photo of", "the picture shows", "in this image we can see", "there is"
 *   are dropped: screen readers already announce the element as an image. Words that carry
 *   information stay: "a painting of", "a screenshot of", "a black and white photo of".
 * - Phrases the model stutters ("a man a man riding") are said once.
 * - At most 125 characters (what screen-reader guidance commonly suggests), cut between words,
 *   never ending on a word that needs a continuation ("and", "of", "the").
 * - First letter capitalized; a final full stop only for a full sentence, see `isFullSentence`.
 * - Returns '' when nothing describing is left.
 */

import { isUselessAlt } from './useless-alt';

export const MAX_ALT_TEXT_LENGTH = 125;

export function captionToAltText(raw: string): string {
  if (typeof raw !== 'string') return '';
  let text = stripWrapping(normalizeSpace(removeModelTokens(raw)));
  text = firstSentence(text);
  text = stripFraming(removeKnownArtifacts(text));
  // Bounded before the repeat search, whose cost grows with the cube of the word count.
  text = removeRepeatedPhrases(truncateOnWord(text, 4 * MAX_ALT_TEXT_LENGTH));
  text = trimDanglingEnd(truncateOnWord(text, MAX_ALT_TEXT_LENGTH - 1)); // room for the full stop
  if (!hasDescribingWord(text)) return '';
  const altText = capitalizeFirst(text) + (isFullSentence(text) ? '.' : '');
  return isUselessAlt(altText) ? '' : altText;
}

/** `<s>`, `</s>`, `<pad>`, `[SEP]`, `<MORE_DETAILED_CAPTION>`: tokenizer leftovers. */
function removeModelTokens(text: string): string {
  return text.replace(/<\/?[a-z_]+>|\[(?:[A-Z_]+)\]/gi, ' ');
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Quotes, bullets and dashes around the caption: `"a cat"`, `- a cat`. */
const LEADING_WRAPPERS = /^[\s"'“”‘’«»()[\]•*:–—-]+/u;
const TRAILING_WRAPPERS = /[\s"'“”‘’«»()[\]•*:–—-]+$/u;

function stripWrapping(text: string): string {
  return text.replace(LEADING_WRAPPERS, '').replace(TRAILING_WRAPPERS, '');
}

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'mt', 'ft', 'jr', 'sr', 'vs', 'no', 'etc', 'approx']);

/** Up to the first ".", "!" or "?" that ends a sentence ("St. Bernard", "U.S. flag" do not). */
function firstSentence(text: string): string {
  const end = /[.!?](?=\s|$)/g;
  for (let match = end.exec(text); match; match = end.exec(text)) {
    const wordBefore = /([\p{L}.]+)$/u.exec(text.slice(0, match.index))?.[1] ?? '';
    const isAbbreviation =
      wordBefore.length === 1 || wordBefore.includes('.') || ABBREVIATIONS.has(wordBefore.toLowerCase());
    if (!isAbbreviation) return text.slice(0, match.index);
  }
  return text;
}

/**
 * BLIP models emit "arafed"/"araffe" (a training-data artifact) in front of nouns;
 * the article before it is re-chosen for the next word ("an arafed man" -> "a man").
 */
function removeKnownArtifacts(text: string): string {
  return text
    .replace(/\b(an?)\s+ar+af+(?:ed|e|ly|y)?\s+(\p{L})/giu, (_, article: string, next: string) => {
      const wanted = /[aeiou]/i.test(next) ? 'an' : 'a';
      return `${article[0] === 'A' ? capitalizeFirst(wanted) : wanted} ${next}`;
    })
    .replace(/\bar+af+(?:ed|e|ly|y)?\b\s*/gi, '');
}

const IMAGE_NOUN = '(?:image|picture|photo|photograph|pic|snapshot)';
const SHOWING_VERBS = 'is\\s+of|is\\s+showing|shows|showing|depicts|depicting|features|contains|displays|of';
const FRAMINGS: RegExp[] = [
  // "In this image we can see", "In the picture, I can see", "We can see"
  new RegExp(`^(?:in\\s+)?(?:this|the)\\s+${IMAGE_NOUN}\\s*,?\\s*(?:we|i|you)\\s+can\\s+see\\s+`, 'i'),
  /^(?:we|i|you)\s+can\s+see\s+/i,
  // "The image shows", "This picture depicts", "The photo is of"
  new RegExp(`^(?:this|the)\\s+${IMAGE_NOUN}\\s+(?:${SHOWING_VERBS})\\s+`, 'i'),
  // "The image is a close-up of ..." -> "a close-up of ..."
  new RegExp(`^(?:this|the)\\s+${IMAGE_NOUN}\\s+is\\s+(?=(?:an?|the)\\s)`, 'i'),
  // "This is a picture of", "It is a dog"
  /^(?:this|it)\s+is\s+(?=(?:an?|the)\s)/i,
  // "An image of", "a photo showing", "picture of"
  new RegExp(`^(?:(?:an?|the)\\s+)?${IMAGE_NOUN}\\s+(?:of|showing|that\\s+shows|depicting)\\s+`, 'i'),
  // "There is a cat", "there are two dogs"
  /^there\s+(?:is|are)\s+/i,
];

function stripFraming(text: string): string {
  let previous: string;
  do {
    previous = text;
    for (const framing of FRAMINGS) text = text.replace(framing, '');
  } while (text !== previous);
  return text
    .replace(new RegExp(`\\s+in\\s+(?:this|the)\\s+${IMAGE_NOUN}$`, 'i'), '') // "... in the image"
    .replace(/\s+(?:that|who|which)\s+(?:is|are)\s+(?=\p{L}+ing\b)/giu, ' '); // "a man that is riding"
}

/**
 * "a man a man riding" -> "a man riding", "a table with a table with a table" -> "a table with a
 * table". Only back-to-back repeats are removed; the earlier copy goes, so a comma between the
 * two ("a man, a man") goes with it.
 */
function removeRepeatedPhrases(text: string): string {
  const words = text.split(' ');
  const key = (word: string | undefined) => (word ?? '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  let changed = true;
  while (changed) {
    changed = false;
    for (let size = Math.floor(words.length / 2); size >= 1; size--) {
      for (let start = 0; start + 2 * size <= words.length; start++) {
        const repeats = words.slice(start, start + size).every((word, i) => {
          const k = key(word);
          return k !== '' && k === key(words[start + size + i]);
        });
        if (repeats) {
          words.splice(start, size);
          changed = true;
        }
      }
    }
  }
  return words.join(' ');
}

function truncateOnWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength + 1);
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > 0 ? cut.slice(0, lastSpace) : text.slice(0, maxLength);
}

/** Words that promise more to come, so the text must not end on them. */
const DANGLING_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'with', 'without', 'in', 'on', 'at', 'to', 'for',
  'by', 'from', 'into', 'onto', 'over', 'under', 'near', 'next', 'beside', 'behind', 'between', 'while',
  'as', 'than', 'that', 'which', 'who', 'whose', 'its', 'his', 'her', 'their', 'our', 'my', 'your',
  'is', 'are', 'was', 'were', 'be', 'being', 'has', 'have', 'some', 'very', 'several', 'two', 'three',
  'this', 'these', 'those', 'such', 'against',
]);

function trimDanglingEnd(text: string): string {
  const trailingPunctuation = /[\s.,;:!?&/–—-]+$/u;
  const words = text.split(' ');
  while (words.length > 1) {
    const last = (words.at(-1) ?? '').replace(trailingPunctuation, '');
    if (last !== '' && !DANGLING_WORDS.has(last.toLowerCase())) break;
    words.pop();
  }
  return words.join(' ').replace(trailingPunctuation, '');
}

/** At least one word that is not a function word ("a a a", "...", "the" are garbage). */
function hasDescribingWord(text: string): boolean {
  return text
    .split(' ')
    .map((word) => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''))
    .some((word) => /\p{L}/u.test(word) && word.length >= 2 && !DANGLING_WORDS.has(word));
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Auxiliaries and copulas: "is riding", "are sitting", "can be seen". */
const AUXILIARY_VERBS = new Set([
  'is', 'are', 'was', 'were', 'am', 'has', 'have', 'had', 'does', 'do', 'did', 'can', 'could', 'will',
  'would', 'may', 'might', 'shall', 'should', 'must',
]);

/**
 * Present-tense verbs captioners use that are rarely plural nouns. Left out on purpose:
 * "waves", "drinks", "shows", "displays", "features", "lines", "points" (usually nouns in captions).
 */
const THIRD_PERSON_VERBS = new Set([
  'sits', 'stands', 'lies', 'holds', 'wears', 'eats', 'smiles', 'waits', 'leans', 'jumps', 'swims',
  'reads', 'poses', 'depicts', 'appears', 'seems', 'rests', 'grazes', 'sleeps', 'sings', 'dances',
  'talks', 'speaks', 'cooks', 'carries', 'pulls', 'pushes', 'throws', 'catches', 'swings', 'drives',
  'climbs', 'crosses', 'watches', 'laughs', 'cries', 'floats', 'sails', 'reaches', 'stares', 'gazes',
  'hugs', 'kisses', 'rides', 'runs', 'walks', 'looks', 'plays', 'contains', 'perches', 'hovers',
]);

/**
 * A full sentence has a finite verb after its subject: "A man is riding a horse",
 * "A cat sits on a mat". A noun phrase does not, "-ing" and "-ed" forms included:
 * "A man riding a horse", "A woman dressed in red". Checked with the two word lists above,
 * skipping the first word (a sentence needs a subject before its verb).
 */
export function isFullSentence(text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}']/gu, ''));
  return words.slice(1).some((word) => AUXILIARY_VERBS.has(word) || THIRD_PERSON_VERBS.has(word));
}
