import { describe, expect, it } from 'vitest';
import { joinRewrittenParts, splitForRewrite } from './parts';

/** A stand-in tokenizer: one token per word. */
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

const ARTICLE = [
  '  Title of the post\n',
  '\n',
  'First paragraph has three sentences. It goes on a bit! Does it end? Yes.\n',
  '\n\n',
  'Second paragraph, line one\n',
  'line two of the second paragraph\n',
  '   \n',
  '“A quoted sentence.” Then another one… And a last one with no full stop',
  '\r\n\r\n',
  '日本語の文です。次の文です！最後の文？',
  '\n\n  ',
].join('');

describe('splitForRewrite', () => {
  it.each([1, 2, 3, 5, 8, 13, 1000])('round-trips the text exactly with a budget of %i', (budget) => {
    const { parts, separators } = splitForRewrite(ARTICLE, countWords, budget);
    expect(joinRewrittenParts(parts, separators)).toBe(ARTICLE);
  });

  it.each([3, 5, 8, 13])('keeps every part within a budget of %i tokens', (budget) => {
    const { parts } = splitForRewrite(ARTICLE, countWords, budget);
    for (const part of parts) expect(countWords(part)).toBeLessThanOrEqual(budget);
  });

  it('returns the whole text as one part when it fits', () => {
    expect(splitForRewrite('  Hello there.\n\nBye.\n', countWords, 100)).toEqual({
      parts: ['Hello there.\n\nBye.'],
      separators: ['  ', '\n'],
    });
  });

  it('cuts at paragraph breaks first, packing paragraphs that fit together', () => {
    const text = 'One two three.\n\nFour five.\n\nSix seven eight nine.';
    const { parts, separators } = splitForRewrite(text, countWords, 5);
    expect(parts).toEqual(['One two three.\n\nFour five.', 'Six seven eight nine.']);
    expect(separators).toEqual(['', '\n\n', '']);
  });

  it('treats Windows blank lines as paragraph breaks', () => {
    const { parts, separators } = splitForRewrite('Hi.\r\n\r\nOne two three.\r\nFour.', countWords, 4);
    expect(parts).toEqual(['Hi.', 'One two three.\r\nFour.']);
    expect(separators).toEqual(['', '\r\n\r\n', '']);
  });

  it('cuts a paragraph too long for the budget at sentence ends', () => {
    const text = 'Alpha beta gamma. Delta epsilon? Zeta eta theta iota!';
    const { parts, separators } = splitForRewrite(text, countWords, 3);
    expect(parts).toEqual(['Alpha beta gamma.', 'Delta epsilon?', 'Zeta eta theta', 'iota!']);
    expect(separators).toEqual(['', ' ', ' ', ' ', '']);
  });

  it('cuts Chinese and Japanese sentences, which have no space after the full stop', () => {
    const { parts, separators } = splitForRewrite('一二三。四五六。七八九。', (text) => text.length, 4);
    expect(parts).toEqual(['一二三。', '四五六。', '七八九。']);
    expect(separators).toEqual(['', '', '', '']);
  });

  it('keeps a word longer than the budget whole', () => {
    const { parts } = splitForRewrite('a incomprehensibilities b', (text) => text.length, 5);
    expect(parts).toEqual(['a', 'incomprehensibilities', 'b']);
  });

  it('gives no parts for blank text, and still round-trips it', () => {
    const split = splitForRewrite(' \n\n ', countWords, 10);
    expect(split).toEqual({ parts: [], separators: [' \n\n '] });
    expect(joinRewrittenParts(split.parts, split.separators)).toBe(' \n\n ');
  });

  it('refuses a budget that is not positive', () => {
    expect(() => splitForRewrite('text', countWords, 0)).toThrow(RangeError);
    expect(() => splitForRewrite('text', countWords, Number.NaN)).toThrow(RangeError);
  });
});

describe('joinRewrittenParts', () => {
  it('puts rewritten parts back between the original separators', () => {
    const { parts, separators } = splitForRewrite('hi there.\n\nthx a lot.\n', countWords, 2);
    const rewritten = parts.map((part) => part.toUpperCase());
    expect(joinRewrittenParts(rewritten, separators)).toBe('HI THERE.\n\nTHX A LOT.\n');
  });

  it('refuses separators that do not match the parts', () => {
    expect(() => joinRewrittenParts(['a', 'b'], ['', ''])).toThrow(RangeError);
  });
});
