// Chrome's built-in AI backend against a fake of the Prompt API that follows its published shape
// (availability states, sessions, streamed deltas, abort signals, input quota), since no test browser
// here has Gemini Nano. The fake answers from its input: the last user text upper-cased; an image's mean
// red, green and blue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../messaging/base64';
import { BuiltinEngine, BUILTIN_MODEL, type BuiltinAvailability, type LanguageModelApi, type LanguageModelOptions, type LanguageModelSession } from './builtin-engine';

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

type Part = { type: string; value: unknown };
type Message = { role: string; content: string | Part[] };

function fakeLanguageModel(availability: (options?: LanguageModelOptions) => BuiltinAvailability) {
  const created: LanguageModelOptions[] = [];
  const checked: Array<LanguageModelOptions | undefined> = [];
  let destroyed = 0;
  const api: LanguageModelApi = {
    availability: async (options) => {
      checked.push(options);
      return availability(options);
    },
    create: async (options = {}) => {
      if (availability(options) !== 'available') throw new DOMException('Requires a user gesture', 'NotAllowedError');
      created.push(options);
      const session: LanguageModelSession = {
        inputQuota: 6144,
        measureInputUsage: async (text) => Math.ceil(text.length / 4),
        destroy: () => void destroyed++,
        promptStreaming: (input, { signal } = {}) => {
          const last = (input as Message[]).at(-1)!;
          const parts = typeof last.content === 'string' ? [{ type: 'text', value: last.content }] : last.content;
          const image = parts.find((part) => part.type === 'image')?.value as FakeImageData | undefined;
          let answer: string;
          if (image) {
            const sums = [0, 0, 0];
            for (let i = 0; i < image.data.length; i += 4) for (let c = 0; c < 3; c++) sums[c]! += image.data[i + c]!;
            answer = `A square of rgb ${sums.map((sum) => Math.round(sum / (image.width * image.height))).join(' ')}`;
          } else {
            answer = parts.map((part) => String(part.value)).join(' ').toUpperCase();
          }
          const pieces = answer.match(/.{1,5}/gs) ?? [];
          return new ReadableStream<string>({
            async pull(controller) {
              if (signal?.aborted) return controller.error(new DOMException('Aborted', 'AbortError'));
              await new Promise((resolve) => setTimeout(resolve, 5));
              const piece = pieces.shift();
              if (piece === undefined) controller.close();
              else controller.enqueue(piece);
            },
          });
        },
      };
      return session;
    },
  };
  return { api, created, checked, destroyed: () => destroyed };
}

describe("Chrome's built-in AI backend", () => {
  it('streams the answer, with the system turn as the session\'s initial prompt', async () => {
    const fake = fakeLanguageModel(() => 'available');
    const engine = new BuiltinEngine(() => fake.api);
    const pieces: string[] = [];
    const result = await engine.generate(
      { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'summarize the banana page' }] },
      { onToken: (piece) => pieces.push(piece) },
    );
    expect(result.text).toBe('SUMMARIZE THE BANANA PAGE');
    expect(pieces.length).toBeGreaterThan(1);
    expect(fake.created[0]?.initialPrompts).toEqual([{ role: 'system', content: 'Be brief.' }]);
    // availability() is asked with the options create() gets (less the prompts and the signal).
    expect(fake.checked[0]).toEqual({ expectedInputs: [{ type: 'text' }] });
    expect(fake.destroyed()).toBe(1);
  });

  it('describes an image given as image input', async () => {
    const fake = fakeLanguageModel(() => 'available');
    const rgba = new Uint8Array(2 * 2 * 4);
    for (let i = 0; i < rgba.length; i += 4) rgba.set([200, 10, 30, 255], i);
    const { text } = await new BuiltinEngine(() => fake.api).caption({ image: { width: 2, height: 2, rgba: toBase64(rgba) } }, {});
    expect(text).toBe('A square of rgb 200 10 30');
    expect(fake.checked[0]).toEqual({ expectedInputs: [{ type: 'text' }, { type: 'image' }] });
  });

  it('counts tokens and gives the context size with the session\'s own measures', async () => {
    const engine = new BuiltinEngine(() => fakeLanguageModel(() => 'available').api);
    expect(await engine.countTokens(['abcdefgh', 'abc'])).toEqual([2, 1]);
    expect(await engine.textModelInfo()).toEqual({ modelId: BUILTIN_MODEL, contextTokens: 6144 });
  });

  it('stops when asked', async () => {
    const controller = new AbortController();
    const engine = new BuiltinEngine(() => fakeLanguageModel(() => 'available').api);
    const answer = engine.generate({ messages: [{ role: 'user', content: 'a long answer '.repeat(50) }] }, { signal: controller.signal, onToken: () => controller.abort() });
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('asks for a click in Options while Chrome has not downloaded its model', async () => {
    for (const state of ['downloadable', 'downloading'] as const) {
      const fake = fakeLanguageModel(() => state);
      await expect(new BuiltinEngine(() => fake.api).generate({ messages: [{ role: 'user', content: 'hi' }] }, {})).rejects.toMatchObject({
        code: 'model-not-found',
        message: expect.stringMatching(/Download Chrome's model/),
      });
      expect(fake.created).toEqual([]);
    }
  });

  it('says when the built-in AI cannot see images here, or is missing', async () => {
    const fake = fakeLanguageModel((options) => (options?.expectedInputs?.some((input) => input.type === 'image') ? 'unavailable' : 'available'));
    const image = { width: 1, height: 1, rgba: toBase64(new Uint8Array(4)) };
    await expect(new BuiltinEngine(() => fake.api).caption({ image }, {})).rejects.toMatchObject({ message: expect.stringMatching(/cannot describe images/) });
    await expect(new BuiltinEngine(() => undefined).generate({ messages: [{ role: 'user', content: 'hi' }] }, {})).rejects.toMatchObject({
      message: expect.stringMatching(/no built-in AI/),
    });
  });
});
