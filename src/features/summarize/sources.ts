/**
 * Links each key point of a summary back to the page block it most likely came from, so the
 * reader can jump to the passage.
 *
 * A block's score for a point is how much of the point's vocabulary it contains, each term
 * weighted by its rarity in the page (IDF), plus a little for how dense those shared terms are in
 * the block, so that among blocks containing a point's words the focused one wins over a long one.
 */
import type { SummarizablePage } from './page';
import { termsOf } from './terms';

/** Share of a point's (IDF-weighted) terms a block must contain to count as its source. */
const MIN_COVERAGE = 0.3;
/** Fewer shared terms than this is coincidence, unless the point has no more terms than that. */
const MIN_SHARED_TERMS = 2;
const DENSITY_WEIGHT = 0.1;

/** For each point, the locator of its best-matching block, or null when no block matches well. */
export function findSources(
  points: readonly string[],
  page: Pick<SummarizablePage, 'lang' | 'blocks'>,
): Array<string | null> {
  const index = blockIndexOf(page);
  return points.map((point) => bestBlock(point, page, index));
}

/** Indexes by page, so that calling this on every streamed token costs only the points' matching. */
const indexes = new WeakMap<readonly object[], BlockIndex & { lang: string | null }>();

function blockIndexOf(page: Pick<SummarizablePage, 'lang' | 'blocks'>): BlockIndex {
  const cached = indexes.get(page.blocks);
  if (cached && cached.lang === page.lang) return cached;
  const index = { ...indexBlocks(page), lang: page.lang };
  indexes.set(page.blocks, index);
  return index;
}

interface BlockIndex {
  /** Term → indexes of the blocks that contain it. */
  blocksWithTerm: Map<string, number[]>;
  /** Per block, the summed IDF of its distinct terms. */
  blockWeight: number[];
  idf: (term: string) => number;
}

function indexBlocks(page: Pick<SummarizablePage, 'lang' | 'blocks'>): BlockIndex {
  const blocksWithTerm = new Map<string, number[]>();
  const blockTerms = page.blocks.map((block, i) => {
    const terms = new Set(block.locator ? termsOf(block.text, page.lang) : []); // no locator: nothing to link to
    for (const term of terms) {
      const list = blocksWithTerm.get(term);
      if (list) list.push(i);
      else blocksWithTerm.set(term, [i]);
    }
    return terms;
  });
  const blockCount = page.blocks.length;
  // Terms the page lacks weigh the most: a point's own words that no block has lower its coverage.
  const idf = (term: string) => Math.log(1 + blockCount / (blocksWithTerm.get(term)?.length ?? 1));
  const blockWeight = blockTerms.map((terms) => [...terms].reduce((sum, term) => sum + idf(term), 0));
  return { blocksWithTerm, blockWeight, idf };
}

function bestBlock(point: string, page: Pick<SummarizablePage, 'lang' | 'blocks'>, index: BlockIndex): string | null {
  const pointTerms = new Set(termsOf(point, page.lang));
  const pointWeight = [...pointTerms].reduce((sum, term) => sum + index.idf(term), 0);
  if (pointWeight === 0) return null;

  const sharedWeight = new Map<number, number>();
  const sharedCount = new Map<number, number>();
  for (const term of pointTerms) {
    for (const block of index.blocksWithTerm.get(term) ?? []) {
      sharedWeight.set(block, (sharedWeight.get(block) ?? 0) + index.idf(term));
      sharedCount.set(block, (sharedCount.get(block) ?? 0) + 1);
    }
  }

  const minShared = Math.min(MIN_SHARED_TERMS, pointTerms.size);
  let best: { block: number; score: number } | null = null;
  for (const [block, weight] of sharedWeight) {
    const coverage = weight / pointWeight;
    if (coverage < MIN_COVERAGE || sharedCount.get(block)! < minShared) continue;
    const score = coverage + DENSITY_WEIGHT * (weight / index.blockWeight[block]!);
    if (!best || score > best.score || (score === best.score && block < best.block)) best = { block, score };
  }
  return best ? page.blocks[best.block]!.locator : null;
}
