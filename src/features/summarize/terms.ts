/**
 * Terms for comparing passages: lower-cased words without stopwords, and character bigrams for
 * scripts written without spaces (Chinese, Japanese, Thai), where words cannot be found without
 * a dictionary but overlapping character pairs still tell passages apart.
 */
import { baseLanguage } from './languages';
import { stopwordsFor } from './stopwords';

const UNSPACED = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}ー`;
const TERM = new RegExp(String.raw`(?<unspaced>[${UNSPACED}]+)|[[\p{L}\p{N}\p{M}]--[${UNSPACED}]]+`, 'gv');

/** Splits text into terms; `lang` (a language code) picks the stopword list. */
export function termsOf(text: string, lang: string | null): string[] {
  const stopwords = stopwordsFor(baseLanguage(lang));
  const terms: string[] = [];
  for (const match of text.toLowerCase().matchAll(TERM)) {
    const token = match[0];
    if (match.groups?.unspaced) pushBigrams(terms, token);
    else if (token.length > 1 && !stopwords.has(token)) terms.push(token);
  }
  return terms;
}

function pushBigrams(terms: string[], run: string): void {
  const chars = Array.from(run); // code points, so rare characters outside the BMP stay whole
  if (chars.length === 1) terms.push(run);
  for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
}
