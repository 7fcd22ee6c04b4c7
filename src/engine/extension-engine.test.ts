import { describe, expect, it, vi } from 'vitest';
import type { Engine } from './engine';
import { ChosenEngine } from './extension-engine';
import type { EngineConfig } from './types';

const messages = [{ role: 'system' as const, content: 'You summarize.' }];

describe('ChosenEngine', () => {
  it('warms the prompt on the engine that will answer it, and on none that cannot keep it', async () => {
    const warmPrompt = vi.fn(async () => undefined);
    const browserEngine = { warmPrompt } as unknown as Engine;
    const serverEngine = {} as Engine; // keeps no prompt cache
    const builtinEngine = {} as Engine; // neither
    const engine = (textBackend: string) =>
      new ChosenEngine(
        async () => ({ textBackend, imageBackend: 'browser', server: { address: 'http://127.0.0.1:11434', textModel: 'llama3.2' } }) as unknown as EngineConfig,
        browserEngine,
        serverEngine,
        builtinEngine,
      );
    await engine('browser').warmPrompt(messages);
    expect(warmPrompt).toHaveBeenCalledWith(messages);
    await expect(engine('server').warmPrompt(messages)).resolves.toBeUndefined();
    expect(warmPrompt).toHaveBeenCalledTimes(1);
  });

  it('answers a stored-only request in the browser alone: never on a model server', async () => {
    const browserGenerate = vi.fn(async () => ({ text: 'In short.' }));
    const serverGenerate = vi.fn(async () => ({ text: 'From the server.' }));
    const engine = (textBackend: string) =>
      new ChosenEngine(
        async () => ({ textBackend, imageBackend: 'browser', textModel: 'echo', server: { address: 'http://127.0.0.1:11434', textModel: 'llama3.2' } }) as unknown as EngineConfig,
        { generate: browserGenerate } as unknown as Engine,
        { generate: serverGenerate } as unknown as Engine,
        {} as Engine,
      );
    await expect(engine('server').generate({ messages, storedOnly: true }, {})).rejects.toMatchObject({ code: 'download-needed' });
    expect(serverGenerate).not.toHaveBeenCalled();
    expect((await engine('browser').generate({ messages, storedOnly: true }, {})).text).toBe('In short.');
    expect(browserGenerate).toHaveBeenCalledWith({ messages, storedOnly: true }, {});
    // Without the flag the server answers as chosen.
    expect((await engine('server').generate({ messages }, {})).text).toBe('From the server.');
  });

  it("answers on this browser's engine where the built-in AI chosen is not there, and says so", async () => {
    const generate = vi.fn(async () => ({ text: 'ok', tokens: 1, truncated: false }));
    const builtinGenerate = vi.fn();
    const engine = new ChosenEngine(
      async () => ({ textBackend: 'builtin', imageBackend: 'builtin', textModel: 'test/text' }) as unknown as EngineConfig,
      { generate } as unknown as Engine,
      {} as Engine,
      { generate: builtinGenerate } as unknown as Engine,
    );
    // No LanguageModel global here (Node), as in Firefox or a Chrome without Gemini Nano.
    const result = await engine.generate({ messages }, {});
    expect(builtinGenerate).not.toHaveBeenCalled();
    expect(result.answeredBy).toEqual({ backend: 'browser', model: 'test/text', insteadOf: 'builtin' });
  });
});
