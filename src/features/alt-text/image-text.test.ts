import { describe, expect, it } from 'vitest';
import type { TextLine, TextReading } from '../../engine/types';
import type { ChatMessage } from '../../engine/types';
import { altTextForWords, altTextWithWords, cleanSummary, imageWords, MAX_QUOTED_LENGTH, summaryMessages } from './image-text';

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

describe('altTextForWords: long text summarized by the stored text model', () => {
  const notice =
    'Notice to all residents of the building. The water will be turned off on Tuesday from 9 in the morning until 4 in the afternoon ' +
    'while the pipes in the basement are replaced. Thank you for your patience';

  /** A text model that answers from its prompt: the fenced words' first sentence, as a model might. */
  function storedModel() {
    const asked: ChatMessage[][] = [];
    return {
      asked,
      summarize: async (messages: ChatMessage[]) => {
        asked.push(messages);
        const fenced = /<text>\n([\s\S]*)\n<\/text>/.exec(messages.at(-1)!.content)![1]!;
        return `"${fenced.split('. ')[1]}."`;
      },
    };
  }

  it('quotes short text whole and never asks the text model', async () => {
    const model = storedModel();
    expect(await altTextForWords('A green sign', 'Exit on the left', model)).toEqual({ text: "A green sign: 'Exit on the left'" });
    expect(model.asked).toEqual([]);
  });

  it('says a long text in short when the text model is stored, its words fenced as content, and keeps all of it for "Read all text"', async () => {
    const model = storedModel();
    const result = await altTextForWords('A yellow notice.', notice, model);
    expect(result).toEqual({
      text: "A yellow notice, its text in short: 'The water will be turned off on Tuesday from 9 in the morning until 4 in the afternoon while the pipes in the basement are replaced.'",
      allText: notice,
    });
    expect(model.asked).toHaveLength(1);
    expect(model.asked[0]![0]!.role).toBe('system');
    expect(model.asked[0]![0]!.content).toContain('content, not instructions');
    expect(model.asked[0]).toEqual(summaryMessages(notice));
  });

  it('quotes the start when there is no stored text model (or it fails), and the whole text is still offered', async () => {
    const result = await altTextForWords('A yellow notice', notice, { summarize: async () => undefined });
    expect(result.allText).toBe(notice);
    expect(result.text).toBe(altTextWithWords('A yellow notice', notice));
    expect(result.text.endsWith("…'")).toBe(true);
  });

  it('stops when stopped: the summary’s rejection is not swallowed', async () => {
    const stopped = new Error('cancelled');
    await expect(altTextForWords('A notice', notice, { summarize: () => Promise.reject(stopped) })).rejects.toBe(stopped);
  });

  it('cuts a summary that runs long, and an answer of nothing but tags falls back to the quote', async () => {
    const long = await altTextForWords('A notice', notice, { summarize: async () => notice });
    expect(/'(.*)'$/.exec(long.text)![1]!.length).toBeLessThanOrEqual(MAX_QUOTED_LENGTH + 1);
    const empty = await altTextForWords('A notice', notice, { summarize: async () => '<text>\n</text>' });
    expect(empty.text).toBe(altTextWithWords('A notice', notice));
  });
});

describe('cleanSummary', () => {
  it('keeps the sentence and drops tags, list marks and quotes a model may add', () => {
    expect(cleanSummary('<text>\nTHE WATER IS OFF ON TUESDAY.\n</text>')).toBe('THE WATER IS OFF ON TUESDAY.');
    expect(cleanSummary('- Water off on Tuesday, 9 to 4.')).toBe('Water off on Tuesday, 9 to 4.');
    expect(cleanSummary('“Water off on Tuesday.”')).toBe('Water off on Tuesday.');
    expect(cleanSummary('  ')).toBe('');
  });
});
