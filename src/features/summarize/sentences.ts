/**
 * Sentence splitting that works without a language model or a dictionary: Latin-style
 * punctuation followed by a space, CJK full-width punctuation (no space needed), and the Arabic,
 * Urdu and Devanagari sentence marks. A line break also ends a sentence.
 */

const BOUNDARY = /[.!?…]+["'”’»)\]]*(?=\s|$)|[。！？]+[」』”’）)]*|[؟۔।॥]+|\n+/g;
const LATIN_END = /^[.!?…]/;

/** Abbreviations after which a period does not end the sentence (compared lower-case). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'vs', 'etc', 'e.g', 'i.e', 'fig', 'no', 'jr', 'sr', 'inc', 'ltd', 'co',
  'mt', 'approx', 'cf', 'al', 'z.b', 'bzw', 'ca', 'usw', 'p', 'pp', 'vol',
]);

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    if (LATIN_END.test(match[0]) && !latinPunctuationEndsSentence(text, match.index, match[0])) continue;
    const end = match.index + match[0].length;
    pushTrimmed(sentences, text.slice(start, end));
    start = end;
  }
  pushTrimmed(sentences, text.slice(start));
  return sentences;
}

/**
 * "." "!" "?" end a sentence unless a lower-case word follows ("“Really?” she asked"), or a lone
 * period follows an abbreviation or an initial ("Dr. Smith", "J. Doe").
 */
function latinPunctuationEndsSentence(text: string, index: number, punctuation: string): boolean {
  const end = index + punctuation.length;
  const nextLetter = /\S/.exec(text.slice(end, end + 8))?.[0] ?? '';
  if (/\p{Ll}/u.test(nextLetter)) return false;
  if (punctuation !== '.') return true;
  const wordBefore = /(\S+)$/.exec(text.slice(Math.max(0, index - 16), index))?.[1] ?? '';
  const word = wordBefore.replace(/^[("'“‘«[]+/, '').toLowerCase();
  return !ABBREVIATIONS.has(word) && !/^\p{L}$/u.test(word);
}

function pushTrimmed(sentences: string[], sentence: string): void {
  const trimmed = sentence.trim();
  if (trimmed) sentences.push(trimmed);
}
