// The engine on transformers.js + onnxruntime-web: WebGPU when the machine has it, else WASM
// (threaded when the page is cross-origin isolated). Models load on first use and unload when idle.
import { localized, type LocalizedText } from '../i18n/i18n';
import {
  AutoConfig,
  AutoTokenizer,
  InterruptableStoppingCriteria,
  ModelRegistry,
  RawImage,
  TextStreamer,
  env,
  pipeline,
  type DataType,
  type ImageToTextPipeline,
  type PreTrainedTokenizer,
  type TextGenerationPipeline,
} from '@huggingface/transformers';
import { fromBase64 } from '../messaging/base64';
import type { Engine, WorkOptions } from './engine';
import { EngineError } from './errors';
import { sha256Hex } from './digest';
import { controlTokenTexts, neutralizeControlTokens } from './special-tokens';
import { createModelFetch, ModelFileCache, type ModelFileRef } from './model-files';
import { ResultCache } from './result-cache';
import { DTYPE_SUFFIX, dtypeFor, presetFor } from './presets';
import { PromptPrefixCache } from './prompt-cache';
import { CAPTION_BATCH, CaptionBatcher, captionImages, type WaitingCaption } from './caption-batch';
import { JobQueue } from './queue';
import { WasmModels, yieldBetweenRuns } from './wasm-models';
import type {
  CaptionRequest,
  CaptionResult,
  ChatMessage,
  DevicePreference,
  DownloadPlan,
  DownloadProgress,
  EngineConfig,
  EngineStatus,
  FileProgress,
  GenerateRequest,
  GenerateResult,
  ModelStatus,
  ModelTask,
  TextModelInfo,
} from './types';

export interface RuntimeFiles {
  /** URLs of the onnxruntime-web loader and binary shipped inside the extension. */
  wasmLoader: string;
  wasmBinary: string;
}

type Device = 'wasm' | 'webgpu';
type LoadedPipeline = TextGenerationPipeline | ImageToTextPipeline;

interface LoadedModel {
  key: string;
  /** KV caches of the system prompts in use (text models). */
  prefixes: PromptPrefixCache;
  /** Caption requests waiting in the queue, which a batch may take (image models). */
  captions: CaptionBatcher;
  /** Prompt tokens per second read before the first token, last measured (text models). */
  prefillTokensPerSecond?: number;
  modelId: string;
  task: ModelTask;
  device: Device;
  pipeline: Promise<LoadedPipeline>;
  queue: JobQueue;
  idleTimer?: ReturnType<typeof setTimeout>;
}

/** Preference order when a model is not a preset and we pick among the files its repo has. */
const DTYPE_PREFERENCE: Record<Device | 'webgpu-f16', DataType[]> = {
  wasm: ['q8', 'q4', 'int8', 'uint8', 'fp32', 'fp16'],
  webgpu: ['q4', 'fp32', 'q8'],
  'webgpu-f16': ['q4f16', 'fp16', 'q4', 'fp32'],
};
const DEFAULT_CONTEXT_TOKENS = 2048;
const DEFAULT_ANSWER_TOKENS = 512;
const DEFAULT_CAPTION_TOKENS = 30;
/** Fewest prompt tokens whose reading time measures the device's prefill speed. */
const MIN_MEASURED_PREFILL_TOKENS = 48;

export class TransformersEngine implements Engine {
  private readonly files = new ModelFileCache();
  private readonly captions = new ResultCache('nano-banana-captions-v1');
  private readonly models = new Map<string, LoadedModel>();
  private readonly statuses = new Map<string, ModelStatus>();
  private readonly listeners = new Set<(status: EngineStatus) => void>();
  private readonly downloads = new Map<string, DownloadProgress>();
  /** Per model downloading now: what "Cancel" aborts. */
  private readonly cancels = new Map<string, AbortController>();
  private notice: LocalizedText | undefined;
  private host = '';
  private stallTimeoutMs: number | undefined;
  private readonly wasmModels = new WasmModels();

