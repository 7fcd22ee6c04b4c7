// Word tokenization shared by word counts and the quality metrics.
// Pure string code: safe in the content script and in Node.

// Scripts written without spaces between words: each character counts as one word,
// which is what reading-time estimates and bag-of-words comparisons expect.
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]|[\p{L}\p{M}\p{N}]+/gu;
// Apostrophes inside words ("don't", "l'homme") are dropped so both spellings tokenize alike.
const APOSTROPHE_CHARS = "'\u2019\u02bc\u2018`\u00b4";
const APOSTROPHES = new RegExp(`[${APOSTROPHE_CHARS}]`, 'g');

/** Normalized words of `text`: NFKC, lower case, punctuation and symbols removed. */
export function tokenizeWords(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase().replace(APOSTROPHES, '');
  const words: string[] = [];
  for (const match of normalized.matchAll(TOKEN)) {
    const token = match[0];
    if (token.length > 1 && UNSPACED_CHAR.test(token)) {
      // A run of letters that mixes in unspaced-script characters: split those off one by one.
      splitMixedRun(token, words);
    } else {
      words.push(token);
    }
  }
  return words;
}

// How countWords treats a character, as tokenizeWords would (small numbers: they fill a byte table).
const UNKNOWN = 0;
/** Ends a word. */
const SEPARATOR = 1;
/** Part of a word: a letter or digit. */
const LETTER = 2;
/** A word of its own (Chinese, Japanese, Thai...). */
const UNSPACED = 3;
/** Dropped, joining what it sits between: an apostrophe. */
const JOINER = 4;
/** Made by NFKC into what words are made of (½, ①, ´): only the full tokenizer counts it right. */
const TOKENIZE = 5;
/**
 * A combining mark: part of the word it follows. After anything else it starts a word (❤ + U+FE0F), unless NFKC
 * composes it with what precedes it into another kind of character (か + ゙ → が, = + ̸ → ≠): only the full
 * tokenizer counts that right.
 */
const MARK = 6;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const COMBINING_MARK = /\p{M}/u;
const WORD_OR_APOSTROPHE = new RegExp(`[\\p{L}\\p{M}\\p{N}${APOSTROPHE_CHARS}]`, 'u');

/**
 * A character's kind. NFKC first, as tokenizeWords does: a character NFKC leaves as it is keeps its own kind
 * (lower-casing, or composing a letter with the marks after it, makes letters of letters); one NFKC turns into
 * spaces or punctuation (a no-break space) separates; any other change needs the tokenizer.
 */
function classify(char: string): number {
  const normalized = char.normalize('NFKC');
  if (normalized !== char) return WORD_OR_APOSTROPHE.test(normalized) ? TOKENIZE : SEPARATOR;
  if (APOSTROPHE_CHARS.includes(char)) return JOINER;
  if (UNSPACED_CHAR.test(char)) return UNSPACED;
  if (COMBINING_MARK.test(char)) return MARK;
  return LETTER_OR_DIGIT.test(char) ? LETTER : SEPARATOR;
}

/** Kinds of the characters met so far: the Basic Multilingual Plane by code, the rest by code point. */
const bmpKinds = new Uint8Array(0x10000);
const astralKinds = new Map<number, number>();

function kindOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    let kind = bmpKinds[codePoint]!;
    if (kind === UNKNOWN) bmpKinds[codePoint] = kind = classify(String.fromCharCode(codePoint));
    return kind;
  }
  let kind = astralKinds.get(codePoint);
  if (kind === undefined) astralKinds.set(codePoint, (kind = classify(String.fromCodePoint(codePoint))));
  return kind;
}

/**
 * Number of words in `text`, counting each Chinese/Japanese/Thai... character as a word: tokenizeWords(text).length,
 * counted in one pass over the characters without building the words. Only text with a character NFKC turns
 * into letters or digits (½, ①, ﬁ), or composes with a mark, takes the full tokenizer.
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  /** Where the character before this one starts. */
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const start = i;
    const code = text.charCodeAt(i);
    let kind: number;
    if (code < 0x80) {
      // ASCII: letters and digits make words, ' and ` join, the rest separates.
      const lower = code | 0x20;
      kind =
        (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x7a)
          ? LETTER
          : code === 0x27 || code === 0x60
            ? JOINER
            : SEPARATOR;
    } else {
      const codePoint = text.codePointAt(i)!;
      if (codePoint > 0xffff) i++;
      kind = kindOf(codePoint);
      if (kind === MARK && !inWord) {
        const pair = text.slice(previous, i + 1);
        if (pair.normalize('NFKC') !== pair) return tokenizeWords(text).length;
        kind = LETTER;
      }
    }
    previous = start;
    switch (kind) {
      case LETTER:
        if (!inWord) count++;
        inWord = true;
        break;
      case UNSPACED:
        count++;
        inWord = false;
        break;
      case SEPARATOR:
        inWord = false;
        break;
      case TOKENIZE:
        return tokenizeWords(text).length;
      default: // a joiner, or a mark within a word: the word goes on
    }
  }
  return count;
}

function splitMixedRun(run: string, out: string[]): void {
  let spaced = '';
  for (const char of run) {
    if (UNSPACED_CHAR.test(char)) {
      if (spaced) out.push(spaced);
      spaced = '';
      out.push(char);
    } else {
      spaced += char;
    }
  }
  if (spaced) out.push(spaced);
}
