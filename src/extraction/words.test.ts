import { describe, expect, it } from 'vitest';
import { countWords, tokenizeWords } from './words';

/** Deterministic pseudo-random numbers (mulberry32), so a failing string can be found again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters whose handling differs: ASCII, accented and other scripts' letters, unspaced scripts, combining
// marks (after letters and after none), apostrophes, spaces and punctuation NFKC changes or keeps, characters
// NFKC turns into letters or digits, and characters outside the Basic Multilingual Plane.
const POOL = [
  ...'ab Z9 .,;:!?-()=<"\'`',
  ...'éàüßçñøÆœ',
  ...'Привет мир',
  ...'Γειά σου',
  ...'שָׁלוֹם',
  ...'مَرْحَبًا',
  ...'नमस्ते',
  ...'中文字かなカナ한국어ไทย',
  '\u0301', '\u0338', '\u3099', '\u0307',
  '\u2019', '\u2018', '\u02bc', '\u00b4',
  '\u00a0', '\u2009', '\u200b', '\u2013', '\u2014', '\u201c', '\u201d', '\u2026', '\u2022', '\u00ab', '\u00bb', '\u3000', '\u3001', '\u3002',
  '\u00bd', '\u2460', '\ufb01', '\uff21', '\u00b2', '\u212a', '\u0130', '\u00a8',
  '\u{1f34c}', '\u{20000}', '\u{1d400}', '\ud800', '\u2764', '\ufe0f', '\u20e3', '\u{1f3fd}', '\u{1d165}',
];

describe('countWords', () => {
  it('counts what tokenizeWords gives, on text in many scripts', () => {
    for (const text of [
      '',
      'The banana market opened at dawn.',
      'Le marché des bananes à Paris était très animé, disait l’épicier.',
      'Die Bananen aus Ecuador sind größer; ein Händler sagt: „Sie reifen langsam.“',
      'Банановый рынок открылся на рассвете.',
      '香蕉市场在黎明时分开放。バナナ市場は夜明けに開いた。',
      'ตลาดกล้วยเปิดตอนเช้า',
      'don\'t l\'homme rock ’n’ roll',
      'A\u00a0: B\u202f; C\u2009– D — E … F',
      '½ ① ﬁne Ｆｕｌｌ x² 10\u212a',
      'か\u3099 =\u0338 e\u0301 \u0301start',
      'emoji \u{1f34c} and 𠀀 and 𝐀𝐁',
      'I \u2764\ufe0f bananas 👍🏽 1\ufe0f\u20e3 \u{1d165}x',
    ]) {
      expect(countWords(text), text).toBe(tokenizeWords(text).length);
    }
  });

  it('counts what tokenizeWords gives, on random mixes of tricky characters', () => {
    const next = random(15);
    for (let round = 0; round < 5000; round++) {
      const length = 1 + Math.floor(next() * 12);
      let text = '';
      for (let i = 0; i < length; i++) text += POOL[Math.floor(next() * POOL.length)];
      expect(countWords(text), JSON.stringify(text)).toBe(tokenizeWords(text).length);
    }
  });
});
