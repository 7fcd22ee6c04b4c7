// The model-server backend against the loopback fake server (test/support/model-server.ts), both APIs.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedCaption } from '../../test/fixtures/models/color-captioner';
import { expectedEchoAnswer } from '../../test/fixtures/models/echo-chat';
import { ollamaName, SERVER_TEXT_MODEL, SERVER_VISION_MODEL, startModelServer, type ModelServer } from '../../test/support/model-server';
import { toBase64 } from '../messaging/base64';
import { ServerEngine, pngBase64, probeServer } from './server-engine';
import type { EngineConfig, ImagePixels, ServerApi, ServerConfig } from './types';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());

function serverConfig(api: ServerApi, patch: Partial<ServerConfig> = {}): ServerConfig {
  const name = (model: string) => (api === 'ollama' ? ollamaName(model) : model);
  return {
    address: server.url,
    api,
    apiKey: '',
    textModel: name(SERVER_TEXT_MODEL),
    imageModel: name(SERVER_VISION_MODEL),
    contextTokens: 4096,
    timeoutSeconds: 10,
    publicAddressConfirmed: false,
    ...patch,
  };
}

function engineFor(api: ServerApi, patch: Partial<ServerConfig> = {}): ServerEngine {
  return new ServerEngine(async () => ({ server: serverConfig(api, patch) }) as EngineConfig);
}

function solid(width: number, height: number, [r, g, b]: [number, number, number]): ImagePixels {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba.set([r, g, b, 255], i);
  return { width, height, rgba: toBase64(rgba) };
}

const USER = 'Summarize this.\n<page>the quick brown fox jumps over the lazy dog</page>';

