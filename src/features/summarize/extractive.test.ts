import { describe, expect, it } from 'vitest';
import { extractiveSummary, type ExtractedPoint } from './extractive';
import type { PageBlock, SummarizablePage } from './page';
import { corpusPage } from './test-corpus';

function pageOf(lang: string | null, paragraphs: string[]): SummarizablePage {
  const blocks = paragraphs.map((text, i): PageBlock => ({ kind: 'paragraph', text, locator: `p${i}` }));
  return { title: '', lang, blocks };
}

function blockIndex(point: ExtractedPoint): number {
  return Number(/\d+$/.exec(point.locator)![0]);
}

function expectPageOrder(points: ExtractedPoint[]): void {
  const indexes = points.map(blockIndex);
  expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
}

describe('extractiveSummary on real pages', () => {
  it('picks central sentences of a Wikipedia article, not its references', () => {
    const page = corpusPage('wikipedia'); // "Mozilla"
    const points = extractiveSummary(page, 'medium');

    expect(points).toHaveLength(5);
    expectPageOrder(points);
    for (const point of points) {
      const block = page.blocks.find((b) => b.locator === point.locator)!;
      expect(block.text).toContain(point.text);
      expect(point.text).not.toMatch(/^Retrieved/);
    }
    const onTopic = points.filter((point) => /Mozilla|Firefox|Thunderbird|Gecko/.test(point.text));
    expect(onTopic.length).toBeGreaterThanOrEqual(4);
  });

  it('picks sentences about the story of a news article', () => {
    const points = extractiveSummary(corpusPage('bbc-1'), 'short'); // Obama on gun laws
    expect(points).toHaveLength(3);
    expect(points.filter((point) => /Obama/.test(point.text)).length).toBeGreaterThanOrEqual(2);
  });

  it('sizes the summary by length', () => {
    const page = corpusPage('wikipedia');
    expect(extractiveSummary(page, 'short')).toHaveLength(3);
    expect(extractiveSummary(page, 'long')).toHaveLength(7);
  });

  it('summarizes French with its stopwords and Chinese without spaces', () => {
    const french = extractiveSummary(corpusPage('lemonde-1')); // the intelligence bill
    expect(french.filter((point) => /renseignement|surveillance|loi/.test(point.text)).length).toBeGreaterThanOrEqual(3);

    const chinese = extractiveSummary(corpusPage('qq')); // DeepMind's new computer
    expect(chinese).toHaveLength(5);
    expect(chinese.filter((point) => /DeepMind|人工智能|神经|计算机/.test(point.text)).length).toBeGreaterThanOrEqual(3);
  });

  it('works on right-to-left pages', () => {
    const points = extractiveSummary(corpusPage('rtl-1'), 'short');
    expect(points.length).toBeGreaterThan(0);
    expectPageOrder(points);
  });
});

describe('extractiveSummary', () => {
  it('splits Chinese sentences on full-width punctuation and leaves out the off-topic one', () => {
    const page = pageOf(null, [
      '太阳能是一种清洁的能源。太阳能电池板可以把阳光变成电能。',
      '今天晚饭我们吃了面条和饺子。',
      '很多国家都在发展太阳能发电。太阳能发电的成本越来越低。',
    ]);
    const points = extractiveSummary(page, 'short');
    expect(points).toHaveLength(3);
    expect(points.every((point) => point.text.includes('太阳能'))).toBe(true);
    expect(points.every((point) => /。$/.test(point.text))).toBe(true);
    expectPageOrder(points);
  });

  it('summarizes Arabic text (right to left, no stopword list)', () => {
    const page = pageOf('ar', [
      'الطاقة الشمسية مصدر نظيف للكهرباء في المدن الكبيرة. تنتج الألواح الشمسية الكهرباء من ضوء الشمس كل يوم.',
      'ذهب أحمد إلى السوق واشترى البرتقال والتفاح والخبز.',
      'تستثمر دول كثيرة في الطاقة الشمسية لإنتاج الكهرباء. أصبحت الكهرباء من الطاقة الشمسية أرخص من قبل.',
    ]);
    const points = extractiveSummary(page, 'short');
    expect(points).toHaveLength(3);
    expect(points.some((point) => point.text.includes('السوق'))).toBe(false);
    expect(points.every((point) => point.locator !== 'p1')).toBe(true);
  });

  it('does not repeat a sentence the page repeats', () => {
    const repeated = 'The committee approved the new budget for the city schools today.';
    const page = pageOf('en', [
      repeated,
      repeated,
      'The new budget gives the city schools more teachers and new buildings.',
      'Parents and teachers of the city schools welcomed the budget approved by the committee.',
    ]);
    const texts = extractiveSummary(page, 'short').map((point) => point.text);
    expect(texts.filter((text) => text === repeated)).toHaveLength(1);
  });

  it('returns nothing for a page without prose', () => {
    expect(extractiveSummary(pageOf('en', []))).toEqual([]);
    expect(extractiveSummary({ lang: 'en', blocks: [{ kind: 'code', text: 'let x = 1;', locator: 'c' }] })).toEqual([]);
  });

  // How fast is a bench row (npm run bench), not an assertion here: a loaded machine would fail it.
  it('summarizes a 50,000-word page', () => {
    expect(extractiveSummary(syntheticPage(50_000), 'long')).toHaveLength(7);
  });
});

/** Sentences of Zipf-distributed words from a fixed vocabulary, drawn by a seeded generator. */
function syntheticPage(wordCount: number): SummarizablePage {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const vocabulary = Array.from({ length: 5000 }, (_, i) => `word${i.toString(36)}`);
  const zipfWord = () => vocabulary[Math.floor(vocabulary.length ** random()) - 1]!;
  const paragraphs: string[] = [];
  let written = 0;
  while (written < wordCount) {
    const sentences: string[] = [];
    for (let s = 0; s < 5; s++) {
      const length = 10 + Math.floor(random() * 20);
      const sentence = Array.from({ length }, zipfWord).join(' ');
      sentences.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
      written += length;
    }
    paragraphs.push(sentences.join(' '));
  }
  return pageOf('en', paragraphs);
}
