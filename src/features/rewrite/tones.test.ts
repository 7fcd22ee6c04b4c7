import { describe, expect, it } from 'vitest';
import { isToneId, rewriterTone, toneLabel, TONES } from './tones';

describe('tones', () => {
  it('lists the tones in menu order with their exact labels', () => {
    expect(TONES.map((tone) => [tone.id, toneLabel(tone.id)])).toEqual([
      ['formal', 'More formal'],
      ['casual', 'More casual'],
      ['shorter', 'Shorter'],
      ['longer', 'Longer'],
      ['simpler', 'Simpler'],
      ['grammar', 'Fix spelling and grammar'],
      ['custom', 'Custom instruction\u2026'],
    ]);
  });

  it('uses a single-character ellipsis for the custom instruction', () => {
    expect(toneLabel('custom').endsWith('\u2026')).toBe(true);
    expect(toneLabel('custom')).not.toContain('...');
  });

  it('looks labels up by id', () => {
    expect(toneLabel('grammar')).toBe('Fix spelling and grammar');
    expect(toneLabel('formal')).toBe('More formal');
  });

  it('recognizes tone ids coming from messages or storage', () => {
    expect(isToneId('shorter')).toBe(true);
    expect(isToneId('louder')).toBe(false);
    expect(isToneId(undefined)).toBe(false);
  });

  it("maps the tones Chrome's Rewriter API has, and only those", () => {
    expect(TONES.map((tone) => rewriterTone(tone.id))).toEqual([
      { tone: 'more-formal', length: 'as-is' },
      { tone: 'more-casual', length: 'as-is' },
      { tone: 'as-is', length: 'shorter' },
      { tone: 'as-is', length: 'longer' },
      undefined,
      undefined,
      undefined,
    ]);
  });
});
