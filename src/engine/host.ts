// The engine's host: answers the engine's messages and streams in whichever context runs the model
// (Chrome's offscreen document, Firefox's background page).
import { onMessage } from '../messaging/protocol';
import { serveStreams } from '../messaging/streams';
import type { Engine } from './engine';
import { probeServer } from './server-engine';
import type { TextReader } from './text-reader';

/**
 * Serves `engine` and the text reader (see extension-engine.ts for the ones the extension runs) to the
 * extension's surfaces.
 */
export function startEngineHost(engine: Engine, textReader: TextReader): Engine {
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
  // Asked from where requests to the server go, so the test meets what the features will meet (CORS above all).
  onMessage('probeServer', ({ data }) => probeServer(data.server, data));

  serveStreams({
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
  });
  return engine;
}
