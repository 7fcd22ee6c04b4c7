// How surfaces (side panel, popup, options, content script) reach the engine.
import { localized } from '../i18n/i18n';
import { noReceiver, sendMessage, sendOrPrepare, type ProtocolMap } from '../messaging/protocol';
import { NoEngineHostError, requestStream, type StreamCallbacks, type StreamName, type StreamProtocol } from '../messaging/streams';
import { ENGINE_HOST_MAY_RESTART } from '../platform/engine-host';
import { EngineError } from './errors';

/** Makes sure the engine's host exists (Chrome creates it on demand; Firefox's background page starts it as it wakes). */
async function ready(): Promise<void> {
  await sendMessage('ensureEngine');
}

/** Runs `ask` against the engine's host; one that found no host (none yet, or it closed itself when idle) goes again once `ready` made one. */
function withHost<T>(ask: () => Promise<T>, missing: (error: unknown) => boolean): Promise<T> {
  return sendOrPrepare(ask, ready, missing);
}

const streamFoundNoHost = (error: unknown) => error instanceof NoEngineHostError;

/** How many times one request is asked again after its engine host restarted under it. */
const MAX_RESTARTS = 3;

export async function engineStream<K extends StreamName>(
  stream: K,
  request: StreamProtocol[K]['request'],
  callbacks: StreamCallbacks<K> = {},
): Promise<StreamProtocol[K]['result']> {
  if (!ENGINE_HOST_MAY_RESTART) return withHost(() => requestStream(stream, request, callbacks), streamFoundNoHost);
  // The host may be stopped mid-request (Firefox's event page, see platform/engine-host.ts): ask again.
  // A text answer replays identically (greedy decoding); what was already shown is skipped, and a replay
  // that differs from it ends the request as interrupted rather than showing a spliced answer.
  let shown = '';
  for (let restarts = 0; ; restarts++) {
    // A host that keeps dropping the request is not asked again at once (the status watch never gives up).
    if (restarts > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 200 * restarts)));
    let replay = restarts === 0 ? '' : shown;
    const attempt = new AbortController();
    const stopAttempt = () => attempt.abort();
    if (callbacks.signal?.aborted) attempt.abort();
    callbacks.signal?.addEventListener('abort', stopAttempt);
    let diverged = false;
    const onChunk =
      stream === 'generate'
        ? (chunk: StreamProtocol[K]['chunk']) => {
            let text = chunk as string;
            if (replay) {
              const same = Math.min(replay.length, text.length);
              if (replay.slice(0, same) !== text.slice(0, same)) {
                diverged = true;
                attempt.abort();
                return;
              }
              replay = replay.slice(same);
              text = text.slice(same);
              if (!text) return;
            }
            shown += text;
            callbacks.onChunk?.(text as StreamProtocol[K]['chunk']);
          }
        : callbacks.onChunk;
    try {
      return await withHost(() => requestStream(stream, request, { ...callbacks, onChunk, signal: attempt.signal }), streamFoundNoHost);
    } catch (error) {
      const cutOff = error instanceof EngineError && error.code === 'interrupted' && !callbacks.signal?.aborted;
      if (diverged) throw new EngineError('interrupted', localized('errModelRestarted'));
      // The status watch lasts as long as its surface, through any number of restarts.
      if (!cutOff || (restarts >= MAX_RESTARTS && stream !== 'watchStatus')) throw error;
    } finally {
      callbacks.signal?.removeEventListener('abort', stopAttempt);
    }
  }
}

type EngineQuery =
  | 'engineStatus'
  | 'textModelInfo'
  | 'countTokens'
  | 'warmPrompt'
  | 'planDownload'
  | 'cachedModels'
  | 'deleteCachedModel'
  | 'cancelDownload'
  | 'clearCachedCaptions'
  | 'probeServer';

export async function engineQuery<K extends EngineQuery>(
  type: K,
  ...data: Parameters<ProtocolMap[K]>
): Promise<ReturnType<ProtocolMap[K]>> {
  return withHost(() => (sendMessage as (type: K, data?: unknown) => Promise<ReturnType<ProtocolMap[K]>>)(type, data[0]), noReceiver);
}