  constructor(
    private readonly config: () => Promise<EngineConfig>,
    runtime: RuntimeFiles,
  ) {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.useBrowserCache = false;
    env.useWasmCache = false;
    env.useCustomCache = true;
    env.customCache = this.wasmModels.cache(this.files);
    env.fetch = this.wasmModels.fetch(
      createModelFetch({
        host: () => this.host,
        cache: this.files,
        onProgress: (ref, progress) => this.onFileProgress(ref, progress),
        cancelSignal: (modelId) => this.cancels.get(modelId)?.signal,
        stallTimeoutMs: () => this.stallTimeoutMs,
      }),
    );
    const wasm = env.backends.onnx.wasm!;
    wasm.wasmPaths = { mjs: runtime.wasmLoader, wasm: runtime.wasmBinary };
    wasm.proxy = false;
    wasm.numThreads = wasmThreadsFor(undefined);
  }

  async generate(
    request: GenerateRequest,
    { onToken, onProgress, signal }: WorkOptions & { onToken?: (text: string) => void },
  ): Promise<GenerateResult> {
    if (request.storedOnly && !(await this.textModelStored())) {
      throw new EngineError('download-needed', localized('errTextModelNotStored'));
    }
    const model = await this.load('text-generation', { onProgress, signal });
    return this.runOn(model, request.priority, signal, async (generator) => {
      // Page text must never become a control token (a forged chat turn): break them before templating.
      const controlTokens = controlTokenTexts(generator.tokenizer as never);
      const messages = request.messages.map((message) => ({ ...message, content: neutralizeControlTokens(message.content, controlTokens) }));
      const { promptCache } = await this.config();
      const prefixes = promptCache === false ? undefined : model.prefixes;
      const result = await runGeneration(generator as TextGenerationPipeline, prefixes, { ...request, messages }, onToken, signal);
      const { prefilledTokens = 0, firstTokenMs = NaN } = result.timing ?? {};
      // Short prompts say little about the speed: a step costs the same whatever its length.
      if (prefilledTokens >= MIN_MEASURED_PREFILL_TOKENS && firstTokenMs > 0) model.prefillTokensPerSecond = (prefilledTokens * 1000) / firstTokenMs;
      return result;
    });
  }

  /**
   * Whether the text model is loaded or stored whole. Only a model already downloaded: a download, or even
   * asking the host about one, is the user's to start.
   */
  private async textModelStored(): Promise<boolean> {
    const { textModel } = await this.useConfig();
    if ([...this.models.values()].some((model) => model.task === 'text-generation' && model.modelId === textModel)) return true;
    const cached = await this.files.filesOf(textModel);
    if (!cached.includes('config.json') || !cached.some((file) => /^onnx\/[^/]+\.onnx$/.test(file))) return false;
    const plan = await this.planDownload('text-generation');
    return plan.cachedBytes >= plan.totalBytes;
  }

  async warmPrompt(messages: ChatMessage[]): Promise<void> {
    if (!(await this.textModelStored())) return;
    const model = await this.load('text-generation', {});
    await this.runOn(model, 'background', undefined, async (generator) => {
      const startedAt = performance.now();
      const computed = await model.prefixes.warm(generator as TextGenerationPipeline, messages);
      // Until an answer measures it, the prefix says how fast this device reads.
      if (computed >= MIN_MEASURED_PREFILL_TOKENS && !model.prefillTokensPerSecond) {
        model.prefillTokensPerSecond = (computed * 1000) / (performance.now() - startedAt);
      }
    });
  }

