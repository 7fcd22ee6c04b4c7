// How surfaces (side panel, popup, options, content script) reach the engine.
import { sendMessage, type ProtocolMap } from '../messaging/protocol';
import { requestStream, type StreamCallbacks, type StreamName, type StreamProtocol } from '../messaging/streams';

/** Every engine call first makes sure the engine's host exists (Chrome creates it on demand). */
async function ready(): Promise<void> {
  await sendMessage('ensureEngine');
}

export async function engineStream<K extends StreamName>(
  stream: K,
  request: StreamProtocol[K]['request'],
  callbacks: StreamCallbacks<K> = {},
): Promise<StreamProtocol[K]['result']> {
  await ready();
  return requestStream(stream, request, callbacks);
}

type EngineQuery =
  | 'engineStatus'
  | 'textModelInfo'
  | 'countTokens'
  | 'planDownload'
  | 'cachedModels'
  | 'deleteCachedModel'
  | 'clearCachedCaptions';

export async function engineQuery<K extends EngineQuery>(
  type: K,
  ...data: Parameters<ProtocolMap[K]>
): Promise<ReturnType<ProtocolMap[K]>> {
  await ready();
  return (sendMessage as (type: K, data?: unknown) => Promise<ReturnType<ProtocolMap[K]>>)(type, data[0]);
}
