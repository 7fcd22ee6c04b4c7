import { describe, expect, it } from 'vitest';
import type { TextLine, TextReading } from '../../engine/types';
import { altTextWithWords, imageWords, MAX_QUOTED_LENGTH } from './image-text';

const box = { x: 0, y: 0, width: 10, height: 10, angle: 0 };
function reading(rows: Array<Array<[string, number]>>): TextReading {
  const lines: TextLine[] = rows.flat().map(([text, confidence]) => ({ text, confidence, box }));
  return { text: rows.map((row) => row.map(([text]) => text).join(' ')).join('\n'), lines, textArea: 0.3 };
}

describe('imageWords', () => {
  it('joins rows into one run, with a full stop where a row ends without punctuation', () => {
    expect(imageWords(reading([[['Quarterly results', 0.99]], [['Revenue grew 12 percent', 0.98]]]))).toBe(
      'Quarterly results. Revenue grew 12 percent',
    );
    expect(imageWords(reading([[['Dinner is at 8, bring the salad.', 0.99]], [['See you there!', 0.99]]]))).toBe(
      'Dinner is at 8, bring the salad. See you there!',
    );
    expect(imageWords(reading([[['Cancel', 1], ['Save changes', 0.96]]]))).toBe('Cancel Save changes');
    // A sentence wrapped over two lines stays one sentence.
    expect(imageWords(reading([[['The water will be turned off', 0.99]], [['from 9 until 4', 0.98]], [['Thank you', 0.99]]]))).toBe(
      'The water will be turned off from 9 until 4. Thank you',
    );
  });

  it('finds no words in nothing, in a short uncertain reading, or in punctuation', () => {
    expect(imageWords({ text: '', lines: [], textArea: 0 })).toBeUndefined();
    expect(imageWords(reading([[['04', 0.88]]]))).toBeUndefined();
    expect(imageWords(reading([[['...', 0.99]]]))).toBeUndefined();
    expect(imageWords(reading([[['Exit on the left', 0.7]]]))).toBeUndefined();
  });

  it('counts Chinese characters as characters', () => {
    expect(imageWords(reading([[['出口在左边', 1]]]))).toBe('出口在左边');
  });
});

describe('altTextWithWords', () => {
  it('says what the image is and what it says', () => {
    expect(altTextWithWords('Screenshot of a message', 'Dinner is at 8, bring the salad.')).toBe(
      "Screenshot of a message: 'Dinner is at 8, bring the salad.'",
    );
    expect(altTextWithWords('A green sign.', 'Exit')).toBe("A green sign: 'Exit'");
    expect(altTextWithWords('', 'Exit on the left')).toBe("Text: 'Exit on the left'");
  });

  it('cuts long text at a word and says it goes on', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const alt = altTextWithWords('A page of text', words);
    const quoted = /'(.*)'$/.exec(alt)![1]!;
    expect(quoted.length).toBeLessThanOrEqual(MAX_QUOTED_LENGTH + 1);
    expect(quoted.endsWith('…')).toBe(true);
    expect(words.startsWith(quoted.slice(0, -1))).toBe(true);
    expect(words.split(' ')).toContain(quoted.slice(0, -1).split(' ').at(-1));
  });
});
