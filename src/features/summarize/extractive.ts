/**
 * Instant summary without a model: the page's most central sentences, in page order, each with
 * the locator of the block it came from.
 *
 * A sentence's centrality is its summed cosine similarity to every other sentence (TF-IDF
 * vectors), the first step of TextRank. It is computed in linear time as the similarity to the
 * sum of all sentence vectors, so a 50,000-word page needs no sentence-by-sentence matrix.
 */
import { summarySize, type SummaryLength } from './options';
import type { BlockKind, SummarizablePage } from './page';
import { splitSentences } from './sentences';
import { termsOf } from './terms';

export interface ExtractedPoint {
  text: string;
  locator: string;
}

/** Blocks whose sentences can be picked (headings, code and captions are not prose). */
const PROSE: ReadonlySet<BlockKind> = new Set(['paragraph', 'list-item', 'quote']);
/** Shorter sentences are fragments ("Read more.") rather than points. */
const MIN_TERMS = 4;
/** Sentences with fewer terms score proportionally less: short ones say little. */
const FULL_TERMS = 12;
/** Longer "sentences" are run-on text (tables, lists without punctuation). */
const MAX_CHARS = 600;
/** A sentence this similar to one already picked repeats it. */
const MAX_SIMILARITY_TO_PICKED = 0.5;
/** Mild preference for early sentences: articles state their point first. */
const LEAD_BONUS = 0.15;
const HAS_LETTER = /\p{L}/u;

interface Sentence {
  text: string;
  locator: string;
  termCount: number;
  /** Unit-length TF-IDF vector: term id → weight. */
  vector: Map<number, number>;
}

export function extractiveSummary(
  page: Pick<SummarizablePage, 'lang' | 'blocks'>,
  length: SummaryLength = 'medium',
): ExtractedPoint[] {
  return rankSentences(page, { count: summarySize('quick', length).count })
    .sort((a, b) => a.order - b.order)
    .map(({ text, locator }) => ({ text, locator }));
}

export interface RankedSentence extends ExtractedPoint {
  /** Index of the sentence's block in `page.blocks`, and the sentence's position in page order. */
  block: number;
  order: number;
}

/**
 * The page's most central sentences, best first, none repeating one before it; at most `count`.
 * With `fill`, the sentences that repeat others follow, best first, while fewer than `count` are picked.
 */
export function rankSentences(
  page: Pick<SummarizablePage, 'lang' | 'blocks'>,
  { count, fill = false }: { count: number; fill?: boolean },
): RankedSentence[] {
  const raw = candidateSentences(page);
  const sentences = vectorize(raw);
  const scores = centrality(sentences);
  const picked = pickDiverse(sentences, scores, count);
  if (fill && picked.length < count) {
    const taken = new Set(picked);
    const rest = scores.map((_, i) => i).filter((i) => !taken.has(i)).sort((a, b) => scores[b]! - scores[a]!);
    picked.push(...rest.slice(0, count - picked.length));
  }
  return picked.map((i) => ({ text: raw[i]!.text, locator: raw[i]!.locator, block: raw[i]!.block, order: raw[i]!.order }));
}

interface RawSentence {
  text: string;
  locator: string;
  terms: string[];
  block: number;
  order: number;
}

function candidateSentences(page: Pick<SummarizablePage, 'lang' | 'blocks'>): RawSentence[] {
  const all: RawSentence[] = [];
  for (const [block, { kind, text: blockText, locator }] of page.blocks.entries()) {
    if (!PROSE.has(kind)) continue;
    for (const text of splitSentences(blockText)) {
      // Numbers (dates, citations) make unrelated sentences look alike.
      const terms = termsOf(text, page.lang).filter((term) => HAS_LETTER.test(term));
      all.push({ text, locator, terms, block, order: all.length });
    }
  }
  const proper = all.filter((s) => s.terms.length >= MIN_TERMS && s.text.length <= MAX_CHARS);
  // A page of short fragments still gets a summary from what it has.
  return proper.length > 0 ? proper : all.filter((s) => s.terms.length > 0);
}

/** TF-IDF vectors (log-scaled term frequency, smoothed IDF), normalized to unit length. */
function vectorize(raw: RawSentence[]): Sentence[] {
  const ids = new Map<string, number>();
  const documentFrequency: number[] = [];
  const termCounts = raw.map((sentence) => {
    const counts = new Map<number, number>();
    for (const term of sentence.terms) {
      let id = ids.get(term);
      if (id === undefined) {
        id = ids.size;
        ids.set(term, id);
        documentFrequency.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of counts.keys()) documentFrequency[id]!++;
    return counts;
  });
  return raw.map((sentence, i) => {
    const vector = new Map<number, number>();
    let squaredNorm = 0;
    for (const [id, count] of termCounts[i]!) {
      const weight = (1 + Math.log(count)) * Math.log(1 + raw.length / documentFrequency[id]!);
      vector.set(id, weight);
      squaredNorm += weight * weight;
    }
    const norm = Math.sqrt(squaredNorm);
    for (const [id, weight] of vector) vector.set(id, weight / norm);
    return { text: sentence.text, locator: sentence.locator, termCount: sentence.terms.length, vector };
  });
}

/** Mean similarity of each sentence to all others, weighed by length and position. */
function centrality(sentences: Sentence[]): number[] {
  const total = new Map<number, number>();
  for (const { vector } of sentences) {
    for (const [id, weight] of vector) total.set(id, (total.get(id) ?? 0) + weight);
  }
  const others = Math.max(1, sentences.length - 1);
  return sentences.map(({ vector, termCount }, i) => {
    const toOthers = dot(vector, total) - dot(vector, vector);
    const fullness = Math.min(1, termCount / FULL_TERMS);
    const lead = 1 + LEAD_BONUS * (1 - i / sentences.length);
    return (toOthers / others) * fullness * lead;
  });
}

/** Indexes of the best-scoring sentences, skipping any that repeat one already picked. */
function pickDiverse(sentences: Sentence[], scores: number[], count: number): number[] {
  const byScore = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const picked: number[] = [];
  for (const i of byScore) {
    if (picked.length === count) break;
    const vector = sentences[i]!.vector;
    if (picked.every((j) => dot(vector, sentences[j]!.vector) <= MAX_SIMILARITY_TO_PICKED)) picked.push(i);
  }
  return picked;
}

function dot(a: Map<number, number>, b: Map<number, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [id, weight] of small) sum += weight * (large.get(id) ?? 0);
  return sum;
}
