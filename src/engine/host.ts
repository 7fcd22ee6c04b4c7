// The engine's host: answers the engine's messages and streams in whichever context runs the model
// (Chrome's offscreen document, Firefox's background page).
import { browser, type PublicPath } from 'wxt/browser';
import { onMessage } from '../messaging/protocol';
import { serveStreams } from '../messaging/streams';
import type { Engine } from './engine';
import { TransformersEngine } from './transformers-engine';
import type { EngineConfig } from './types';

export function startEngineHost(loadConfig: () => Promise<EngineConfig>): Engine {
  const engine: Engine = new TransformersEngine(loadConfig, {
    wasmLoader: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.mjs'),
    wasmBinary: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.wasm'),
  });

  onMessage('engineStatus', () => engine.status());
  onMessage('textModelInfo', () => engine.textModelInfo());
  onMessage('countTokens', ({ data }) => engine.countTokens(data));
  onMessage('planDownload', ({ data }) => engine.planDownload(data));
  onMessage('cachedModels', () => engine.cachedModels());
  onMessage('deleteCachedModel', ({ data }) => engine.deleteCachedModel(data));

  serveStreams({
    generate: (request, { emitChunk, emitProgress, signal }) =>
      engine.generate(request, { onToken: emitChunk, onProgress: emitProgress, signal }),
    caption: (request, { emitProgress, signal }) => engine.caption(request, { onProgress: emitProgress, signal }),
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

/** onnxruntime-web's own files, copied into the extension at build time (wxt.config.ts), never a CDN. */
function runtimeFileUrl(file: string): string {
  return browser.runtime.getURL(`/ort/${file}` as PublicPath);
}
