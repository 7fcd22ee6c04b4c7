// The engine the extension runs: transformers.js on onnxruntime-web, with the runtime's files shipped
// inside the extension. Its hosts (Chrome's offscreen document, Firefox's background page) create it and
// hand it to startEngineHost (host.ts).
import { browser, type PublicPath } from 'wxt/browser';
import type { Engine } from './engine';
import { createTextReader, type TextReader } from './text-reader';
import { TransformersEngine } from './transformers-engine';
import type { EngineConfig } from './types';

export function createExtensionEngine(loadConfig: () => Promise<EngineConfig>): Engine {
  return new TransformersEngine(loadConfig, {
    wasmLoader: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.mjs'),
    wasmBinary: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.wasm'),
  });
}

/** The OCR models, copied into the extension's ocr/ folder at build time (wxt.config.ts). */
export function createExtensionTextReader(): TextReader {
  return createTextReader({
    wasmLoader: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.mjs'),
    wasmBinary: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.wasm'),
    modelFile: (file) => browser.runtime.getURL(`/ocr/${file}` as PublicPath),
  });
}

/** onnxruntime-web's own files, copied into the extension at build time (wxt.config.ts), never a CDN. */
function runtimeFileUrl(file: string): string {
  return browser.runtime.getURL(`/ort/${file}` as PublicPath);
}
