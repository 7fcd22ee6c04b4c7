import { describe, expect, it } from 'vitest';
import { extractiveSummary } from './extractive';
import type { PageBlock, SummarizablePage } from './page';
import { findSources } from './sources';
import { corpusPage } from './test-corpus';

const blocks: PageBlock[] = [
  { kind: 'heading', level: 1, text: 'The city council meeting', locator: 'h1' },
  {
    kind: 'paragraph',
    text: 'The city council approved a budget of 40 million euros for new bicycle lanes across the old town.',
    locator: 'p-bikes',
  },
  {
    kind: 'paragraph',
    text: 'Residents complained about the noise from the night trains that run past the harbour district.',
    locator: 'p-trains',
  },
  {
    kind: 'paragraph',
    text: 'The mayor announced that the public library will open on Sundays from next spring.',
    locator: 'p-library',
  },
  { kind: 'list-item', text: 'Next meeting: 12 March.', locator: 'li-next' },
];
const page: SummarizablePage = { title: 'Council', lang: 'en', blocks };

describe('findSources', () => {
  it('links each paraphrased key point to the passage it came from', () => {
    const points = [
      'The library will now open on Sundays, starting next spring.',
      'Council approves 40 million euros for bicycle lanes in the old town.',
      'Night trains near the harbour are too noisy, residents say.',
    ];
    expect(findSources(points, page)).toEqual(['p-library', 'p-bikes', 'p-trains']);
  });

  it('gives null for a point that no passage supports', () => {
    expect(findSources(['Scientists discovered a new species of frog in the rainforest.'], page)).toEqual([null]);
    expect(findSources(['', '…'], page)).toEqual([null, null]);
  });

  it('does not link on a single shared common word', () => {
    expect(findSources(['The meeting was long and tiring for everybody present.'], page)).toEqual([null]);
  });

  it('matches text without spaces by character pairs', () => {
    const chinese: SummarizablePage = {
      title: '',
      lang: 'zh',
      blocks: [
        { kind: 'paragraph', text: '市政府批准了新的自行车道预算。', locator: 'bikes' },
        { kind: 'paragraph', text: '图书馆明年春天起周日也开放。', locator: 'library' },
      ],
    };
    expect(findSources(['图书馆周日开放', '自行车道的预算获得批准'], chinese)).toEqual(['library', 'bikes']);
  });

  it('never links to text without a locator (a selection)', () => {
    const selection: SummarizablePage = {
      title: '',
      lang: null,
      blocks: [{ kind: 'paragraph', text: 'The library will open on Sundays.', locator: '' }],
    };
    expect(findSources(['The library opens on Sundays.'], selection)).toEqual([null]);
  });

  it('finds the blocks of sentences taken from a real page', () => {
    const wikipedia = corpusPage('wikipedia');
    const points = extractiveSummary(wikipedia, 'long');
    expect(findSources(points.map((point) => point.text), wikipedia)).toEqual(points.map((point) => point.locator));
  });
});
