import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type RootListener = (message: unknown, sender: { id?: string }, sendResponse: (reply: unknown) => void) => boolean;

describe('onMessage', () => {
  let listener: RootListener | undefined;

  beforeEach(() => {
    vi.resetModules();
    // @webext-core/messaging listens through the chrome namespace.
    vi.stubGlobal('chrome', {
      runtime: {
        onMessage: { addListener: (added: RootListener) => (listener = added), removeListener: () => (listener = undefined) },
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function deliver(sender: { id?: string }): Promise<unknown> {
    return new Promise((resolve) => listener!({ id: 1, type: 'ping', data: undefined, timestamp: Date.now() }, sender, resolve));
  }

  it('answers this extension', async () => {
    const { onMessage } = await import('./protocol');
    onMessage('ping', () => 'pong');
    expect(await deliver({ id: fakeBrowser.runtime.id })).toEqual({ res: 'pong' });
  });

  it('refuses messages from anything else', async () => {
    const { onMessage } = await import('./protocol');
    const handler = vi.fn(() => 'pong' as const);
    onMessage('ping', handler);
    const reply = (await deliver({ id: 'some-other-extension' })) as { err?: { message?: string } };
    expect(reply.err?.message).toMatch(/outside Nano Banana/);
    expect(handler).not.toHaveBeenCalled();
  });
});
