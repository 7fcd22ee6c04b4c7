// The one message protocol every context speaks: each message name maps to its request and response types.
// One-shot requests go through these messages; streamed answers go through ports (see streams.ts).
import { defineExtensionMessaging } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import type { CachedModel, DownloadPlan, EngineConfig, EngineStatus, ModelTask, TextModelInfo } from '../engine/types';
import type { ExtractedPage } from '../extraction/extract';
import type { AltTextItem, GeneratedAltText } from '../features/alt-text/types';
import type { ToneId } from '../features/rewrite/tones';

export interface FetchedImage {
  /** Base64 of the image bytes, so the answer survives structured cloning in every browser. */
  base64: string;
  contentType: string;
}

export interface ProtocolMap {
  // Background (Chrome service worker / Firefox background page).
  /** Makes sure the engine's host exists (Chrome: the offscreen document) before a surface connects to it. */
  ensureEngine(): void;
  /** Cross-origin image bytes the page could not give us (the extension has host access). */
  fetchImage(url: string): FetchedImage;
  /** The visible part of a tab as a PNG data URL, for images whose bytes cannot be had any other way. */
  captureVisibleTab(): string;
  /** The settings the engine works by; the offscreen document cannot read extension storage itself. */
  engineConfig(): EngineConfig;

  // Engine host (Chrome offscreen document / Firefox background page).
  engineStatus(): EngineStatus;
  textModelInfo(): TextModelInfo;
  countTokens(texts: string[]): number[];
  planDownload(task: ModelTask): DownloadPlan;
  cachedModels(): CachedModel[];
  deleteCachedModel(modelId: string): void;

  // Content script, addressed by tab (and frame).
  extractPage(): ExtractedPage;
  rewriteSelection(request: { tone: ToneId; instruction?: string }): void;
  summarizeSelection(): string;
  showAltTextCard(request: { srcUrl: string }): void;
  altTextItems(): AltTextItem[];
  /** Captions one image and writes the text into its alt attribute at once. */
  generateAltText(request: { id: number }): GeneratedAltText;
  setAltText(request: { id: number; text: string }): void;
  undoAltText(request: { id: number }): void;
  scrollToPassage(locator: string): boolean;
  ping(): 'pong';
}

const messenger = defineExtensionMessaging<ProtocolMap>();

export const sendMessage = messenger.sendMessage;

/** Like onMessage, but refuses anything that did not come from this extension. */
export function onMessage<K extends keyof ProtocolMap>(
  type: K,
  handler: Parameters<typeof messenger.onMessage<K>>[1],
): () => void {
  return messenger.onMessage(type, (message) => {
    if (message.sender?.id !== browser.runtime.id) {
      throw new Error('Ignored a message from outside Nano Banana.');
    }
    return handler(message);
  });
}
