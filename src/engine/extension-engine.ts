// The engine the extension runs: transformers.js on onnxruntime-web, with the runtime's files shipped
// inside the extension, a model server the person chose (server-engine.ts), or Chrome's built-in AI
// (builtin-engine.ts), per task as the settings say. Its hosts (Chrome's offscreen document, Firefox's background page) create it and hand it to
// startEngineHost (host.ts).
import { localized } from '../i18n/i18n';
import { browser, type PublicPath } from 'wxt/browser';
import type { Engine, WorkOptions } from './engine';
import { BuiltinEngine, builtinApi, BUILTIN_MODEL } from './builtin-engine';
import { EngineError } from './errors';
import { ServerEngine } from './server-engine';
import { ResultCache } from './result-cache';
import { createTextReader, extensionOcrModels, type TextReader } from './text-reader';
import { LATIN_READER_FILES } from './ocr-files';
import { TransformersEngine } from './transformers-engine';
import type { AnsweredBy, CaptionRequest, ChatMessage, EngineBackend, EngineConfig, EngineStatus, GenerateRequest, ModelTask } from './types';

export function createExtensionEngine(loadConfig: () => Promise<EngineConfig>): Engine {
  const browserEngine = new TransformersEngine(loadConfig, {
    wasmLoader: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.mjs'),
    wasmBinary: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.wasm'),
  });
  return new ChosenEngine(loadConfig, browserEngine, new ServerEngine(loadConfig), new BuiltinEngine());
}

/** Sends each task's requests to the engine the settings choose for it; stored models are the browser's. */
export class ChosenEngine implements Engine {
  constructor(
    private readonly config: () => Promise<EngineConfig>,
    private readonly browserEngine: Engine,
    private readonly serverEngine: Engine,
    private readonly builtinEngine: Engine,
  ) {}

  private async chosen(task: ModelTask): Promise<{ engine: Engine; answeredBy: AnsweredBy }> {
    const config = await this.config();
    const backend: EngineBackend = task === 'text-generation' ? config.textBackend : config.imageBackend;
    const text = task === 'text-generation';
    if (backend === 'server') {
      const model = text ? config.server.textModel : config.server.imageModel;
      return { engine: this.serverEngine, answeredBy: { backend, model, server: config.server.address } };
    }
    if (backend === 'builtin' && builtinApi()) return { engine: this.builtinEngine, answeredBy: { backend, model: BUILTIN_MODEL } };
    const model = text ? config.textModel : config.imageModel;
    // Where the browser has no built-in AI (Firefox, a Chrome without it), the in-browser engine answers, and says so.
    return { engine: this.browserEngine, answeredBy: { backend: 'browser', model, ...(backend === 'builtin' ? { insteadOf: backend } : {}) } };
  }

  private async engineFor(task: ModelTask): Promise<Engine> {
    return (await this.chosen(task)).engine;
  }

  async generate(request: GenerateRequest, options: WorkOptions & { onToken?: (text: string) => void }) {
    const { engine, answeredBy } = await this.chosen('text-generation');
    if (request.storedOnly && answeredBy.backend !== 'browser') {
      throw new EngineError('download-needed', localized('errStoredTextModelOnly'));
    }
    const result = await engine.generate(request, options);
    // An engine with several APIs (Chrome's built-in AI) says which one answered.
    return { ...result, answeredBy: result.answeredBy ?? answeredBy };
  }

  async caption(request: CaptionRequest, options: WorkOptions) {
    const { engine, answeredBy } = await this.chosen('image-to-text');
    const result = await engine.caption(request, options);
    return { ...result, answeredBy: result.answeredBy ?? answeredBy };
  }

  async countTokens(texts: string[]) {
    return (await this.engineFor('text-generation')).countTokens(texts);
  }

  async textModelInfo() {
    return (await this.engineFor('text-generation')).textModelInfo();
  }

  async warmPrompt(messages: ChatMessage[]) {
    await (await this.engineFor('text-generation')).warmPrompt?.(messages);
  }

  async planDownload(task: ModelTask) {
    return (await this.engineFor(task)).planDownload(task);
  }

  async prepare(task: ModelTask, options: WorkOptions) {
    return (await this.engineFor(task)).prepare(task, options);
  }

  status(): EngineStatus {
    const local = this.browserEngine.status();
    return { ...local, models: [...local.models, ...this.serverEngine.status().models, ...this.builtinEngine.status().models] };
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    const emit = () => listener(this.status());
    const stops = [this.browserEngine.onStatus(emit), this.serverEngine.onStatus(emit), this.builtinEngine.onStatus(emit)];
    return () => stops.forEach((stop) => stop());
  }

  cachedModels() {
    return this.browserEngine.cachedModels();
  }

  deleteCachedModel(modelId: string) {
    return this.browserEngine.deleteCachedModel(modelId);
  }

  cancelDownload(modelId: string) {
    return this.browserEngine.cancelDownload?.(modelId) ?? Promise.resolve();
  }

  clearCachedCaptions() {
    return this.browserEngine.clearCachedCaptions();
  }
}

/**
 * The OCR models, copied into the extension's ocr/ and tesseract/ folders at build time (wxt.config.ts); readings kept in
 * Cache Storage like captions, so an image seen again is not read again.
 */
export function createExtensionTextReader(): TextReader {
  return createTextReader(
    extensionOcrModels({
      wasmLoader: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.mjs'),
      wasmBinary: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.wasm'),
      modelFile: (file) => browser.runtime.getURL(`/ocr/${file}` as PublicPath),
      latin: {
        workerPath: browser.runtime.getURL(`/tesseract/${LATIN_READER_FILES.worker}` as PublicPath),
        corePath: browser.runtime.getURL(`/tesseract/${LATIN_READER_FILES.core}` as PublicPath),
        langPath: browser.runtime.getURL('/tesseract' as PublicPath),
      },
    }),
    new ResultCache('nano-banana-text-v1'),
  );
}

/** onnxruntime-web's own files, copied into the extension at build time (wxt.config.ts), never a CDN. */
function runtimeFileUrl(file: string): string {
  return browser.runtime.getURL(`/ort/${file}` as PublicPath);
}
