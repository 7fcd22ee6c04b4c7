// Word-level agreement between an extraction and the expected text: bag-of-words precision,
// recall and F1, counting repeated words (multiset overlap). Text is normalized with NFKC, lower
// case, and punctuation/symbols removed (see tokenizeWords), so markup and quote styles don't count.

import { tokenizeWords } from './words';

export interface WordScores {
  /** Share of extracted words that are expected. 1 when nothing was extracted. */
  precision: number;
  /** Share of expected words that were extracted. 1 when nothing was expected. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when either is 0. */
  f1: number;
}

export function wordScores(extracted: string, expected: string): WordScores {
  const extractedWords = tokenizeWords(extracted);
  const expectedCounts = countBag(tokenizeWords(expected));
  const expectedTotal = sumCounts(expectedCounts);

  let overlap = 0;
  for (const word of extractedWords) {
    const left = expectedCounts.get(word) ?? 0;
    if (left > 0) {
      overlap++;
      expectedCounts.set(word, left - 1);
    }
  }
  const precision = extractedWords.length > 0 ? overlap / extractedWords.length : 1;
  const recall = expectedTotal > 0 ? overlap / expectedTotal : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** Mean of each score over several pages. */
export function meanScores(scores: WordScores[]): WordScores {
  const mean = (pick: (s: WordScores) => number) =>
    scores.length ? scores.reduce((sum, s) => sum + pick(s), 0) / scores.length : 0;
  return { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) };
}

function countBag(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function sumCounts(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
