// engineStream where the engine's host may restart under a request (Firefox's event page, Chrome's offscreen document closing when idle): the request is
// asked again and the replay of what was already shown is skipped; anything else is not retried.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamCallbacks } from '../messaging/streams';
import { EngineError } from './errors';

vi.mock('../platform/engine-host', () => ({ ENGINE_HOST_MAY_RESTART: true }));
// Only the sending is faked: what counts as "reached no one", and the sending again, are the real ones.
vi.mock('../messaging/protocol', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../messaging/protocol')>()),
  sendMessage: vi.fn(async () => undefined),
}));

/** Each call to requestStream plays the next script: chunks to emit, then how it ends. */
type Script = { chunks: string[]; end: { result: unknown } | { error: Error } };
const scripts: Script[] = [];
const calls: Array<StreamCallbacks<'generate'>> = [];

class NoEngineHostError extends Error {}
vi.mock('../messaging/streams', () => ({
  NoEngineHostError,
  requestStream: vi.fn(async (_stream: string, _request: unknown, callbacks: StreamCallbacks<'generate'>) => {
    calls.push(callbacks);
    const script = scripts.shift();
    if (!script) throw new Error('No script left');
    for (const chunk of script.chunks) {
      if (callbacks.signal?.aborted) throw new EngineError('cancelled', 'Stopped.');
      callbacks.onChunk?.(chunk);
    }
    if (callbacks.signal?.aborted) throw new EngineError('cancelled', 'Stopped.');
    if ('error' in script.end) throw script.end.error;
    return script.end.result;
  }),
}));

const { engineQuery, engineStream } = await import('./client');
const { sendMessage } = await import('../messaging/protocol');
const interrupted = () => new EngineError('interrupted', 'The connection to the model was lost before the answer finished. Try again.');
const request = { messages: [{ role: 'user' as const, content: 'hi' }] };

beforeEach(() => {
  scripts.length = 0;
  calls.length = 0;
});

describe('engineStream with a host that may restart', () => {
  it('asks again after an interruption and shows the replayed answer once', async () => {
    scripts.push({ chunks: ['HEL', 'L'], end: { error: interrupted() } });
    scripts.push({ chunks: ['HE', 'LLO', ' WOR', 'LD'], end: { result: { text: 'HELLO WORLD', tokens: 11, truncated: false } } });
    const shown: string[] = [];
    const result = await engineStream('generate', request, { onChunk: (chunk) => shown.push(chunk) });
    expect(shown.join('')).toBe('HELLO WORLD');
    expect(shown).toEqual(['HEL', 'L', 'O', ' WOR', 'LD']);
    expect(result).toEqual({ text: 'HELLO WORLD', tokens: 11, truncated: false });
    expect(calls).toHaveLength(2);
  });

  it('ends as interrupted, without splicing, when the replay differs from what was shown', async () => {
    scripts.push({ chunks: ['HELLO'], end: { error: interrupted() } });
    scripts.push({ chunks: ['HELP ', 'ME'], end: { result: { text: 'HELP ME', tokens: 7, truncated: false } } });
    const shown: string[] = [];
    const answer = engineStream('generate', request, { onChunk: (chunk) => shown.push(chunk) });
    await expect(answer).rejects.toMatchObject({ code: 'interrupted', message: expect.stringMatching(/answered differently/) });
    expect(shown).toEqual(['HELLO']);
  });

  it('connects to the host at once, and asks for one only when the port found none (nothing was sent: not a restart)', async () => {
    const send = vi.mocked(sendMessage as (type: string, data?: unknown) => Promise<unknown>);
    send.mockClear();
    scripts.push({ chunks: ['AB'], end: { result: { text: 'AB', tokens: 2, truncated: false } } });
    const shown: string[] = [];
    await engineStream('generate', request, { onChunk: (chunk) => shown.push(chunk) });
    expect(send).not.toHaveBeenCalled();

    scripts.push({ chunks: [], end: { error: new NoEngineHostError('Could not establish connection. Receiving end does not exist.') } });
    scripts.push({ chunks: ['CD'], end: { result: { text: 'CD', tokens: 2, truncated: false } } });
    expect(await engineStream('generate', request, { onChunk: (chunk) => shown.push(chunk) })).toMatchObject({ text: 'CD' });
    expect(send.mock.calls.map(([type]) => type)).toEqual(['ensureEngine']);
    expect(shown).toEqual(['AB', 'CD']);
  });

  it('does not ask again when the user stopped it or the engine failed for another reason', async () => {
    const controller = new AbortController();
    scripts.push({ chunks: ['A'], end: { error: interrupted() } });
    controller.abort();
    await expect(engineStream('generate', request, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });

    scripts.length = 0;
    scripts.push({ chunks: [], end: { error: new EngineError('model-not-found', 'No such model.') } });
    scripts.push({ chunks: [], end: { result: { text: '', tokens: 0, truncated: false } } });
    await expect(engineStream('generate', request)).rejects.toMatchObject({ code: 'model-not-found' });
    expect(scripts).toHaveLength(1);
  });

  it('gives up after a few restarts in a row', async () => {
    for (let i = 0; i < 10; i++) scripts.push({ chunks: [], end: { error: interrupted() } });
    vi.useFakeTimers();
    try {
      const answer = engineStream('generate', request);
      const settled = answer.catch((error: unknown) => error);
      await vi.runAllTimersAsync();
      expect(await settled).toMatchObject({ code: 'interrupted' });
    } finally {
      vi.useRealTimers();
    }
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.length).toBeLessThan(10);
  });
});

describe('engineQuery', () => {
  it('asks the host at once, and a fresh one again when there was none (it closes itself when idle)', async () => {
    const send = vi.mocked(sendMessage as (type: string, data?: unknown) => Promise<unknown>);
    send.mockReset();
    let asked = 0;
    send.mockImplementation(async (type) => {
      if (type !== 'engineStatus') return undefined;
      if (asked++ === 0) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { models: [] };
    });
    expect(await engineQuery('engineStatus')).toEqual({ models: [] });
    expect(send.mock.calls.map(([type]) => type)).toEqual(['engineStatus', 'ensureEngine', 'engineStatus']);
    expect(await engineQuery('engineStatus')).toEqual({ models: [] });
    expect(send.mock.calls.map(([type]) => type)).toEqual(['engineStatus', 'ensureEngine', 'engineStatus', 'engineStatus']);
  });

  it('does not ask again after any other failure', async () => {
    const send = vi.mocked(sendMessage as (type: string, data?: unknown) => Promise<unknown>);
    send.mockReset();
    send.mockImplementation(async (type) => {
      if (type === 'countTokens') throw new Error('The tokenizer failed');
      return undefined;
    });
    await expect(engineQuery('countTokens', ['a'])).rejects.toThrow('The tokenizer failed');
    expect(send.mock.calls.filter(([type]) => type === 'countTokens')).toHaveLength(1);
  });
});
