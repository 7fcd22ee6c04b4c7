// The engine's host: answers the engine's messages and streams in whichever context runs the model
// (Chrome's offscreen document, Firefox's background page).
import { browser } from 'wxt/browser';
import { onMessage } from '../messaging/protocol';
import { copyText } from '../platform/clipboard';
import { serveStreams, type StreamHandlers } from '../messaging/streams';
import type { Engine } from './engine';
import { probeServer } from './server-engine';
import type { TextReader } from './text-reader';

export interface EngineHostOptions {
  /**
   * Closes the host once it has done some work and then held no in-browser model, run no request and heard no message
   * for `graceMs` (status watches do not count: they connect again, to a fresh host). WebAssembly memory
   * never shrinks, so a model's memory goes back to the system only with the document that ran it (Chrome's
   * offscreen document, which the service worker creates again for the next request).
   */
  closeWhenIdle?: { graceMs: number; close: () => void };
}

/**
 * Serves `engine` and the text reader (see extension-engine.ts for the ones the extension runs) to the
 * extension's surfaces.
 */
export function startEngineHost(engine: Engine, textReader: TextReader, options: EngineHostOptions = {}): Engine {
  const idle = options.closeWhenIdle ? idleCloser(engine, options.closeWhenIdle) : undefined;
  if (idle) browser.runtime.onMessage.addListener(() => idle.heard());
  onMessage('engineStatus', () => engine.status());
  onMessage('textModelInfo', () => engine.textModelInfo());
  onMessage('countTokens', ({ data }) => engine.countTokens(data));
  // Answered at once: the warming goes on behind whatever the surface does next.
  onMessage('warmPrompt', ({ data }) => void engine.warmPrompt?.(data).catch(() => undefined));
  onMessage('planDownload', ({ data }) => engine.planDownload(data));
  onMessage('cachedModels', () => engine.cachedModels());
  onMessage('deleteCachedModel', ({ data }) => engine.deleteCachedModel(data));
  onMessage('cancelDownload', ({ data }) => engine.cancelDownload?.(data));
  // Image descriptions and the words read in images are forgotten together: both come from the person's pages.
  onMessage('clearCachedCaptions', async () => {
    await Promise.all([engine.clearCachedCaptions(), textReader.clearCache()]);
  });
  // The host is the extension's own document in either browser: in-page cards copy through it, not in the page.
  onMessage('copyText', ({ data }) => copyText(data));
  // Asked from where requests to the server go, so the test meets what the features will meet (CORS above all).
  onMessage('probeServer', ({ data }) => probeServer(data.server, data));

  const handlers: StreamHandlers = {
    generate: (request, { emitChunk, emitProgress, signal }) =>
      engine.generate(request, { onToken: emitChunk, onProgress: emitProgress, signal }),
    caption: (request, { emitProgress, signal }) => engine.caption(request, { onProgress: emitProgress, signal }),
    readText: (request, { signal }) => textReader.read(request, { signal }),
    download: ({ task }, { emitProgress, signal }) => engine.prepare(task, { onProgress: emitProgress, signal }),
    watchStatus: (_request, { emitChunk, signal }) =>
      new Promise<void>((resolve) => {
        emitChunk(engine.status());
        const stop = engine.onStatus(emitChunk);
        signal.addEventListener('abort', () => {
          stop();
          resolve();
        });
      }),
  };
  serveStreams(idle ? idle.watch(handlers) : handlers);
  return engine;
}

/**
 * Closes the host `graceMs` after it last worked, once nothing is running and no in-browser model is loaded
 * (a model server's or Chrome's built-in AI's models hold no memory here, so they do not keep it open).
 */
export function idleCloser(engine: Pick<Engine, 'status' | 'onStatus'>, { graceMs, close }: NonNullable<EngineHostOptions['closeWhenIdle']>) {
  let worked = false;
  let running = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = () => worked && running === 0 && !engine.status().models.some((model) => model.backend === undefined);
  /** (Re)starts the grace period when the host is idle, and stops it when it is not. */
  const check = () => {
    clearTimeout(timer);
    if (idle()) timer = setTimeout(() => idle() && close(), graceMs);
  };
  engine.onStatus(check);
  return {
    heard: check,
    /** Counts each request but the status watch as work running. */
    watch(handlers: StreamHandlers): StreamHandlers {
      const watched = { ...handlers } as Record<string, (request: never, context: never) => Promise<unknown>>;
      for (const [name, handler] of Object.entries(handlers) as Array<[string, (request: never, context: never) => Promise<unknown>]>) {
        if (name === 'watchStatus') continue;
        watched[name] = async (request, context) => {
          worked = true;
          running++;
          check();
          try {
            return await handler(request, context);
          } finally {
            running--;
            check();
          }
        };
      }
      return watched as unknown as StreamHandlers;
    },
  };
}
