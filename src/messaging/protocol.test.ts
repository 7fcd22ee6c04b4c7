import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Sender = { id?: string; url?: string; frameId?: number; tab?: { id: number } };
type RootListener = (message: unknown, sender: Sender, sendResponse: (reply: unknown) => void) => boolean;

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

  async function deliver(sender: Sender, type = 'ping'): Promise<unknown> {
    return new Promise((resolve) => listener!({ id: 1, type, data: undefined, timestamp: Date.now() }, sender, resolve));
  }

  it('answers this extension', async () => {
    const { onMessage } = await import('./protocol');
    onMessage('ping', () => 'pong');
    expect(await deliver({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/background.js') })).toEqual({ res: 'pong' });
  });

  it('refuses a message from a content script when the message is for the extension only', async () => {
    const { onMessage } = await import('./protocol');
    const handler = vi.fn(() => [] as never[]);
    onMessage('cachedModels', handler);
    const page = { id: fakeBrowser.runtime.id, url: 'https://evil.example/', frameId: 0, tab: { id: 4 } };
    const reply = (await deliver(page, 'cachedModels')) as { err?: { message?: string } };
    expect(reply.err?.message).toMatch(/Refused: cachedModels/);
    expect(handler).not.toHaveBeenCalled();
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