  async caption(request: CaptionRequest, { onProgress, signal }: WorkOptions): Promise<CaptionResult> {
    const started = performance.now();
    const { width, height, rgba } = request.image;
    const pixels = fromBase64(rgba);
    if (width * height * 4 !== pixels.length) throw new EngineError('bad-input', localized('errImageDataIncomplete'));
    const decoded = performance.now();
    const { imageModel, captionTokens = DEFAULT_CAPTION_TOKENS, captionBatch = CAPTION_BATCH } = await this.useConfig();
    // Greedy decoding gives the same caption for the same pixels: a revisited image costs nothing.
    const key = `${imageModel}/${await sha256Hex(pixels)}`;
    const hashed = performance.now();
    const cached = await this.captions.get(key);
    if (cached !== undefined) return { text: cached };
    const model = await this.load('image-to-text', { onProgress, signal });
    const image = new RawImage(new Uint8ClampedArray(pixels.buffer), width, height, 4).rgb();
    const entry: WaitingCaption = { image, maxNewTokens: request.maxNewTokens ?? captionTokens, signal };
    const queued = performance.now();
    model.captions.add(entry);
    try {
      return await this.runOn(model, request.priority, signal, async (captioner) => {
        const turn = performance.now();
        const text = await model.captions.caption(entry, captionBatch, (images, maxNewTokens, onTiming) => captionImages(captioner as ImageToTextPipeline, images, maxNewTokens, onTiming));
        await this.captions.set(key, text);
        const batch = entry.timing;
        return {
          text,
          timing: {
            decodeMs: decoded - started,
            hashMs: hashed - decoded,
            // Cache lookup, the model ready, RGB copy.
            prepareMs: queued - hashed,
            waitMs: turn - queued,
            ...(batch ? { batch: batch.images, preprocessMs: batch.preprocessMs, encoderMs: batch.encoderMs, decoderMs: batch.decoderMs } : {}),
            totalMs: performance.now() - started,
          },
        };
      });
    } finally {
      model.captions.remove(entry);
    }
  }

  /** One job on a model, in its queue's order; the model's idle clock starts when the queue empties. */
  private async runOn<T>(
    model: LoadedModel,
    priority: GenerateRequest['priority'],
    signal: AbortSignal | undefined,
    work: (pipeline: LoadedPipeline) => Promise<T>,
  ): Promise<T> {
    try {
      return await model.queue.run(
        async () => {
          const loaded = await model.pipeline;
          this.setStage(model, 'working');
          return work(loaded);
        },
        { priority, signal },
      );
    } finally {
      this.markIdle(model);
    }
  }

  async countTokens(texts: string[]): Promise<number[]> {
    const tokenizer = await this.tokenizer();
    const controlTokens = controlTokenTexts(tokenizer as never);
    return texts.map((text) => tokenizer.encode(neutralizeControlTokens(text, controlTokens), { add_special_tokens: false }).length);
  }

  async textModelInfo(): Promise<TextModelInfo> {
    const config = await this.useConfig();
    const { textModel } = config;
    const modelConfig = (await this.explainFailures(textModel, () => AutoConfig.from_pretrained(textModel))) as unknown as Record<string, unknown>;
    const declared = Number(modelConfig['max_position_embeddings'] ?? modelConfig['n_positions'] ?? DEFAULT_CONTEXT_TOKENS);
    const cap = presetFor(textModel)?.context.contextTokens ?? declared;
    const loaded = [...this.models.values()].find((model) => model.task === 'text-generation' && model.modelId === textModel);
    const device = loaded?.device ?? (await this.pickDevice(config.device)).device;
    const prefillTokensPerSecond = config.prefillTokensPerSecond ?? loaded?.prefillTokensPerSecond;
    return { modelId: textModel, contextTokens: Math.min(declared, cap), device, ...(prefillTokensPerSecond ? { prefillTokensPerSecond } : {}) };
  }

  async planDownload(task: ModelTask): Promise<DownloadPlan> {
    const config = await this.useConfig();
    const modelId = modelFor(task, config);
    const { device, shaderF16 } = await this.pickDevice(config.device);
    const dtype = await this.pickDtype(modelId, device, shaderF16);
    return this.explainFailures(modelId, async () => {
      const files = await ModelRegistry.get_pipeline_files(task, modelId, { dtype, device });
      const metadata = await Promise.all(files.map((file) => ModelRegistry.get_file_metadata(modelId, file)));
      let totalBytes = 0;
      let cachedBytes = 0;
      for (const entry of metadata) {
        if (!entry.exists) continue;
        totalBytes += entry.size ?? 0;
        if (entry.fromCache) cachedBytes += entry.size ?? 0;
      }
      return { modelId, totalBytes, cachedBytes };
    });
  }

