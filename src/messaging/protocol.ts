// The one message protocol every context speaks: each message name maps to its request and response types.
// One-shot requests go through these messages; streamed answers go through ports (see streams.ts).
import { defineExtensionMessaging } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import type { CachedModel, ChatMessage, DownloadPlan, EngineConfig, EngineStatus, ModelTask, ServerConfig, ServerProbe, TextModelInfo } from '../engine/types';
import type { AltTextMessages } from '../features/alt-text/types';
import type { RewriteMessages } from '../features/rewrite/messages';
import type { SummarizeMessages } from '../features/summarize/messages';
import { callerAllowed, RefusedCallerError, type Caller } from './senders';

export interface FetchedImage {
  /** Base64 of the image bytes, so the answer survives structured cloning in every browser. */
  base64: string;
  contentType: string;
}

/** Every message; each feature declares the ones its content script answers in its own types module. */
export interface ProtocolMap extends SummarizeMessages, RewriteMessages, AltTextMessages {
  // Background (Chrome service worker / Firefox background page).
  /** Makes sure the engine's host exists (Chrome: the offscreen document) before a surface connects to it. */
  ensureEngine(): void;
  /** Cross-origin image bytes the page could not give us (the extension has host access). */
  fetchImage(url: string): FetchedImage;
  /** The visible part of a tab as a PNG data URL, for images whose bytes cannot be had any other way. */
  captureVisibleTab(): string;
  /** The settings the engine works by; the offscreen document cannot read extension storage itself. */
  engineConfig(): EngineConfig;
  /** From the engine's host (Chrome's offscreen document) when it holds nothing: close it, giving its memory back. */
  closeEngineHost(): void;
  /**
   * Remembers the person's consent to download one of the configured models: sent on their click of a
   * Download button, from an extension page or an in-page card.
   */
  allowDownload(modelId: string): void;
  /** Copies an in-page card's text in the extension's own document, out of the page's sight (platform/clipboard.ts). */
  copyText(text: string): void;

  // Engine host (Chrome offscreen document / Firefox background page).
  /** Chrome: the background saw the settings change; the engine host reads them afresh (engine/config-cache.ts). */
  engineConfigChanged(): void;
  engineStatus(): EngineStatus;
  textModelInfo(): TextModelInfo;
  countTokens(texts: string[]): number[];
  /** Gets a prompt's fixed prefix ready before it is asked (a side panel opened on a page); downloads nothing. */
  warmPrompt(messages: ChatMessage[]): void;
  planDownload(task: ModelTask): DownloadPlan;
  cachedModels(): CachedModel[];
  deleteCachedModel(modelId: string): void;
  /** Stops a model's download, wherever it was started (the welcome page, a feature). */
  cancelDownload(modelId: string): void;
  clearCachedCaptions(): void;
  /** The server's models, and (Options' "Test connection") the time its text model takes to answer "Hello". */
  probeServer(request: { server: ServerConfig; hello: boolean }): ServerProbe;

  // Content script, addressed by tab (and frame); the features' messages come from their interfaces above.
  ping(): 'pong';
  /** The document the tab shows (messaging/page-id.ts): another id, another page. */
  pageId(): string;
}

/**
 * Who may send each message (see senders.ts). Content-script messages come from the extension itself;
 * only what an in-page card needs is open to every frame, and screenshots and image fetches to the top frame.
 */
export const MESSAGE_CALLERS: { [K in keyof ProtocolMap]: Caller } = {
  ensureEngine: 'any-frame',
  fetchImage: 'top-frame',
  captureVisibleTab: 'top-frame',
  engineConfig: 'extension',
  closeEngineHost: 'extension',
  allowDownload: 'any-frame',
  copyText: 'any-frame',
  engineConfigChanged: 'extension',
  engineStatus: 'extension',
  textModelInfo: 'any-frame',
  countTokens: 'any-frame',
  warmPrompt: 'extension',
  planDownload: 'extension',
  cachedModels: 'extension',
  deleteCachedModel: 'extension',
  cancelDownload: 'extension',
  clearCachedCaptions: 'extension',
  probeServer: 'extension',
  readPage: 'extension',
  rewriteSelection: 'extension',
  summarizeSelection: 'extension',
  commentFrameSources: 'extension',
  frameComments: 'extension',
  showAltTextCard: 'extension',
  altTextItems: 'extension',
  generateAltText: 'extension',
  stopAltText: 'extension',
  setAltText: 'extension',
  undoAltText: 'extension',
  scrollToPassage: 'extension',
  ping: 'extension',
  pageId: 'extension',
};

const messenger = defineExtensionMessaging<ProtocolMap>();

export const sendMessage = messenger.sendMessage;

/**
 * What a message (or port) that reached no listener of ours ends with, so it can go again once there is one:
 * "Receiving end does not exist" (Chrome, Firefox), "message port closed" (a listener that did not answer),
 * or @webext-core's "No response" (a context whose listener knows no such message, such as the worker asked
 * an engine question; and every failed message to a tab, whose error @webext-core does not pass on).
 */
export function noReceiver(error: unknown): boolean {
  return /Receiving end does not exist|Could not establish connection|message port closed|^No response$/i.test(error instanceof Error ? error.message : String(error));
}

/**
 * Sends with `send`, which nearly always finds its receiver there: checking first would cost every message a
 * round trip. A message that reached no one (`missing`) was not delivered, so it goes once more after
 * `prepare` has made a receiver (the engine's host, a tab's content script).
 */
export async function sendOrPrepare<T>(send: () => Promise<T>, prepare: () => Promise<unknown>, missing: (error: unknown) => boolean = noReceiver): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!missing(error)) throw error;
    await prepare();
    return send();
  }
}

/** Like onMessage, but refuses anything that did not come from this extension, or from a caller the message is not for. */
export function onMessage<K extends keyof ProtocolMap>(
  type: K,
  handler: Parameters<typeof messenger.onMessage<K>>[1],
): () => void {
  return messenger.onMessage(type, (message) => {
    if (message.sender?.id !== browser.runtime.id) {
      throw new Error('Ignored a message from outside Nano Banana.');
    }
    if (!callerAllowed(MESSAGE_CALLERS[type], message.sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      throw new RefusedCallerError(type);
    }
    return handler(message);
  });
}