describe.each<ServerApi>(['openai', 'ollama'])('the model server backend over the %s API', (api) => {
  it('streams the answer the server computes from the prompt, piece by piece', async () => {
    server.requests.length = 0;
    const pieces: string[] = [];
    const result = await engineFor(api).generate({ messages: [{ role: 'user', content: USER }] }, { onToken: (piece) => pieces.push(piece) });
    expect(result.text).toBe(expectedEchoAnswer(USER));
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(result.text);
    expect(result.truncated).toBe(false);
    expect(server.requests.at(-1)?.path).toBe(api === 'ollama' ? '/api/chat' : '/v1/chat/completions');
  });

  it('says when the answer reached the token limit', async () => {
    const result = await engineFor(api).generate({ messages: [{ role: 'user', content: USER }], maxNewTokens: 10 }, {});
    // The fake's tokens are four characters long.
    expect(result.text).toBe(expectedEchoAnswer(USER).slice(0, 40));
    expect(result.tokens).toBe(10);
    expect(result.truncated).toBe(true);
  });

  it('describes an image sent as a PNG to a vision model', async () => {
    const { text } = await engineFor(api).caption({ image: solid(24, 16, [220, 20, 30]) }, {});
    expect(text).toBe(expectedCaption(220, 20, 30));
  });

  it('lists the models and times the answer to "Hello" for Test connection', async () => {
    const probe = await probeServer(serverConfig(api));
    expect(probe.models.map((model) => model.id)).toEqual(
      [SERVER_TEXT_MODEL, SERVER_VISION_MODEL].map((model) => (api === 'ollama' ? ollamaName(model) : model)),
    );
    // Ollama says which models see images (the clip family); the OpenAI listing does not.
    expect(probe.models.map((model) => model.vision)).toEqual(api === 'ollama' ? [false, true] : [undefined, undefined]);
    expect(probe.hello?.text).toBe(expectedEchoAnswer('Hello'));
    expect(probe.hello?.ms).toBeGreaterThanOrEqual(0);
  });

  it('names an unknown model and what to do', async () => {
    const engine = engineFor(api, { textModel: 'no-such-model' });
    await expect(engine.generate({ messages: [{ role: 'user', content: 'hi' }] }, {})).rejects.toMatchObject({
      code: 'model-not-found',
      message: expect.stringMatching(/has no model "no-such-model"/),
    });
    await expect(engine.prepare('text-generation')).rejects.toMatchObject({ code: 'model-not-found' });
  });

  it('says when the model cannot see images', async () => {
    const engine = engineFor(api, { imageModel: api === 'ollama' ? ollamaName(SERVER_TEXT_MODEL) : SERVER_TEXT_MODEL });
    await expect(engine.caption({ image: solid(4, 4, [0, 0, 0]) }, {})).rejects.toMatchObject({
      code: 'cannot-see-images',
      message: expect.stringMatching(/cannot see images.*vision model/),
    });
  });

  it('says when the text does not fit the context window', async () => {
    server.setFault({ contextBytes: 100 });
    try {
      await expect(engineFor(api).generate({ messages: [{ role: 'user', content: USER.repeat(5) }] }, {})).rejects.toMatchObject({
        code: 'context-too-small',
        message: expect.stringMatching(/Context size/),
      });
    } finally {
      server.setFault(null);
    }
  });

  it('keeps what arrived when the stream is cut mid-answer, and says it is incomplete', async () => {
    server.setFault({ cutAfterChunks: 3 });
    const pieces: string[] = [];
    try {
      await expect(engineFor(api).generate({ messages: [{ role: 'user', content: USER }] }, { onToken: (piece) => pieces.push(piece) })).rejects.toMatchObject({
        code: 'stream-cut',
        message: expect.stringMatching(/incomplete/),
      });
    } finally {
      server.setFault(null);
    }
    expect(pieces).toHaveLength(3);
    expect(expectedEchoAnswer(USER).startsWith(pieces.join(''))).toBe(true);
  });

  it('gives up on a silent server after the timeout', async () => {
    server.setFault({ delayMs: 3000 });
    try {
      await expect(engineFor(api, { timeoutSeconds: 1 }).generate({ messages: [{ role: 'user', content: 'hi' }] }, {})).rejects.toMatchObject({
        code: 'timeout',
        message: expect.stringMatching(/did not answer for 1 seconds/),
      });
    } finally {
      server.setFault(null);
    }
  });

  it('stops when asked', async () => {
    server.setFault({ delayMs: 2000 });
    const controller = new AbortController();
    try {
      const answer = engineFor(api).generate({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(answer).rejects.toMatchObject({ code: 'cancelled' });
    } finally {
      server.setFault(null);
    }
  });
});

describe('the model server backend and what it refuses', () => {
  it('explains Ollama refusing the extension origin (OLLAMA_ORIGINS)', async () => {
    // Node's fetch sends no Origin on its own: send the extension's, as the browser does.
    const refused = await fetch(`${server.url}/api/tags`, { headers: { Origin: 'chrome-extension://abcdefghijklmnop' } });
    expect(refused.status).toBe(403);
    const preflight = await fetch(`${server.url}/api/chat`, {
      method: 'OPTIONS',
      headers: { Origin: 'moz-extension://1234', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    server.setAllowedOrigins(['chrome-extension://*']);
    try {
      const allowed = await fetch(`${server.url}/api/tags`, { headers: { Origin: 'chrome-extension://abcdefghijklmnop' } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnop');
    } finally {
      server.setAllowedOrigins([]);
    }
  });

  it('turns the bare 403 into what to do', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      realFetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: 'chrome-extension://abcdefghijklmnop' } })) as typeof fetch;
    try {
      await expect(engineFor('ollama').generate({ messages: [{ role: 'user', content: 'hi' }] }, {})).rejects.toMatchObject({
        code: 'server-refused',
        message: expect.stringMatching(/OLLAMA_ORIGINS=chrome-extension:\/\/\*,moz-extension:\/\/\*/),
      });
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('says how to start a server that is not running', async () => {
    const gone = await startModelServer();
    const address = gone.url;
    await gone.close();
    await expect(engineFor('openai', { address }).generate({ messages: [{ role: 'user', content: 'hi' }] }, {})).rejects.toMatchObject({
      code: 'host-unreachable',
      message: expect.stringMatching(/Cannot reach the model server .*ollama serve.*llama-server/),
    });
  });

  it('sends the API key to the server, and needs it', async () => {
    const keyed = await startModelServer({ apiKey: 'sk-local-123' });
    try {
      const config = (apiKey: string) => ({ address: keyed.url, apiKey });
      await expect(engineFor('openai', config('')).generate({ messages: [{ role: 'user', content: 'hi' }] }, {})).rejects.toMatchObject({
        code: 'server-refused',
        message: expect.stringMatching(/API key/),
      });
      const { text } = await engineFor('openai', config('sk-local-123')).generate({ messages: [{ role: 'user', content: 'hi' }] }, {});
      expect(text).toBe(expectedEchoAnswer('hi'));
      expect(keyed.requests.at(-1)?.headers.authorization).toBe('Bearer sk-local-123');
    } finally {
      await keyed.close();
    }
  });

  it('sends nothing to a public address the person has not confirmed', async () => {
    server.requests.length = 0;
    const realFetch = globalThis.fetch;
    const asked: string[] = [];
    globalThis.fetch = ((input: RequestInfo | URL) => {
      asked.push(String(input));
      return Promise.reject(new TypeError('offline'));
    }) as typeof fetch;
    try {
      await expect(
        engineFor('openai', { address: 'https://models.example.com' }).generate({ messages: [{ role: 'user', content: 'secret page text' }] }, {}),
      ).rejects.toMatchObject({ code: 'server-refused', message: expect.stringMatching(/not on this computer or your local network.*confirm/) });
      expect(asked).toEqual([]);
      // Confirmed, the request is made (and fails here: there is no such server).
      await expect(
        engineFor('openai', { address: 'https://models.example.com', publicAddressConfirmed: true }).generate({ messages: [{ role: 'user', content: 'x' }] }, {}),
      ).rejects.toMatchObject({ code: 'host-unreachable' });
      expect(asked).toEqual(['https://models.example.com/v1/chat/completions']);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('uses the context size the OpenAI listing declares, else the setting', async () => {
    const engine = engineFor('openai', { contextTokens: 3000 });
    expect(await engine.textModelInfo()).toEqual({ modelId: SERVER_TEXT_MODEL, contextTokens: 3000, charsPerToken: 3 });
    server.setFault({ declaredContextTokens: 8192 });
    try {
      expect(await engineFor('openai', { contextTokens: 3000 }).textModelInfo()).toEqual({ modelId: SERVER_TEXT_MODEL, contextTokens: 8192, charsPerToken: 3 });
    } finally {
      server.setFault(null);
    }
  });

  it('lists the models once per server for their context sizes, and again after the server found a prompt too long', async () => {
    server.setFault({ declaredContextTokens: 8192 });
    try {
      const engine = engineFor('openai');
      const listings = () => server.requests.filter((request) => request.path === '/v1/models').length;
      const before = listings();
      await engine.textModelInfo();
      await engine.textModelInfo();
      expect(listings() - before).toBe(1);
      // The model was reloaded with a smaller context than it declares.
      server.setFault({ declaredContextTokens: 2048, contextBytes: 100 });
      await expect(engine.generate({ messages: [{ role: 'user', content: USER.repeat(5) }] }, {})).rejects.toMatchObject({ code: 'context-too-small' });
      expect((await engine.textModelInfo()).contextTokens).toBe(2048);
      expect(listings() - before).toBe(2);
    } finally {
      server.setFault(null);
    }
  });

  it('counts tokens as textModelInfo says it does, so surfaces can count alike without asking', async () => {
    const engine = engineFor('ollama');
    const { charsPerToken } = await engine.textModelInfo();
    const texts = ['', 'four', 'a longer sentence of prose'];
    expect(await engine.countTokens(texts)).toEqual(texts.map((text) => Math.ceil(text.length / charsPerToken!)));
  });
});

describe('pngBase64', () => {
  it('writes a PNG that decodes to the same pixels', async () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const png = Buffer.from(await pngBase64({ width: 3, height: 2, rgba: toBase64(rgba) }), 'base64');
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([3, 2, 4]);
    expect([...data]).toEqual([...rgba]);
  });

  it('refuses pixels that do not match the size', async () => {
    await expect(pngBase64({ width: 3, height: 3, rgba: toBase64(new Uint8Array(8)) })).rejects.toMatchObject({ code: 'bad-input' });
  });
});
