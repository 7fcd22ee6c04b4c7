// The dev-set scoring matches trafilatura's (tests/eval_common.py): whitespace-normalized substring
// matching of "with" / "without" segments, precision and recall over all segments.
import { describe, expect, it } from 'vitest';
import { addCounts, countItem, decodeHtml, devScores, NO_COUNTS } from './devset';

describe('dev-set scoring', () => {
  it('counts segments found in the whitespace-normalized output', () => {
    const item = { with: ['the  cat\nsat', 'on the mat', 'missing'], without: ['Share this', 'Impressum'] };
    expect(countItem(item, 'The cat: the cat sat\n\non   the mat. Share this')).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
    // A crash or no output misses every "with" segment and leaks none.
    expect(countItem(item, null)).toEqual({ tp: 0, fp: 0, fn: 3, tn: 2 });
  });

  it('scores precision, recall, accuracy and F1 over the summed counts', () => {
    const total = addCounts(addCounts(NO_COUNTS, { tp: 8, fp: 2, fn: 2, tn: 8 }), { tp: 1, fp: 0, fn: 0, tn: 1 });
    const scores = devScores(total);
    expect(scores.precision).toBeCloseTo(9 / 11);
    expect(scores.recall).toBeCloseTo(9 / 11);
    expect(scores.accuracy).toBeCloseTo(18 / 22);
    expect(scores.f1).toBeCloseTo(18 / 22);
    expect(devScores(NO_COUNTS)).toEqual({ precision: 0, recall: 0, accuracy: 0, f1: 0 });
  });

  it('decodes pages as a browser would', () => {
    const utf8 = new TextEncoder().encode('<p>Grüße</p>');
    expect(decodeHtml(utf8)).toBe('<p>Grüße</p>');
    expect(decodeHtml(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe('<p>Grüße</p>');
    const latin1 = Uint8Array.from([...'<meta charset="iso-8859-1"><p>Gr'].map((c) => c.charCodeAt(0)).concat([0xfc, 0xdf, 0x65]));
    expect(decodeHtml(latin1)).toContain('<p>Grüße');
  });
});