  async prepare(task: ModelTask, options: WorkOptions): Promise<void> {
    const model = await this.load(task, options);
    this.markIdle(model);
  }

  status(): EngineStatus {
    return {
      models: [...this.statuses.values()],
      threads: env.backends.onnx.wasm?.numThreads ?? 1,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      ...(this.notice ? { notice: this.notice } : {}),
    };
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cachedModels() {
    return this.files.list();
  }

  async deleteCachedModel(modelId: string): Promise<void> {
    for (const model of [...this.models.values()].filter((loaded) => loaded.modelId === modelId)) {
      await this.unload(model);
    }
    await this.files.delete(modelId);
    await this.captions.deleteWhere(`${modelId}/`);
  }

  clearCachedCaptions(): Promise<void> {
    return this.captions.deleteWhere();
  }

  /** Stops a model's download wherever it was started; the files it finished stay stored, a half-downloaded one is dropped. */
  async cancelDownload(modelId: string): Promise<void> {
    this.cancels.get(modelId)?.abort();
  }

  // --- Loading -------------------------------------------------------------------------------

  private async useConfig(): Promise<EngineConfig> {
    const config = await this.config();
    this.host = config.modelHost;
    this.stallTimeoutMs = config.stallTimeoutMs;
    env.remoteHost = `${config.modelHost}/`;
    // onnxruntime-web reads its thread count once, when it starts (before the first model loads).
    if (!this.runtimeStarted) env.backends.onnx.wasm!.numThreads = wasmThreadsFor(config.wasmThreads);
    return config;
  }

  /** Whether onnxruntime-web has started: its thread count is fixed from then on. */
  private runtimeStarted = false;

  private async load(task: ModelTask, { onProgress, signal }: WorkOptions): Promise<LoadedModel> {
    const config = await this.useConfig();
    const modelId = modelFor(task, config);
    // One model per task in memory: a changed model or device setting replaces it.
    const key = `${task}|${modelId}|${config.device}`;
    const existing = [...this.models.values()].find((loaded) => loaded.task === task);
    if (existing?.key === key) {
      clearTimeout(existing.idleTimer);
      const stopWatching = this.watchDownload(modelId, onProgress); // It may still be downloading.
      await existing.pipeline.finally(stopWatching);
      return existing;
    }
    if (existing) void existing.queue.run(() => this.unload(existing));
    if (signal?.aborted) throw new EngineError('cancelled', localized('statusStopped'));
    // Registered before the first await, so a second request for the same model waits for this load.
    const model: LoadedModel = { key, modelId, task, device: 'wasm', prefixes: new PromptPrefixCache(), captions: new CaptionBatcher(), queue: new JobQueue(), pipeline: Promise.resolve(undefined as never) };
    this.models.set(key, model);
    const stopWatching = this.watchDownload(modelId, onProgress);
    this.runtimeStarted = true;
    model.pipeline = this.pickDevice(config.device)
      .then(({ device, shaderF16 }) => {
        model.device = device;
        return this.createPipeline(model, shaderF16, config.device);
      })
      .finally(stopWatching);
    try {
      await model.pipeline;
    } catch (error) {
      this.models.delete(key);
      this.statuses.delete(key);
      this.emitStatus();
      throw error;
    }
    this.setStage(model, 'ready');
    return model;
  }

  private async createPipeline(model: LoadedModel, shaderF16: boolean, preference: DevicePreference): Promise<LoadedPipeline> {
    this.setStage(model, 'checking');
    try {
      return await this.loadPipeline(model, shaderF16);
    } catch (error) {
      if (model.device !== 'webgpu' || preference === 'webgpu' || error instanceof EngineError) throw error;
      // WebGPU is an accelerator, not a requirement: fall back to WASM and say so.
      this.notice = localized('noticeWebgpuFailed', error instanceof Error ? error.message : String(error));
      model.device = 'wasm';
      return this.loadPipeline(model, false);
    }
  }

  private async loadPipeline(model: LoadedModel, shaderF16: boolean): Promise<LoadedPipeline> {
    const dtype = await this.pickDtype(model.modelId, model.device, shaderF16);
    const plan = await this.planDownload(model.task);
    // The one gate every download passes: nothing is fetched for a model the person has not agreed to.
    const { wasmGraph, downloadConsent, disablePrepacking } = await this.useConfig();
    if (plan.cachedBytes < plan.totalBytes && !downloadConsent.includes(model.modelId)) {
      throw new EngineError('download-needed', localized('errModelNotStored', model.modelId), plan);
    }
    const cancel = new AbortController();
    if (plan.cachedBytes < plan.totalBytes) {
      this.downloads.set(model.modelId, { modelId: model.modelId, loaded: plan.cachedBytes, total: plan.totalBytes, files: [] });
      this.cancels.set(model.modelId, cancel);
      this.setStage(model, 'downloading');
    } else {
      this.setStage(model, 'loading');
    }
    // On WASM, 4-bit models are rewritten into what onnxruntime-web runs fast there (wasm-graph.ts).
    const rewriteFor = model.device === 'wasm' && wasmGraph !== false ? model.modelId : undefined;
    return this.explainFailures(model.modelId, async () => {
      let loaded: LoadedPipeline;
      try {
        loaded = (await this.wasmModels.during(rewriteFor, wasmGraph || {}, (externalData) =>
          pipeline(model.task, model.modelId, {
            dtype,
            device: model.device,
            session_options: { externalData, ...(disablePrepacking ? { extra: { session: { disable_prepacking: '1' } } } : {}) },
          }),
        )) as LoadedPipeline;
      } catch (error) {
        // transformers.js may wrap the fetch's error: a cancelled download says so whatever reached here.
        if (cancel.signal.aborted) throw new EngineError('cancelled', localized('errDownloadCancelled', model.modelId));
        throw error;
      } finally {
        if (this.cancels.get(model.modelId) === cancel) this.cancels.delete(model.modelId);
        this.downloads.delete(model.modelId);
      }
      yieldBetweenRuns(loaded.model.sessions);
      const storeError = this.files.lastStoreError;
      if (storeError) {
        this.notice = storeError.text ?? localized('errInModel', storeError.message);
        this.files.lastStoreError = undefined;
      } else {
        await this.files.markComplete(model.modelId);
      }
      return loaded;
    });
  }

  private async pickDevice(preference: DevicePreference): Promise<{ device: Device; shaderF16: boolean }> {
    if (preference === 'wasm' || !('gpu' in navigator)) return { device: 'wasm', shaderF16: false };
    try {
      const gpu = (navigator as Navigator & { gpu: { requestAdapter(): Promise<{ features: Set<string> } | null> } }).gpu;
      const adapter = await gpu.requestAdapter();
      if (adapter) return { device: 'webgpu', shaderF16: adapter.features.has('shader-f16') };
    } catch {
      // No usable adapter: the CPU path below is the answer.
    }
    if (preference === 'webgpu') this.notice = localized('noticeWebgpuUnavailable');
    return { device: 'wasm', shaderF16: false };
  }

  /** The preset's dtype; else the one already cached; else the best the repo has. */
  private async pickDtype(modelId: string, device: Device, shaderF16: boolean): Promise<DataType> {
    const preset = dtypeFor(modelId, device, { shaderF16 });
    if (preset) return preset;
    const preference = DTYPE_PREFERENCE[device === 'webgpu' && shaderF16 ? 'webgpu-f16' : device];
    const cached = await this.cachedDtype(modelId, preference);
    if (cached) return cached;
    const available = await this.explainFailures(modelId, () => ModelRegistry.get_available_dtypes(modelId));
    const choice = preference.find((dtype) => available.includes(dtype));
    if (!choice) {
      throw new EngineError(
        'not-a-transformers-model',
        localized('errNoOnnxWeights', modelId),
      );
    }
    return choice;
  }

  /** A dtype whose weights are already cached, so an offline start needs no probe of the host. */
  private async cachedDtype(modelId: string, preference: DataType[]): Promise<DataType | undefined> {
    const cached = new Set(await this.files.filesOf(modelId));
    const suffixes = DTYPE_SUFFIX as Partial<Record<DataType, string>>;
    return preference.find((dtype) =>
      ['model', 'decoder_model_merged'].some((stem) => cached.has(`onnx/${stem}${suffixes[dtype] ?? ''}.onnx`)),
    );
  }

  private tokenizerPromise: { modelId: string; tokenizer: Promise<PreTrainedTokenizer> } | undefined;

  private async tokenizer(): Promise<PreTrainedTokenizer> {
    const { textModel } = await this.useConfig();
    if (this.tokenizerPromise?.modelId !== textModel) {
      const tokenizer = this.explainFailures(textModel, () => AutoTokenizer.from_pretrained(textModel)).catch((error: EngineError) => {
        // The config loaded (or the error would say so), but no usable tokenizer came with it.
        if (error.code !== 'internal') throw error;
        throw new EngineError(
          'not-a-transformers-model',
          localized('errNoTokenizer', textModel),
        );
      });
      tokenizer.catch(() => {
        if (this.tokenizerPromise?.tokenizer === tokenizer) this.tokenizerPromise = undefined;
      });
      this.tokenizerPromise = { modelId: textModel, tokenizer };
    }
    return this.tokenizerPromise.tokenizer;
  }

  // --- Idle unloading ------------------------------------------------------------------------

  private markIdle(model: LoadedModel) {
    if (model.queue.size > 0) return; // The next job is running or waiting; it marks idle when done.
    this.setStage(model, 'ready');
    clearTimeout(model.idleTimer);
    void this.config().then(({ idleUnloadMinutes }) => {
      if (model.queue.size > 0 || !this.models.has(model.key)) return;
      clearTimeout(model.idleTimer);
      model.idleTimer = setTimeout(() => void this.unload(model), idleUnloadMinutes * 60_000);
    });
  }

  private async unload(model: LoadedModel) {
    clearTimeout(model.idleTimer);
    this.models.delete(model.key);
    this.statuses.delete(model.key);
    this.emitStatus();
    const loaded = await model.pipeline.catch(() => undefined);
    await loaded?.dispose();
  }

  // --- Status and progress -------------------------------------------------------------------

  private setStage(model: LoadedModel, stage: ModelStatus['stage']) {
    const download = this.downloads.get(model.modelId);
    this.statuses.set(model.key, {
      modelId: model.modelId,
      task: model.task,
      stage,
      device: model.device,
      ...(stage === 'downloading' && download ? { download } : {}),
    });
    this.emitStatus();
  }

  private emitStatus() {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }

  private readonly progressListeners = new Map<string, Set<(progress: DownloadProgress) => void>>();

  private watchDownload(modelId: string, onProgress?: (progress: DownloadProgress) => void): () => void {
    if (!onProgress) return () => {};
    const listeners = this.progressListeners.get(modelId) ?? new Set();
    listeners.add(onProgress);
    this.progressListeners.set(modelId, listeners);
    return () => listeners.delete(onProgress);
  }

  private onFileProgress(ref: ModelFileRef, file: FileProgress) {
    const download = this.downloads.get(ref.modelId);
    if (!download) return;
    const files = download.files.filter((entry) => entry.file !== file.file).concat(file);
    const previous = download.files.find((entry) => entry.file === file.file)?.loaded ?? 0;
    const next: DownloadProgress = { ...download, files, loaded: download.loaded + file.loaded - previous };
    if (files.some((entry) => entry.retrying)) next.retrying = true;
    else delete next.retrying;
    this.downloads.set(ref.modelId, next);
    for (const listener of this.progressListeners.get(ref.modelId) ?? []) listener(next);
    for (const model of this.models.values()) if (model.modelId === ref.modelId) this.setStage(model, 'downloading');
  }

  // --- Errors --------------------------------------------------------------------------------

  /** Turns transformers.js and runtime failures into errors that say what happened and what to do. */
  private async explainFailures<T>(modelId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw explain(error, modelId, this.host);
    }
  }
}

