// Chrome's built-in AI backend against the fake of its Prompt, Summarizer and Rewriter APIs
// (test/support/fake-builtin-ai.ts: availability states, sessions, streamed deltas, abort signals, input
// quotas), since no test browser here has Gemini Nano. The fake answers from its input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../messaging/base64';
import { fakeBuiltinAi, fakeRewrite, fakeSummary, FAKE_PROMPT_QUOTA, FAKE_WRITER_QUOTA, statesIn, type FakeApiName, type FakeState } from '../../test/support/fake-builtin-ai';
import { BuiltinEngine, builtinDownloads, BUILTIN_MODEL } from './builtin-engine';
import type { GenerateRequest } from './types';

function fake(states: Partial<Record<FakeApiName, FakeState>>, userActivation?: () => boolean) {
  const ai = fakeBuiltinAi(statesIn(states), userActivation);
  return { ...ai, engine: new BuiltinEngine(() => ai.apis) };
}

class FakeImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}
const realImageData = (globalThis as { ImageData?: unknown }).ImageData;
beforeAll(() => {
  (globalThis as { ImageData?: unknown }).ImageData = FakeImageData;
});
afterAll(() => {
  (globalThis as { ImageData?: unknown }).ImageData = realImageData;
});

const asked = [{ role: 'user' as const, content: 'hi' }];
const page = 'Bananas are berries. They grow in bunches.';

describe("Chrome's built-in AI backend", () => {
  it("streams the Prompt API's answer, with the system turn as the session's initial prompt", async () => {
    const { engine, log } = fake({ LanguageModel: 'available' });
    const pieces: string[] = [];
    const result = await engine.generate(
      { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'summarize the banana page' }] },
      { onToken: (piece) => pieces.push(piece) },
    );
    expect(result.text).toBe('SUMMARIZE THE BANANA PAGE');
    expect(result.answeredBy).toEqual({ backend: 'builtin', model: BUILTIN_MODEL, api: 'Prompt' });
    expect(pieces.length).toBeGreaterThan(1);
    expect(log.created[0]?.options).toMatchObject({ initialPrompts: [{ role: 'system', content: 'Be brief.' }] });
    // availability() is asked with the options create() gets (less the prompts and the signal).
    expect(log.checked[0]?.options).toEqual({ expectedInputs: [{ type: 'text' }] });
    expect(log.destroyed).toBe(1);
  });

  it('describes an image given as image input', async () => {
    const { engine, log } = fake({ 'LanguageModel+image': 'available' });
    const rgba = new Uint8Array(2 * 2 * 4);
    for (let i = 0; i < rgba.length; i += 4) rgba.set([200, 10, 30, 255], i);
    const { text } = await engine.caption({ image: { width: 2, height: 2, rgba: toBase64(rgba) } }, {});
    expect(text).toBe('A square of rgb 200 10 30');
    expect(log.checked[0]?.options).toEqual({ expectedInputs: [{ type: 'text' }, { type: 'image' }] });
  });

  it("counts tokens and gives the context size with the session's own measures", async () => {
    const { engine } = fake({ LanguageModel: 'available' });
    expect(await engine.countTokens(['abcdefgh', 'abc'])).toEqual([2, 1]);
    expect(await engine.textModelInfo()).toEqual({ modelId: BUILTIN_MODEL, contextTokens: FAKE_PROMPT_QUOTA });
  });

  it('stops when asked', async () => {
    const controller = new AbortController();
    const { engine } = fake({ LanguageModel: 'available', Summarizer: 'available' });
    for (const request of [{ messages: [{ role: 'user', content: 'a long answer '.repeat(50) }] }, summaryRequest('a long page '.repeat(50))] as GenerateRequest[]) {
      const answer = engine.generate(request, { signal: controller.signal, onToken: () => controller.abort() });
      await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
    }
  });

  it("asks for a click in Options while Chrome has not downloaded its model, and starts no download", async () => {
    for (const state of ['downloadable', 'downloading'] as const) {
      const { engine, log } = fake({ LanguageModel: state }, () => true);
      await expect(engine.generate({ messages: asked }, {})).rejects.toMatchObject({
        code: 'model-not-found',
        message: expect.stringMatching(/Download Chrome's model/),
      });
      expect(log.created).toEqual([]);
    }
  });

  it('says when the built-in AI cannot see images here, or is missing', async () => {
    const { engine } = fake({ LanguageModel: 'available', 'LanguageModel+image': 'unavailable' });
    const image = { width: 1, height: 1, rgba: toBase64(new Uint8Array(4)) };
    await expect(engine.caption({ image }, {})).rejects.toMatchObject({ message: expect.stringMatching(/cannot describe images/) });
    await expect(new BuiltinEngine(() => ({})).generate({ messages: asked }, {})).rejects.toMatchObject({
      message: expect.stringMatching(/no built-in AI/),
    });
  });
});

