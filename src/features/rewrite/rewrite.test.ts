import { beforeEach, describe, expect, it, vi } from 'vitest';
import { engineQuery, engineStream } from '../../engine/client';
import { rewriteMessages } from './prompts';
import { rewriteText } from './rewrite';

vi.mock('../../engine/client', () => ({ engineQuery: vi.fn(), engineStream: vi.fn() }));

/** An engine whose model answers each part with its text in capitals, wrapped in the prompt's tags, chunk by chunk. */
function fakeEngine({ contextTokens }: { contextTokens: number }) {
  const prompts: string[] = [];
  vi.mocked(engineQuery).mockImplementation((async (type: string, data?: string[]) => {
    if (type === 'textModelInfo') return { modelId: 'fake', contextTokens };
    if (type === 'countTokens') return data!.map((text) => text.length);
    throw new Error(`unexpected query ${type}`);
  }) as typeof engineQuery);
  vi.mocked(engineStream).mockImplementation((async (_stream: string, request: { messages: Array<{ content: string }> }, callbacks?: { onChunk?: (chunk: string) => void; signal?: AbortSignal }) => {
    const user = request.messages.at(-1)!.content;
    prompts.push(user);
    const answer = user.slice(user.indexOf('<')).toUpperCase();
    for (let i = 0; i < answer.length; i += 5) {
      if (callbacks?.signal?.aborted) throw new Error('Stopped.');
      callbacks?.onChunk?.(answer.slice(i, i + 5));
    }
    return { text: answer, tokens: answer.length, truncated: false };
  }) as unknown as typeof engineStream);
  return prompts;
}

beforeEach(() => vi.resetAllMocks());

describe('rewriteText', () => {
  it('streams growing prefixes of the final text and never shows a finished part twice', async () => {
    fakeEngine({ contextTokens: 4096 });
    const shown: string[] = [];
    const final = await rewriteText({ text: 'hello there, friend', tone: 'formal', onText: (text) => shown.push(text) });
    expect(final).toBe('HELLO THERE, FRIEND');
    expect(shown.at(-1)).toBe(final);
    expect(shown.length).toBeGreaterThan(2);
    for (const text of shown) expect(final.startsWith(text)).toBe(true);
  });

  it('rewrites a text longer than the context in parts, keeping the separators, and reports each part', async () => {
    const prompts = fakeEngine({ contextTokens: 1200 });
    const paragraphs = Array.from({ length: 4 }, (_, p) => `paragraph ${p}: ${'banana crates are yellow. '.repeat(8).trim()}`);
    const text = paragraphs.join('\n\n');
    const parts: Array<[number, number]> = [];
    const shown: string[] = [];
    const final = await rewriteText({ text, tone: 'formal', onPart: (k, n) => parts.push([k, n]), onText: (t) => shown.push(t) });
    expect(final).toBe(text.toUpperCase());
    expect(parts.length).toBeGreaterThan(1);
    expect(parts).toEqual(parts.map((_, i) => [i + 1, parts.length]));
    expect(prompts).toHaveLength(parts.length);
    // Each request fits the context.
    const system = rewriteMessages('', 'formal')[0]!.content;
    for (const prompt of prompts) expect(system.length + prompt.length).toBeLessThan(1200);
    for (const text of shown) expect(final.startsWith(text)).toBe(true);
  });

  it('refuses blank text without asking the engine', async () => {
    fakeEngine({ contextTokens: 4096 });
    await expect(rewriteText({ text: ' \n ', tone: 'formal' })).rejects.toThrow('There is no text to rewrite');
    expect(engineQuery).not.toHaveBeenCalled();
  });

  it('says so when the model gives back nothing', async () => {
    fakeEngine({ contextTokens: 4096 });
    vi.mocked(engineStream).mockResolvedValue({ text: '', tokens: 0, truncated: false } as never);
    await expect(rewriteText({ text: 'hello', tone: 'formal' })).rejects.toThrow('The model gave back no rewrite');
  });
});
