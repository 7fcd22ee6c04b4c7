import { describe, expect, it } from 'vitest';
import { meanScores, wordScores } from './quality';
import { countWords, tokenizeWords } from './words';

describe('tokenizeWords', () => {
  it('normalizes case, punctuation, apostrophes and unicode forms', () => {
    expect(tokenizeWords('Don’t STOP — believin’! ＡＢＣ café')).toEqual(['dont', 'stop', 'believin', 'abc', 'café']);
    expect(tokenizeWords('cafe\u0301')).toEqual(tokenizeWords('café'));
  });

  it('counts each Chinese or Japanese character as a word', () => {
    expect(tokenizeWords('你好world')).toEqual(['你', '好', 'world']);
    expect(countWords('日本語のテキスト')).toBe(8);
  });
});

describe('countWords', () => {
  it('counts what tokenizeWords finds, in ASCII text and in any other', () => {
    const texts = [
      '', ' ', "Don't stop, believin'!", "rock'n'roll `quoted` 'single'", 'a1b2 3c @home #42 x_y a-b',
      'UPPER lower MiXeD [brackets] {braces} ~tilde^ \\back\\slash', '  leading and trailing  ', "''", '9',
      'Don’t STOP — café', '日本語 and English', 'naïve co-op', 'Zürich 2026: 12°C, ½ price',
      '“Quoted” it’s ‘single’ Oʼahu – en—em… a\u00a0b c\u2009d e\u200bf «guillemets» • bullet',
      'a’’b ’leading trailing’ —dash— …',
    ];
    for (const text of texts) expect(countWords(text), text).toBe(tokenizeWords(text).length);
  });
});

describe('wordScores', () => {
  it('compares bags of words, counting repeats', () => {
    expect(wordScores('the cat sat', 'The cat sat.')).toEqual({ precision: 1, recall: 1, f1: 1 });
    const scores = wordScores('the the cat', 'the cat sat on the mat');
    expect(scores.precision).toBeCloseTo(1);
    expect(scores.recall).toBeCloseTo(3 / 6);
    expect(scores.f1).toBeCloseTo((2 * 0.5) / 1.5);
    expect(wordScores('the the the', 'the').precision).toBeCloseTo(1 / 3);
  });

  it('handles empty texts', () => {
    expect(wordScores('', '')).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(wordScores('', 'something')).toEqual({ precision: 1, recall: 0, f1: 0 });
    expect(wordScores('something', '')).toEqual({ precision: 0, recall: 1, f1: 0 });
  });

  it('averages scores', () => {
    const mean = meanScores([wordScores('a b', 'a b'), wordScores('a', 'b')]);
    expect(mean).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });
});
