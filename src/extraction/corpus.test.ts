// Word-level agreement with the expected article text on the shared corpus (Mozilla Readability's
// 130 test pages), for our extraction and for plain Readability. The expected text is Readability's
// own output (a newer version, run on jsdom), so it favours Readability: where we keep a paragraph it
// dropped or drop a share bar it kept, we lose points here. The corpus guards against regressions on
// real articles; fixtures.test.ts shows where we do better.

import { describe, expect, it } from 'vitest';
import {
  listCorpusPages,
  readExpectedHtml,
  readExpectedMetadata,
  readSource,
  type ExpectedMetadata,
} from './corpus';
import type { ExtractedPage } from './extract';
import { extractPage } from './extract';
import { htmlToText, parseHtmlDocument } from './node';
import { meanScores, wordScores, type WordScores } from './quality';
import { readabilityAloneText } from './test-support';
import { hasSharedCorpus, SHARED_CORPUS_DIR, sharedCorpusSuite } from '../../test/support/pages';

/**
 * Our mean F1 as measured (0.9965 since boilerplate that Readability keeps is removed: comments, share
 * bars, author boxes, photo credits), less a margin for noise.
 */
const MEAN_F1_FLOOR = 0.995;

const pages = hasSharedCorpus ? listCorpusPages(SHARED_CORPUS_DIR) : [];

describe.skipIf(pages.length === 0)(sharedCorpusSuite('corpus: readability-pages'), () => {
  it('extracts at least as well as Readability alone', () => {
    const ours: WordScores[] = [];
    const alone: WordScores[] = [];
    const agreement = new MetadataAgreement();
    for (const page of pages) {
      const expected = htmlToText(readExpectedHtml(page));
      const doc = parseHtmlDocument(readSource(page), 'http://fakehost/test/page.html');
      const extracted = extractPage(doc, { computedStyle: false });
      // extractPage leaves the document as it was, so plain Readability can run on it next.
      const readabilityText = readabilityAloneText(doc);
      ours.push(wordScores(extracted.text, expected));
      alone.push(wordScores(readabilityText, expected));
      agreement.add(extracted, readExpectedMetadata(page));
    }

    const oursMean = meanScores(ours);
    const aloneMean = meanScores(alone);
    console.log(
      [
        `corpus: ${pages.length} pages, mean word-level precision / recall / F1`,
        `  ours:            ${formatScores(oursMean)}`,
        `  Readability 0.6: ${formatScores(aloneMean)}`,
        `metadata agreement with expected-metadata.json: ${agreement.summary()}`,
      ].join('\n'),
    );
    expect(oursMean.f1).toBeGreaterThanOrEqual(MEAN_F1_FLOOR);
    expect(oursMean.f1).toBeGreaterThanOrEqual(aloneMean.f1);
  }, 180_000);
});

function formatScores(scores: WordScores): string {
  return [scores.precision, scores.recall, scores.f1].map((value) => value.toFixed(4)).join(' / ');
}

const COMPARED_FIELDS = ['title', 'byline', 'lang', 'dir'] as const;

/** How often our metadata matches the expected (only where the page's metadata has the field). */
class MetadataAgreement {
  private readonly counts = new Map<string, { same: number; total: number }>();

  add(extracted: ExtractedPage, expected: ExpectedMetadata): void {
    for (const field of COMPARED_FIELDS) {
      if (!(field in expected)) continue;
      const count = this.counts.get(field) ?? { same: 0, total: 0 };
      count.total++;
      if (normalize(extracted[field]) === normalize(expected[field])) count.same++;
      this.counts.set(field, count);
    }
  }

  summary(): string {
    return [...this.counts]
      .map(([field, { same, total }]) => `${field} ${same}/${total} (${((100 * same) / total).toFixed(1)}%)`)
      .join(', ');
  }
}

function normalize(value: string | null | undefined): string | null {
  return value?.replace(/\s+/g, ' ').trim() || null;
}
