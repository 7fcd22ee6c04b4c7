import { describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../engine/errors';
import type { DownloadProgress } from '../../engine/types';
import type { ReadingSpeed } from './key-passages';
import type { SummaryLength, SummaryReading, SummaryType } from './options';
import { CONTINUE_PROMPT, keyPassagesLine, statusLine, SummaryRun, type SummaryDeps, type SummaryState, type TargetText } from './summary-run';

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

const TOPICS = ['plantations', 'ripening', 'exports', 'cultivars', 'diseases', 'harvests', 'markets', 'nutrition', 'history', 'shipping'];
const PLACES = ['Ecuador', 'India', 'Uganda', 'Brazil', 'Vietnam', 'Honduras'];
/** A long article: 60 paragraphs of one distinct 12-word sentence each (the fake tokenizer counts words). */
const LONG_PAGE: TargetText = {
  title: 'Bananas',
  lang: 'en',
  dir: null,
  blocks: Array.from({ length: 60 }, (_, i) => ({
    kind: 'paragraph' as const,
    text: `Banana ${TOPICS[i % 10]} in ${PLACES[i % 6]} changed during season ${'abcdefghij'[Math.floor(i / 10)]} with growers reporting.`,
    locator: `p${i}`,
  })),
};
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function deps(
  overrides: Partial<SummaryDeps> = {},
  summaryType: SummaryType | 'quick' = 'key-points',
  summaryLength: SummaryLength = 'short',
  summaryReading: SummaryReading = 'key-passages',
): SummaryDeps {
  return {
    settings: async () => ({ summaryType, summaryLength, summaryReading }),
    readTarget: async () => PAGE,
    textModelInfo: async () => ({ contextTokens: 8192, device: 'wasm', prefillTokensPerSecond: 100 }),
    warmPrompt: async () => undefined,
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

  it('counts tokens itself where the engine estimates them from characters, and plans the same prompts as when asking it', async () => {
    const prompts = async (info: { contextTokens: number; charsPerToken?: number }, countTokens: SummaryDeps['countTokens']) => {
      const asked: unknown[] = [];
      const run = new SummaryRun(
        deps({
          readTarget: async () => LONG_PAGE,
          textModelInfo: async () => info,
          countTokens,
          generate: async (request) => {
            asked.push(request);
            return { text: '- Noted.' };
          },
        }),
      );
      await run.summarize('page');
      expect(run.state.phase).toBe('done');
      return asked;
    };
    const local = await prompts({ contextTokens: 1024, charsPerToken: 3 }, async () => {
      throw new Error('The engine was asked to count.');
    });
    const remote = await prompts({ contextTokens: 1024 }, async (texts) => texts.map((text) => Math.ceil(text.length / 3)));
    expect(local.length).toBeGreaterThan(2); // the page was planned in parts
    expect(local).toEqual(remote);
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
    expect(run.state.pageLeft).toBe(true);
    run.stop();
    await done;
    expect(run.state.phase).toBe('stopped');
    expect(run.state.error).toBeUndefined();
    expect(statusLine(run.state)).toBe('Stopped.');
  });

  it('says "stopped" when stopped before the model is asked, and never asks it', async () => {
    let reading!: () => void;
    const readingStarted = new Promise<void>((resolve) => (reading = resolve));
    let release!: () => void;
    const generate = vi.fn<SummaryDeps['generate']>();
    const run = new SummaryRun(
      deps({
        generate,
        textModelInfo: () => {
          reading();
          return new Promise((resolve) => (release = () => resolve({ contextTokens: 8192, device: 'wasm', prefillTokensPerSecond: 100 })));
        },
      }),
    );
    const done = run.summarize('page');
    await readingStarted; // asked while the page is read
    await vi.waitFor(() => expect(run.state.phase).toBe('summarizing'));
    run.stop();
    release();
    await done;
    expect(run.state.phase).toBe('stopped');
    expect(generate).not.toHaveBeenCalled();
    expect(run.busy).toBe(false);
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

  it('notes a page change only where a summary is shown, saying whether it came mid-summary or after', async () => {
    const run = new SummaryRun(deps());
    run.pageChanged();
    expect(run.state.notice).toBeUndefined();
    await run.summarize('page');
    expect(run.state.notice).toBeUndefined();
    expect(run.state.pageLeft).toBeUndefined();
    run.pageChanged();
    expect(run.state.notice).toBe('This summary is of the page shown before.');
    expect(run.state.pageLeft).toBe(true);
    // A new summary is of the page now shown.
    await run.summarize('page');
    expect(run.state.notice).toBeUndefined();
    expect(run.state.pageLeft).toBeUndefined();
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
    const phasesAfter = phases(run);
    await Promise.all([first, second]);
    expect(signals[0]!.aborted).toBe(true);
    // The replaced run leaves the state to the new one: no "Stopped." flashes over it.
    expect(phasesAfter).not.toContain('stopped');
    expect(run.state).toMatchObject({ phase: 'done', answer: 'second' });
  });
});

describe('SummaryRun.warm', () => {
  it('warms the system prompt the summary will use, for every page alike', async () => {
    const warmPrompt = vi.fn<SummaryDeps['warmPrompt']>(async () => undefined);
    const generate = vi.fn<SummaryDeps['generate']>(async () => ({ text: '- Bananas.' }));
    const run = new SummaryRun(deps({ warmPrompt, generate }));
    await run.warm();
    await run.summarize('page');
    expect(warmPrompt.mock.calls[0]![0][0]).toEqual(generate.mock.calls[0]![0].messages[0]);
    expect(warmPrompt.mock.calls[0]![0][0]!.role).toBe('system');
  });

  it('warms nothing for the quick summary, which needs no model', async () => {
    const warmPrompt = vi.fn<SummaryDeps['warmPrompt']>(async () => undefined);
    await new SummaryRun(deps({ warmPrompt }, 'quick')).warm();
    expect(warmPrompt).not.toHaveBeenCalled();
  });
});

describe('SummaryRun on a long page', () => {
  /** The page text each generate request read (between the tags of its last message). */
  function reading(speed: ReadingSpeed, summaryReading: SummaryReading = 'key-passages') {
    const read: string[] = [];
    const run = new SummaryRun(
      deps(
        {
          readTarget: async () => LONG_PAGE,
          textModelInfo: async () => ({ contextTokens: 8192, ...speed }),
          generate: async ({ messages }) => {
            read.push(/<text>\n([\s\S]*)\n<\/text>/.exec(messages.at(-1)!.content)![1]!);
            return { text: '- Bananas.' };
          },
        },
        'key-points',
        'short',
        summaryReading,
      ),
    );
    return { run, read };
  }
  const totalWords = LONG_PAGE.blocks.reduce((sum, block) => sum + words(block.text), 0);

  it('reads the key passages on a slow CPU, first paragraph first, in page order, within the budget', async () => {
    const { run, read } = reading({ device: 'wasm', prefillTokensPerSecond: 100 });
    await run.summarize('page');
    expect(run.state.phase).toBe('done');
    expect(read).toHaveLength(1);
    const paragraphs = read[0]!.replace(/^Title: Bananas\n\n/, '').split('\n\n');
    expect(paragraphs[0]).toBe(LONG_PAGE.blocks[0]!.text);
    const order = paragraphs.map((text) => LONG_PAGE.blocks.findIndex((block) => block.text === text));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // 100 tokens/s for 2.5 s, less the title and the prompt around the text: 217 one-word tokens, +1 a sentence.
    const read1 = words(paragraphs.join(' '));
    expect(read1).toBeLessThanOrEqual(217);
    expect(read1).toBeGreaterThan(217 - 13 * 2);
    expect(run.state.keyPassages).toEqual({ words: read1, totalWords });
  });

  it('reads more on a faster CPU, and everything on WebGPU, when the page fits, or before the device is measured', async () => {
    const faster = reading({ device: 'wasm', prefillTokensPerSecond: 200 });
    await faster.run.summarize('page');
    expect(faster.run.state.keyPassages!.words).toBeGreaterThan(400);
    expect(faster.run.state.keyPassages!.words).toBeLessThan(totalWords);

    const speeds: ReadingSpeed[] = [{ device: 'webgpu', prefillTokensPerSecond: 100 }, { device: 'wasm', prefillTokensPerSecond: 1000 }, { device: 'wasm' }];
    for (const speed of speeds) {
      const { run, read } = reading(speed);
      await run.summarize('page');
      expect(run.state.keyPassages).toBeUndefined();
      expect(words(read.join(' ').replace(/^Title: Bananas/, ''))).toBe(totalWords);
    }
  });

  it('reads the whole page when asked, when the setting says so, and again as it was read', async () => {
    const { run, read } = reading({ device: 'wasm', prefillTokensPerSecond: 100 });
    await run.summarize('page');
    expect(run.state.keyPassages).toBeDefined();
    await run.readWholePage();
    expect(run.state).toMatchObject({ phase: 'done', keyPassages: undefined });
    expect(words(read[1]!.replace(/^Title: Bananas/, ''))).toBe(totalWords);
    await run.again();
    expect(run.state.keyPassages).toBeUndefined();
    expect(read[2]).toBe(read[1]);

    const setting = reading({ device: 'wasm', prefillTokensPerSecond: 100 }, 'whole-page');
    await setting.run.summarize('page');
    expect(setting.run.state.keyPassages).toBeUndefined();
    expect(words(setting.read[0]!.replace(/^Title: Bananas/, ''))).toBe(totalWords);
  });

  it('says what it read', () => {
    expect(keyPassagesLine({ words: 312, totalWords: 1520 })).toBe('Based on the key passages (312 of 1,520 words).');
  });
});

describe('statusLine', () => {
  const state = (patch: Partial<SummaryState>): SummaryState => ({ phase: 'summarizing', quick: [], answer: '', ...patch });
  const QUICK = [{ text: 'Bananas grow.', locator: 'p0' }];
  it('says where a long page is', () => {
    expect(statusLine(state({ phase: 'reading' }))).toBe('Reading the page…');
    expect(statusLine(state({ quick: QUICK }))).toBe('Quick summary shown while the model works. Summarizing…');
    expect(statusLine(state({ progress: { phase: 'part', part: 2, parts: 3, final: false } }))).toBe('Summarizing part 2 of 3…');
    expect(statusLine(state({ progress: { phase: 'combine', part: 3, parts: 3, final: true } }))).toBe('Combining 3 parts…');
  });

  it('never says "Summarizing" while the model is still downloading', () => {
    expect(statusLine(state({ quick: QUICK, download: DOWNLOAD }))).toBe('Quick summary shown while the model works. Downloading the model first…');
    expect(statusLine(state({ download: DOWNLOAD, progress: { phase: 'part', part: 1, parts: 3, final: false } }))).not.toMatch(/Summarizing/);
  });

  it('says "Done" with the time taken, and when the answer was cut at its limit', () => {
    expect(statusLine(state({ phase: 'done', elapsedMs: 2345 }))).toBe('Done in 2.3 s.');
    expect(statusLine(state({ phase: 'done', elapsedMs: 65_000 }))).toBe('Done in 1 min 5 s.');
    expect(statusLine(state({ phase: 'done', elapsedMs: 12_400, truncated: true }))).toBe(
      'Done in 12 s, but the answer reached its length limit and was cut off. Continue asks for the rest.',
    );
  });
});

describe('SummaryRun: the end of a run', () => {
  it('times the run from the click to the last word', async () => {
    let clock = 1000;
    const run = new SummaryRun(
      deps({
        now: () => clock,
        generate: async (_request, { onToken }) => {
          clock += 4200;
          onToken?.('- Bananas grow.');
          return { text: '- Bananas grow.', truncated: false };
        },
      }),
    );
    await run.summarize('page');
    expect(run.state).toMatchObject({ phase: 'done', elapsedMs: 4200, truncated: false });
    expect(statusLine(run.state)).toBe('Done in 4.2 s.');
  });

  it('marks an answer cut at its token limit, and Continue asks for the rest with the answer so far and appends it', async () => {
    const requests: Array<{ messages: Array<{ role: string; content: string }>; maxNewTokens: number }> = [];
    const answers = [
      { text: '- Bananas grow in', truncated: true },
      { text: ' the tropics.', truncated: false },
    ];
    const run = new SummaryRun(
      deps({
        generate: async (request, { onToken }) => {
          requests.push(request);
          const answer = answers[requests.length - 1]!;
          onToken?.(answer.text);
          return answer;
        },
      }),
    );
    await run.summarize('page');
    expect(run.state).toMatchObject({ phase: 'done', truncated: true, answer: '- Bananas grow in' });

    const seen = phases(run);
    await run.continue();
    expect(seen).toEqual(['summarizing', 'done']);
    expect(run.state).toMatchObject({ phase: 'done', truncated: false, answer: '- Bananas grow in the tropics.' });
    // The same prompt, the answer so far as the model's turn, then the request to go on; the same limit.
    const [first, second] = requests;
    expect(second!.messages).toEqual([...first!.messages, { role: 'assistant', content: '- Bananas grow in' }, { role: 'user', content: CONTINUE_PROMPT }]);
    expect(second!.maxNewTokens).toBe(first!.maxNewTokens);
  });

  it('does not continue an answer that ended on its own', async () => {
    const generate = vi.fn<SummaryDeps['generate']>(async () => ({ text: '- Bananas grow.', truncated: false }));
    const run = new SummaryRun(deps({ generate }));
    await run.summarize('page');
    await run.continue();
    expect(generate).toHaveBeenCalledTimes(1);
  });
});
