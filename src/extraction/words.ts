// Word tokenization shared by word counts and the quality metrics.
// Pure string code: safe in the content script and in Node.

// Scripts written without spaces between words: each character counts as one word,
// which is what reading-time estimates and bag-of-words comparisons expect.
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]|[\p{L}\p{M}\p{N}]+/gu;
// Apostrophes inside words ("don't", "l'homme") are dropped so both spellings tokenize alike.
const APOSTROPHES = /['\u2019\u02bc\u2018`\u00b4]/g;

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

// Non-ASCII characters countWords handles itself: apostrophes (’ ‘ ʼ) and punctuation or spaces that stay
// outside words after NFKC (no-break and thin spaces, dashes, quotes, ellipsis, bullet).
const FAST_APOSTROPHES = new Set([0x2019, 0x2018, 0x02bc]);
const FAST_SEPARATORS = new Set([0xa0, 0xab, 0xbb, 0x2009, 0x200b, 0x2013, 0x2014, 0x201c, 0x201d, 0x2022, 0x2026]);

/** Number of words in `text`, counting each Chinese/Japanese/Thai... character as a word. */
export function countWords(text: string): number {
  // ASCII text with typographic punctuation (most text) is counted in one pass without building the words:
  // NFKC and lower case change no word there, letters and digits are the token characters, and apostrophes
  // join what they sit between. Anything else takes the full tokenizer.
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) {
      if (FAST_APOSTROPHES.has(code)) continue;
      if (FAST_SEPARATORS.has(code)) {
        inWord = false;
        continue;
      }
      return tokenizeWords(text).length;
    }
    if (code === 0x27 || code === 0x60) continue; // ' and `
    const lower = code | 0x20;
    const isWordChar = (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
    if (isWordChar && !inWord) count++;
    inWord = isWordChar;
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
