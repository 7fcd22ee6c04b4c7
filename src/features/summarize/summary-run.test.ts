import { describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../engine/errors';
import type { DownloadProgress } from '../../engine/types';
import type { SummaryLength, SummaryType } from './options';
import { statusLine, SummaryRun, type SummaryDeps, type SummaryState, type TargetText } from './summary-run';

const DOWNLOAD: DownloadProgress = { modelId: 'test/model', loaded: 1, total: 2, files: [] };

const PAGE: TargetText = {
  title: 'Bananas',
  lang: 'en',
  dir: null,
  blocks: [
    'Bananas are grown in more than 135 countries, mainly for their fruit.',
    'The banana plant is the largest herbaceous flowering plant in the world.',
    'Wild bananas are full of large, hard seeds, unlike the cultivated kind.',
    'Bananas are a staple food for many millions of people in the tropics.',
    'Most bananas sold in shops belong to the Cavendish group of cultivars.',
  ].map((text, i) => ({ kind: 'paragraph' as const, text, locator: `p${i}` })),
};

function deps(overrides: Partial<SummaryDeps> = {}, summaryType: SummaryType | 'quick' = 'key-points', summaryLength: SummaryLength = 'short'): SummaryDeps {
  return {
    settings: async () => ({ summaryType, summaryLength }),
    readTarget: async () => PAGE,
    contextTokens: async () => 8192,
    countTokens: async (texts) => texts.map((text) => text.split(/\s+/).length),
    generate: async (_request, { onToken, onDownload }) => {
      onDownload(DOWNLOAD);
      for (const token of ['- Bananas ', 'grow ', 'in the tropics.']) onToken?.(token);
      return { text: '- Bananas grow in the tropics.' };
    },
    ...overrides,
  };
}

function phases(run: SummaryRun): Array<SummaryState['phase']> {
  const seen: Array<SummaryState['phase']> = [];
  run.subscribe((state) => {
    if (seen.at(-1) !== state.phase) seen.push(state.phase);
  });
  return seen;
}

describe('SummaryRun', () => {
  it('keeps the quick summary and offers the download when the model is not stored yet', async () => {
    const plan = { modelId: 'test/model', totalBytes: 419_000_000, cachedBytes: 0 };
    const run = new SummaryRun(
      deps({
        generate: async () => {
          throw new EngineError('download-needed', 'not stored', plan);
        },
      }),
    );
    const seen = phases(run);
    await run.summarize('page');
    expect(seen).toEqual(['reading', 'summarizing', 'needs-download']);
    expect(run.state.needsDownload).toEqual(plan);
    expect(run.state.error).toBeUndefined();
    expect(run.state.quick.length).toBeGreaterThan(0);
  });

  it('shows the quick summary and stops there when the style is "quick"', async () => {
    const generate = vi.fn();
    const run = new SummaryRun(deps({ generate }, 'quick'));
    const seen = phases(run);
    await run.summarize('page');
    expect(seen).toEqual(['reading', 'done']);
    expect(run.state.quick.length).toBeGreaterThan(0);
    expect(run.state.page).toBe(PAGE);
    expect(run.state.answer).toBe('');
    expect(generate).not.toHaveBeenCalled();
  });

  it('streams the model summary over the quick one, then clears the download', async () => {
    const run = new SummaryRun(deps());
    const seen = phases(run);
    const downloads: unknown[] = [];
    run.subscribe((state) => downloads.push(state.download));
    await run.summarize('page');
    expect(seen).toEqual(['reading', 'summarizing', 'done']);
    expect(run.state.answer).toBe('- Bananas grow in the tropics.');
    expect(run.state.quick.length).toBeGreaterThan(0);
    expect(downloads).toContainEqual(DOWNLOAD);
    expect(run.state.download).toBeUndefined();
    expect(run.busy).toBe(false);
  });

  it('says "stopped", not an error, when stopped', async () => {
    let started!: () => void;
    const generating = new Promise<void>((resolve) => (started = resolve));
    const run = new SummaryRun(
      deps({
        generate: (_request, { signal }) =>
          new Promise((_resolve, reject) => {
            started();
            signal?.addEventListener('abort', () => reject(new Error('aborted')));
          }),
      }),
    );
    const done = run.summarize('page');
    await generating;
    expect(run.busy).toBe(true);
    run.pageChanged();
    expect(run.state.notice).toMatch(/page changed/);
    run.stop();
    await done;
    expect(run.state.phase).toBe('stopped');
    expect(run.state.error).toBeUndefined();
    expect(statusLine(run.state.phase, undefined, false)).toBe('Stopped.');
  });

  it('shows what went wrong, and tries the same source again', async () => {
    const readTarget = vi.fn<SummaryDeps['readTarget']>().mockRejectedValueOnce(new Error('Nothing is selected.')).mockResolvedValue(PAGE);
    const run = new SummaryRun(deps({ readTarget }));
    await run.summarize('selection', 2);
    expect(run.state).toMatchObject({ phase: 'error', error: 'Nothing is selected.' });
    await run.again();
    expect(readTarget.mock.calls).toEqual([
      ['selection', 2],
      ['selection', 0],
    ]);
    expect(run.state.phase).toBe('done');
    expect(run.state.error).toBeUndefined();
  });

  it('notes a page change only while summarizing', async () => {
    const run = new SummaryRun(deps());
    run.pageChanged();
    expect(run.state.notice).toBeUndefined();
    await run.summarize('page');
    run.pageChanged();
    expect(run.state.notice).toBeUndefined();
  });

  it('stops the summary under way when asked for another', async () => {
    const signals: AbortSignal[] = [];
    let calls = 0;
    const run = new SummaryRun(
      deps({
        generate: (_request, { signal, onToken }) => {
          signals.push(signal!);
          if (++calls > 1) {
            onToken?.('second');
            return Promise.resolve({ text: 'second' });
          }
          return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
        },
      }),
    );
    const first = run.summarize('page');
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    const second = run.summarize('page');
    await Promise.all([first, second]);
    expect(signals[0]!.aborted).toBe(true);
    expect(run.state).toMatchObject({ phase: 'done', answer: 'second' });
  });
});

describe('statusLine', () => {
  it('says where a long page is', () => {
    expect(statusLine('reading', undefined, false)).toBe('Reading the page…');
    expect(statusLine('summarizing', undefined, true)).toBe('Quick summary shown while the model works. Summarizing…');
    expect(statusLine('summarizing', { phase: 'part', part: 2, parts: 3, final: false }, false)).toBe('Summarizing part 2 of 3…');
    expect(statusLine('summarizing', { phase: 'combine', part: 3, parts: 3, final: true }, false)).toBe('Combining 3 parts…');
    expect(statusLine('done', undefined, false)).toBe('');
  });
});