function modelFor(task: ModelTask, config: EngineConfig): string {
  return task === 'text-generation' ? config.textModel : config.imageModel;
}

export function explain(error: unknown, modelId: string, host: string): EngineError {
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'ModelFileNotFoundError' || /\b404\b|not found/i.test(message)) {
    if (/config\.json/.test(message)) {
      return new EngineError('model-not-found', localized('errNoSuchModel', modelId, host));
    }
    return new EngineError(
      'not-a-transformers-model',
      localized('errMissingFiles', modelId, host, message),
    );
  }
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    return new EngineError('quota-exceeded', localized('errNoDiskSpace'));
  }
  const outOfMemory = /out of memory|allocation failed|bad_alloc|Array buffer allocation/i.test(message) || /\bOOM\b/.test(message);
  if (outOfMemory || error instanceof RangeError) {
    return new EngineError(
      'out-of-memory',
      localized('errOutOfMemory', modelId),
    );
  }
  if (/Unsupported model type|model_type|Could not locate file/i.test(message)) {
    return new EngineError('not-a-transformers-model', localized('errNotTransformersModel', modelId, message));
  }
  return EngineError.from(EngineError.toInfo(error));
}

/** Threads need SharedArrayBuffer, which only cross-origin isolated documents have. */
function wasmThreadsFor(setting: number | undefined): number {
  if (!globalThis.crossOriginIsolated) return 1;
  if (setting && setting > 0) return Math.floor(setting);
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

async function runGeneration(
  generator: TextGenerationPipeline,
  prefixes: PromptPrefixCache | undefined,
  request: GenerateRequest,
  onToken: ((text: string) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<GenerateResult> {
  const maxNewTokens = request.maxNewTokens ?? DEFAULT_ANSWER_TOKENS;
  const stopper = new InterruptableStoppingCriteria();
  const stop = () => stopper.interrupt();
  signal?.addEventListener('abort', stop);
  let tokens = 0;
  let text = '';
  let endedByModel = false;
  let firstTokenAt = NaN;
  const eos = new Set(
    [(generator.model.generation_config as { eos_token_id?: number | number[] } | null)?.eos_token_id ?? []]
      .flat()
      .map((id) => BigInt(id)),
  );
  const streamer = new TextStreamer(generator.tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: (piece: string) => {
      text += piece;
      if (piece) onToken?.(piece);
    },
    token_callback_function: (ids: bigint[]) => {
      if (tokens === 0) firstTokenAt = performance.now();
      tokens += ids.length;
      if (ids.some((id) => eos.has(id))) endedByModel = true;
    },
  });
  const startedAt = performance.now();
  let prompt: { promptTokens: number; cachedTokens: number; prefilledTokens: number };
  try {
    // What the text-generation pipeline does, with the system prompt's KV cache reused (prompt-cache.ts).
    const { promptTokens, cachedTokens, computedTokens, ...inputs } = await (prefixes ?? new PromptPrefixCache()).inputsFor(generator, request.messages, prefixes !== undefined);
    prompt = { promptTokens, cachedTokens, prefilledTokens: promptTokens - cachedTokens + computedTokens };
    await generator.model.generate({
      ...inputs,
      max_new_tokens: maxNewTokens,
      do_sample: false,
      streamer,
      stopping_criteria: stopper,
    } as never);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  if (signal?.aborted) throw new EngineError('cancelled', localized('statusStopped'));
  const timing = { firstTokenMs: firstTokenAt - startedAt, totalMs: performance.now() - startedAt, ...prompt };
  return { text, tokens, truncated: !endedByModel && tokens >= maxNewTokens, timing };
}
