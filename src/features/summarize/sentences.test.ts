import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences';
import { termsOf } from './terms';

describe('splitSentences', () => {
  it('does not end sentences at abbreviations, initials or before lower-case words', () => {
    expect(splitSentences('Dr. Smith met J. Doe in the U.S. capital. “Really?” she asked. Yes!')).toEqual([
      'Dr. Smith met J. Doe in the U.S. capital.',
      '“Really?” she asked.',
      'Yes!',
    ]);
  });

  it('splits CJK text on full-width marks without spaces, and Arabic on its question mark', () => {
    expect(splitSentences('东京很大。我喜欢它！「本当？」はい')).toEqual(['东京很大。', '我喜欢它！', '「本当？」', 'はい']);
    expect(splitSentences('هل هذا صحيح؟ نعم.')).toEqual(['هل هذا صحيح؟', 'نعم.']);
  });

  it('keeps decimals and ends at line breaks', () => {
    expect(splitSentences('It costs 3.5 euros\nSecond line')).toEqual(['It costs 3.5 euros', 'Second line']);
  });
});

describe('termsOf', () => {
  it('lower-cases words and drops stopwords of the language', () => {
    expect(termsOf('The Cat and the Hat', 'en')).toEqual(['cat', 'hat']);
    expect(termsOf('Le chat et le chapeau', 'fr-CA')).toEqual(['chat', 'chapeau']);
    expect(termsOf('The Cat', null)).toEqual(['the', 'cat']);
  });

  it('uses character pairs for scripts written without spaces, words for the rest', () => {
    expect(termsOf('東京都 Tokyo 한국어', 'ja')).toEqual(['東京', '京都', 'tokyo', '한국어']);
  });
});