function summaryRequest(text: string): GenerateRequest {
  return { messages: [{ role: 'user', content: `Summarize: ${text}` }], purpose: { kind: 'summarize', text, type: 'tldr', length: 'short', context: 'Bananas', language: 'en' } };
}

function rewriteRequest(text: string): GenerateRequest {
  return { messages: [{ role: 'user', content: `Rewrite: ${text}` }], purpose: { kind: 'rewrite', text, tone: 'more-formal', length: 'as-is' } };
}

describe("Chrome's Summarizer and Rewriter", () => {
  it('summarize with the Summarizer API where it is ready, checked and created with the same options', async () => {
    const { engine, log } = fake({ LanguageModel: 'available', Summarizer: 'available' });
    const pieces: string[] = [];
    const result = await engine.generate(summaryRequest(page), { onToken: (piece) => pieces.push(piece) });
    expect(result.text).toBe(fakeSummary(page, { type: 'tldr', length: 'short' }));
    expect(pieces.join('')).toBe(result.text);
    expect(result.answeredBy).toEqual({ backend: 'builtin', model: BUILTIN_MODEL, api: 'Summarizer' });
    const options = { type: 'tldr', format: 'markdown', length: 'short', outputLanguage: 'en' };
    expect(log.checked).toEqual([{ api: 'Summarizer', options }]);
    expect(log.created[0]).toMatchObject({ api: 'Summarizer', options });
    expect(log.destroyed).toBe(1);
  });

  it('rewrite with the Rewriter API where it is ready', async () => {
    const { engine, log } = fake({ LanguageModel: 'available', Rewriter: 'available' });
    const result = await engine.generate(rewriteRequest('please send the report'), {});
    expect(result.text).toBe(fakeRewrite('please send the report', { tone: 'more-formal', length: 'as-is' }));
    expect(result.answeredBy?.api).toBe('Rewriter');
    expect(log.checked).toEqual([{ api: 'Rewriter', options: { tone: 'more-formal', format: 'as-is', length: 'as-is' } }]);
  });

  it('fall back to the Prompt API, without downloading, where the API is missing, not downloaded, unavailable, or the text too long for it', async () => {
    const cases: Array<[Partial<Record<FakeApiName, FakeState>>, GenerateRequest]> = [
      [{}, summaryRequest(page)],
      [{ Summarizer: 'downloadable' }, summaryRequest(page)],
      [{ Summarizer: 'downloading' }, summaryRequest(page)],
      [{ Rewriter: 'unavailable' }, rewriteRequest(page)],
      [{ Summarizer: 'available' }, { ...summaryRequest('word '.repeat(FAKE_WRITER_QUOTA)), messages: asked }],
    ];
    for (const [states, request] of cases) {
      // Even inside a click, the engine never starts Chrome's download: that is Options' button.
      const { engine, log } = fake({ LanguageModel: 'available', ...states }, () => true);
      const result = await engine.generate(request, {});
      expect(result.answeredBy?.api).toBe('Prompt');
      expect(result.text).toBe(request.messages.at(-1)!.content.toUpperCase());
      expect(log.created.map((entry) => entry.api)).toEqual(states.Summarizer === 'available' ? ['Summarizer', 'LanguageModel'] : ['LanguageModel']);
      expect(log.destroyed).toBe(log.created.length);
    }
  });

  it("download in Options' click only, each model Chrome lacks, with its progress", async () => {
    let inClick = false;
    const { apis } = fakeBuiltinAi(statesIn({ LanguageModel: 'available', 'LanguageModel+image': 'available', Summarizer: 'downloadable', Rewriter: 'unavailable' }), () => inClick);
    const downloads = builtinDownloads(apis);
    expect(downloads.map((download) => download.api)).toEqual(['Prompt', 'Summarizer', 'Rewriter']);
    const summarizer = downloads[1]!;
    expect(await summarizer.availability()).toBe('downloadable');
    await expect(summarizer.download(() => undefined)).rejects.toMatchObject({ name: 'NotAllowedError' });
    inClick = true;
    const progress: number[] = [];
    await summarizer.download((monitor) => monitor.addEventListener('downloadprogress', (event) => progress.push((event as Event & { loaded: number }).loaded)));
    expect(progress).toEqual([0, 0.5, 1]);
    expect(await summarizer.availability()).toBe('available');
    expect(await downloads[2]!.availability()).toBe('unavailable');
  });
});
