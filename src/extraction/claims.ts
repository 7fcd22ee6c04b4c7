// A fact-check's claim box: the claim the page reviews ("Eating bananas cures cancer") and, where shown as text,
// its rating ("False"). Fact-check pages set it apart from the article, above it, where Readability drops it
// and the page rules may read its container as an author box; yet it is what the whole page is about. Such
// pages declare the claim in schema.org ClaimReview data (search engines ask for it), which points to the box
// here. Only text the page shows is taken: the data is only a pointer, never read as text itself.

import type { TextBlock } from './blocks';

export interface ClaimReview {
  /** The claim, as the data gives it. */
  claim: string;
  /** The rating's name ("False", "Mostly true"), if given. */
  rating: string | null;
}

/** The ClaimReview items of the page's JSON-LD (`<script type="application/ld+json">`), in page order. */
export function claimReviews(doc: Document): ClaimReview[] {
  const reviews: ClaimReview[] = [];
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]'))) {
    const json = script.textContent ?? '';
    // Most pages' data (articles, breadcrumbs, products) has no claim: not parsed on every reading.
    if (!json.includes('ClaimReview')) continue;
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      continue; // not JSON: the page's business
    }
    for (const item of jsonLdItems(data)) {
      const claim = item['claimReviewed'];
      if (!isType(item, 'ClaimReview') || typeof claim !== 'string' || !claim.trim()) continue;
      const rating = item['reviewRating'];
      const name = rating && typeof rating === 'object' ? (rating as Record<string, unknown>)['alternateName'] : undefined;
      reviews.push({ claim, rating: typeof name === 'string' && name.trim() ? name : null });
    }
  }
  return reviews;
}

/** Each object of JSON-LD data: the data itself, array items and `@graph` members, nested ones included. */
function jsonLdItems(data: unknown, depth = 0): Record<string, unknown>[] {
  if (depth > 4 || !data || typeof data !== 'object') return [];
  if (Array.isArray(data)) return data.flatMap((item) => jsonLdItems(item, depth + 1));
  const item = data as Record<string, unknown>;
  return [item, ...jsonLdItems(item['@graph'], depth + 1)];
}

function isType(item: Record<string, unknown>, type: string): boolean {
  const types = item['@type'];
  return types === type || (Array.isArray(types) && types.includes(type));
}

/**
 * The blocks of `all` (the page's blocks, in page order) that show a reviewed claim, each followed by its rating
 * where a block near it says just that. A claim's block says the claim and little else (a quote, "Claim:"): an
 * article paragraph that retells it is not the box.
 */
export function claimBlocks(reviews: readonly ClaimReview[], all: readonly TextBlock[]): TextBlock[] {
  const found: TextBlock[] = [];
  for (const { claim, rating } of reviews) {
    const wanted = normalized(claim);
    if (!wanted) continue;
    const index = all.findIndex((block) => {
      const text = normalized(block.text);
      return text.includes(wanted) && text.length <= wanted.length * 1.5 + 20;
    });
    if (index < 0 || found.includes(all[index]!)) continue;
    found.push(all[index]!);
    const ratingBlock = rating === null ? undefined : all.slice(Math.max(0, index - 3), index + 4).find((block) => normalized(block.text) === normalized(rating));
    if (ratingBlock && !found.includes(ratingBlock)) found.push(ratingBlock);
  }
  return found;
}

/** Lower case, letters and digits only, single spaces: quotes, dashes and a trailing full stop do not count. */
function normalized(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
