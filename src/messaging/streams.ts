// Streamed work (tokens, download progress) travels over long-lived ports, one port per request.
// Surfaces connect straight to the engine's host, not through the Chrome service worker, so an answer
// keeps streaming when the worker is stopped; a port that closes early is reported as an interruption.
import { localized } from '../i18n/i18n';
import { browser, type Browser } from 'wxt/browser';
import type {
  CaptionRequest,
  CaptionResult,
  DownloadProgress,
  EngineErrorInfo,
  EngineStatus,
  GenerateRequest,
  GenerateResult,
  ModelTask,
  ReadTextRequest,
  TextReading,
} from '../engine/types';
import { EngineError } from '../engine/errors';
import { noReceiver } from './protocol';
import { callerAllowed, type Caller } from './senders';

export interface StreamProtocol {
  generate: { request: GenerateRequest; chunk: string; result: GenerateResult };
  caption: { request: CaptionRequest; chunk: never; result: CaptionResult };
  readText: { request: ReadTextRequest; chunk: never; result: TextReading };
  download: { request: { task: ModelTask }; chunk: never; result: void };
  /** The engine's status now and after every change, until the surface disconnects. */
  watchStatus: { request: null; chunk: EngineStatus; result: void };
}
export type StreamName = keyof StreamProtocol;

/** Who may open each stream (see senders.ts): in-page cards generate and caption; downloads are the extension's. */
export const STREAM_CALLERS: { [K in StreamName]: Caller } = {
  generate: 'any-frame',
  caption: 'any-frame',
  readText: 'any-frame',
  download: 'extension',
  watchStatus: 'extension',
};

export const ENGINE_PORT = 'nano-banana/engine';

type ClientMessage<K extends StreamName = StreamName> =
  | { kind: 'start'; stream: K; request: StreamProtocol[K]['request'] }
  | { kind: 'cancel' };

type ServerMessage<K extends StreamName = StreamName> =
  | { kind: 'chunk'; chunk: StreamProtocol[K]['chunk'] }
  | { kind: 'progress'; progress: DownloadProgress }
  | { kind: 'done'; result: StreamProtocol[K]['result'] }
  | { kind: 'error'; error: EngineErrorInfo };

/** A stream whose port found no engine host to connect to: nothing was sent, so it can be asked again once there is one. */
export class NoEngineHostError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NoEngineHostError';
  }
}

export interface StreamCallbacks<K extends StreamName> {
  onChunk?: (chunk: StreamProtocol[K]['chunk']) => void;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** Runs one streamed request against the engine and resolves with its result. */
export function requestStream<K extends StreamName>(
  stream: K,
  request: StreamProtocol[K]['request'],
  { onChunk, onProgress, signal }: StreamCallbacks<K> = {},
): Promise<StreamProtocol[K]['result']> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new EngineError('cancelled', localized('statusStopped')));
      return;
    }
    const port = browser.runtime.connect({ name: ENGINE_PORT });
    let settled = false;
    let heard = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      finish();
    };
    const cancel = () => {
      port.postMessage({ kind: 'cancel' } satisfies ClientMessage);
      settle(() => reject(new EngineError('cancelled', localized('statusStopped'))));
      port.disconnect();
    };
    signal?.addEventListener('abort', cancel);
    port.onMessage.addListener((raw: unknown) => {
      const message = raw as ServerMessage<K>;
      heard = true;
      switch (message.kind) {
        case 'chunk':
          if (!settled) onChunk?.(message.chunk);
          break;
        case 'progress':
          if (!settled) onProgress?.(message.progress);
          break;
        case 'done':
          settle(() => resolve(message.result));
          port.disconnect();
          break;
        case 'error':
          settle(() => reject(EngineError.from(message.error)));
          port.disconnect();
          break;
      }
    });
    port.onDisconnect.addListener(() => {
      // Chrome says why in lastError, Firefox on the port.
      const reason = browser.runtime.lastError?.message ?? (port as { error?: { message?: string } }).error?.message ?? '';
      settle(() =>
        reject(!heard && noReceiver(reason) ? new NoEngineHostError(reason) : new EngineError('interrupted', localized('errConnectionLost'))),
      );
    });
    port.postMessage({ kind: 'start', stream, request } satisfies ClientMessage<K>);
  });
}

export interface StreamContext<K extends StreamName> {
  emitChunk: (chunk: StreamProtocol[K]['chunk']) => void;
  emitProgress: (progress: DownloadProgress) => void;
  signal: AbortSignal;
}

export type StreamHandlers = {
  [K in StreamName]: (
    request: StreamProtocol[K]['request'],
    context: StreamContext<K>,
  ) => Promise<StreamProtocol[K]['result']>;
};

/** Serves streamed requests in the engine's host. Returns a function that stops serving. */
export function serveStreams(handlers: StreamHandlers): () => void {
  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== ENGINE_PORT || port.sender?.id !== browser.runtime.id) return;
    const controller = new AbortController();
    let open = true;
    const post = (message: ServerMessage) => {
      if (open) port.postMessage(message);
    };
    port.onDisconnect.addListener(() => {
      open = false;
      controller.abort();
    });
    port.onMessage.addListener((raw: unknown) => {
      const message = raw as ClientMessage;
      if (message.kind === 'cancel') {
        controller.abort();
        return;
      }
      const caller = STREAM_CALLERS[message.stream];
      if (!caller || !callerAllowed(caller, port.sender ?? {}, browser.runtime.id, browser.runtime.getURL('/'))) {
        post({ kind: 'error', error: { code: 'bad-input', message: `Refused: ${String(message.stream)} is not available to this part of the page.` } });
        return;
      }
      const handler = handlers[message.stream] as StreamHandlers[StreamName];
      const context: StreamContext<StreamName> = {
        emitChunk: (chunk) => post({ kind: 'chunk', chunk }),
        emitProgress: (progress) => post({ kind: 'progress', progress }),
        signal: controller.signal,
      };
      (handler as (request: unknown, context: StreamContext<StreamName>) => Promise<unknown>)(
        message.request,
        context,
      ).then(
        (result) => post({ kind: 'done', result } as ServerMessage),
        (error: unknown) => post({ kind: 'error', error: EngineError.toInfo(error) }),
      );
    });
  };
  browser.runtime.onConnect.addListener(onConnect);
  return () => browser.runtime.onConnect.removeListener(onConnect);
}
