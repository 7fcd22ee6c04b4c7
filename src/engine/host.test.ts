import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleCloser } from './host';
import type { EngineStatus, ModelStatus } from './types';
import type { StreamHandlers } from '../messaging/streams';

/** An engine whose loaded models a test sets, telling its status listeners as a real one does. */
function fakeEngine() {
  let models: ModelStatus[] = [];
  const listeners = new Set<(status: EngineStatus) => void>();
  const status = (): EngineStatus => ({ models, threads: 1, crossOriginIsolated: false });
  return {
    status,
    onStatus(listener: (status: EngineStatus) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load(next: ModelStatus[]) {
      models = next;
      for (const listener of listeners) listener(status());
    },
  };
}

const GRACE_MS = 20_000;

describe('idleCloser', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function afterOneRequest(models: ModelStatus[]) {
    const engine = fakeEngine();
    const close = vi.fn();
    const handlers = idleCloser(engine, { graceMs: GRACE_MS, close }).watch({
      generate: async () => engine.load(models),
    } as unknown as StreamHandlers) as unknown as { generate: (request: never, context: never) => Promise<void> };
    await handlers.generate(undefined as never, undefined as never);
    return { engine, close };
  }

  it('closes the host the grace period after the in-browser model unloaded', async () => {
    const { engine, close } = await afterOneRequest([{ modelId: 'someone/text', task: 'text-generation', stage: 'ready' }]);
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(close).not.toHaveBeenCalled();
    engine.load([]);
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(close).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(close).toHaveBeenCalledOnce();
  });

  it('is not kept open by a model server’s or Chrome’s built-in AI’s models, which hold no memory here', async () => {
    const { close } = await afterOneRequest([
      { modelId: 'llama3.2', task: 'text-generation', stage: 'ready', backend: 'server' },
      { modelId: 'Gemini Nano', task: 'image-to-text', stage: 'ready', backend: 'builtin' },
    ]);
    vi.advanceTimersByTime(GRACE_MS);
    expect(close).toHaveBeenCalledOnce();
  });
});
