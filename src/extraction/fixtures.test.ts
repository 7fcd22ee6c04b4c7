// Hand-made pages of kinds Readability's corpus lacks (a feed, a link aggregator, a news front
// page, a forum thread, a Q&A page, a product page, a news article with the usual clutter), each
// with the text a reader would call its content, written by hand in fixtures/*.expected.txt.
// Word-level F1 for our extraction against plain Readability on the same document.

import { describe, expect, it } from 'vitest';
import { extractHtml, parseHtmlDocument } from './node';
import { meanScores, wordScores, type WordScores } from './quality';
import { readabilityAloneText, readFixtures } from './test-support';

const fixtures = readFixtures();

describe('fixtures: pages Readability was not built for', () => {
  it('extracts each page at least as well as Readability alone, and better overall', () => {
    const ours: WordScores[] = [];
    const alone: WordScores[] = [];
    const lines = ['page                  ours P / R / F1          Readability P / R / F1   source'];
    for (const fixture of fixtures) {
      const extracted = extractHtml(fixture.html);
      const oursScores = wordScores(extracted.text, fixture.expectedText);
      const aloneScores = wordScores(readabilityAloneText(parseHtmlDocument(fixture.html)), fixture.expectedText);
      ours.push(oursScores);
      alone.push(aloneScores);
      lines.push(`${fixture.name.padEnd(22)}${format(oursScores)}    ${format(aloneScores)}   ${extracted.source}`);
      expect(oursScores.f1, fixture.name).toBeGreaterThanOrEqual(aloneScores.f1 - 0.005);
    }
    const oursMean = meanScores(ours);
    const aloneMean = meanScores(alone);
    lines.push(`${'mean'.padEnd(22)}${format(oursMean)}    ${format(aloneMean)}`);
    console.log(lines.join('\n'));
    expect(oursMean.f1).toBeGreaterThan(aloneMean.f1 + 0.03);
  });
});

function format(scores: WordScores): string {
  return [scores.precision, scores.recall, scores.f1].map((value) => value.toFixed(3)).join(' / ');
}
