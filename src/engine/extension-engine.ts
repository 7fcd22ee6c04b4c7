// The engine the extension runs: transformers.js on onnxruntime-web, with the runtime's files shipped
// inside the extension, or a model server the person chose (server-engine.ts), per task as the settings
// say. Its hosts (Chrome's offscreen document, Firefox's background page) create it and hand it to
// startEngineHost (host.ts).
import { browser, type PublicPath } from 'wxt/browser';
import type { Engine, WorkOptions } from './engine';
import { ServerEngine } from './server-engine';
import { TransformersEngine } from './transformers-engine';
import type { CaptionRequest, EngineConfig, EngineStatus, GenerateRequest, ModelTask } from './types';

export function createExtensionEngine(loadConfig: () => Promise<EngineConfig>): Engine {
  const browserEngine = new TransformersEngine(loadConfig, {
    wasmLoader: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.mjs'),
    wasmBinary: runtimeFileUrl('ort-wasm-simd-threaded.asyncify.wasm'),
  });
  return new ChosenEngine(loadConfig, browserEngine, new ServerEngine(loadConfig));
}

/** Sends each task's requests to the engine the settings choose for it; stored models are the browser's. */
export class ChosenEngine implements Engine {
  constructor(
    private readonly config: () => Promise<EngineConfig>,
    private readonly browserEngine: Engine,
    private readonly serverEngine: Engine,
  ) {}

  private async engineFor(task: ModelTask): Promise<Engine> {
    const config = await this.config();
    const backend = task === 'text-generation' ? config.textBackend : config.imageBackend;
    return backend === 'server' ? this.serverEngine : this.browserEngine;
  }

  async generate(request: GenerateRequest, options: WorkOptions & { onToken?: (text: string) => void }) {
    return (await this.engineFor('text-generation')).generate(request, options);
  }

  async caption(request: CaptionRequest, options: WorkOptions) {
    return (await this.engineFor('image-to-text')).caption(request, options);
  }

  async countTokens(texts: string[]) {
    return (await this.engineFor('text-generation')).countTokens(texts);
  }

  async textModelInfo() {
    return (await this.engineFor('text-generation')).textModelInfo();
  }

  async planDownload(task: ModelTask) {
    return (await this.engineFor(task)).planDownload(task);
  }

  async prepare(task: ModelTask, options: WorkOptions) {
    return (await this.engineFor(task)).prepare(task, options);
  }

  status(): EngineStatus {
    const local = this.browserEngine.status();
    return { ...local, models: [...local.models, ...this.serverEngine.status().models] };
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    const emit = () => listener(this.status());
    const stops = [this.browserEngine.onStatus(emit), this.serverEngine.onStatus(emit)];
    return () => stops.forEach((stop) => stop());
  }

  cachedModels() {
    return this.browserEngine.cachedModels();
  }

  deleteCachedModel(modelId: string) {
    return this.browserEngine.deleteCachedModel(modelId);
  }

  clearCachedCaptions() {
    return this.browserEngine.clearCachedCaptions();
  }
}

/** onnxruntime-web's own files, copied into the extension at build time (wxt.config.ts), never a CDN. */
function runtimeFileUrl(file: string): string {
  return browser.runtime.getURL(`/ort/${file}` as PublicPath);
}
