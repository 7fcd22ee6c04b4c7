/**
 * Hands transformers.js the WASM form of a model's ONNX files (wasm-graph.ts) while the engine loads it
 * for WASM. The cache keeps the host's verified file as it is, and the rewritten form next to it
 * (`<file>.wasm-<version>-<options>.graph` and `.data`), so later loads skip the rewrite and never read
 * the 4-bit file at all. Also hands over the bytes without the copy `Response.arrayBuffer()` makes.
 */
import { parseModelFileUrl, type ModelFileCache } from './model-files';
import type { WasmGraphOptions, WasmLoadOptions } from './types';
import { rewriteForWasm, WASM_GRAPH_DEFAULTS, WASM_GRAPH_VERSION } from './wasm-graph';

export type { WasmLoadOptions };

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const urlOf = (input: string | URL | Request) => (input instanceof Request ? input.url : String(input));

/**
 * Frees a buffer now rather than at the next garbage collection, which does not come while WASM
 * keeps the main thread busy: without this, hundreds of MB of spent buffers stay resident.
 * (`transfer(0)` detaches the buffer and releases its memory at once.) Only for whole buffers we own.
 */
export function release(view: ArrayBufferView | undefined): void {
  if (!view || view.byteOffset !== 0 || view.byteLength !== view.buffer.byteLength) return;
  const buffer = view.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  if (buffer instanceof ArrayBuffer && !buffer.detached) buffer.transfer?.(0);
}

/** A Response whose arrayBuffer() is `bytes` itself: transformers.js reads model files that way. */
function bytesResponse(bytes: Uint8Array, headers: HeadersInit): Response {
  const response = new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  if (whole) Object.defineProperty(response, 'arrayBuffer', { value: async () => bytes.buffer });
  return response;
}

/** onnxruntime-web's `externalData` session option: the weights of the rewritten files. */
export type ExternalData = Array<{ path: string; data: Uint8Array }>;

export class WasmModels {
  /** The model being loaded for WASM, if any. */
  private loading: string | undefined;
  private options: WasmLoadOptions = { ...WASM_GRAPH_DEFAULTS, externalData: true };
  /** Filled as files are rewritten; onnxruntime-web reads it when it creates each session. */
  private externalData: ExternalData = [];
  /** Rewritten files of the model being loaded, by URL: rewritten once however often they are read. */
  private readonly rewritten = new Map<string, Promise<Uint8Array>>();
  /** Host files that arrived while loading, for the cache to keep instead of their rewritten form. */
  private readonly originals = new Map<string, Uint8Array>();

  /**
   * Runs `load` with the ONNX files of `modelId` rewritten for WASM (none when `modelId` is undefined).
   * `load` must pass `externalData` on to the sessions it creates (transformers.js: `session_options`).
   */
  async during<T>(
    modelId: string | undefined,
    options: Partial<WasmLoadOptions>,
    load: (externalData: ExternalData) => Promise<T>,
  ): Promise<T> {
    this.loading = modelId;
    this.options = { ...WASM_GRAPH_DEFAULTS, externalData: true, ...options };
    this.externalData = [];
    try {
      return await load(this.externalData);
    } finally {
      this.loading = undefined;
      // The weights are in WebAssembly memory now (or the load failed): free the JS copies.
      for (const { data } of this.externalData) release(data);
      this.externalData.length = 0;
      for (const bytes of this.rewritten.values()) void bytes.then(release, () => undefined);
      this.rewritten.clear();
      this.originals.clear();
    }
  }

  private wants(url: string): boolean {
    const ref = parseModelFileUrl(url);
    return ref !== undefined && ref.modelId === this.loading && /^onnx\/[^/]+\.onnx$/.test(ref.file);
  }

  private rewrite(url: string, read: () => Promise<Uint8Array>, keepOriginal: boolean): Promise<Uint8Array> {
    let result = this.rewritten.get(url);
    if (!result) {
      const path = this.dataPath(url);
      result = read().then((bytes) => {
        const { externalData, ...graph } = this.options;
        const out = rewriteForWasm(bytes, { ...graph, ...(externalData ? { externalData: path } : {}) });
        if (!out) return bytes;
        if (keepOriginal) this.originals.set(url, bytes);
        else release(bytes); // the 4-bit file is not needed any more
        if (out.weights) this.externalData.push({ path, data: out.weights });
        return out.model;
      });
      this.rewritten.set(url, result);
    }
    return result;
  }

  /** transformers.js's `env.customCache`: reads come rewritten, writes keep the host's file. */
  cache(files: ModelFileCache) {
    return {
      match: async (request: string | URL | Request): Promise<Response | undefined> => {
        const url = urlOf(request);
        if (!this.wants(url)) return files.match(request);
        const cached = await files.match(request);
        if (!cached) return undefined;
        const headers = new Headers(cached.headers);
        const bytes = await (this.rewritten.get(url) ?? this.fromKept(files, url) ?? this.rewriteAndKeep(files, url, cached));
        headers.set('Content-Length', String(bytes.length));
        return bytesResponse(bytes, headers);
      },
      put: async (request: string | URL | Request, response: Response): Promise<void> => {
        const original = this.originals.get(urlOf(request));
        if (!original) return files.put(request, response);
        this.originals.delete(urlOf(request));
        const headers = new Headers(response.headers);
        headers.set('Content-Length', String(original.length));
        try {
          return await files.put(request, new Response(original as Uint8Array<ArrayBuffer>, { status: 200, headers }));
        } finally {
          release(original);
        }
      },
    };
  }

  /** Where the rewritten form of `url` is kept: its graph and its external data (weights). */
  private keptUrls(url: string): { graph: string; data: string } | undefined {
    const { externalData, ...graph } = this.options;
    if (!externalData) return undefined; // only the external-data form is kept
    const flags = (Object.keys(WASM_GRAPH_DEFAULTS) as Array<keyof WasmGraphOptions>).map((key) => (graph[key] ? 1 : 0)).join('');
    const base = `${url}.wasm-${WASM_GRAPH_VERSION}-${flags}`;
    return { graph: `${base}.graph`, data: `${base}.data` };
  }

  /** The rewritten form kept by an earlier load, if it is complete. */
  private fromKept(files: ModelFileCache, url: string): Promise<Uint8Array> | undefined {
    const kept = this.keptUrls(url);
    if (!kept) return undefined;
    const result = (async () => {
      const [graph, data] = await Promise.all([files.match(kept.graph), files.match(kept.data)]);
      if (!graph || !data) return undefined;
      const weights = new Uint8Array(await data.arrayBuffer());
      this.externalData.push({ path: this.dataPath(url), data: weights });
      return new Uint8Array(await graph.arrayBuffer());
    })();
    const bytes = result.then((found) => found ?? this.rewriteAndKeep(files, url));
    this.rewritten.set(url, bytes);
    return bytes;
  }

  /** Rewrites the cached file and keeps the result for next time. */
  private async rewriteAndKeep(files: ModelFileCache, url: string, cached?: Response): Promise<Uint8Array> {
    this.rewritten.delete(url);
    const bytes = await this.rewrite(url, async () => new Uint8Array(await (cached ?? (await files.match(url)))!.arrayBuffer()), false);
    const kept = this.keptUrls(url);
    const weights = this.externalData.find((entry) => entry.path === this.dataPath(url))?.data;
    if (kept && weights) {
      const store = (key: string, data: Uint8Array) =>
        files.put(key, new Response(data as Uint8Array<ArrayBuffer>, { headers: { 'Content-Length': String(data.length) } }));
      // Not keeping it only costs the next load the rewrite.
      await Promise.all([store(kept.data, weights), store(kept.graph, bytes)]).catch(() => undefined);
    }
    return bytes;
  }

  private dataPath(url: string): string {
    return `${url.slice(url.lastIndexOf('/') + 1)}.wasm-int8.data`;
  }

  /** transformers.js's `env.fetch`: a model file downloaded while loading is handed over rewritten. */
  fetch(download: Fetch): Fetch {
    return async (input, init) => {
      const response = await download(input, init);
      const url = urlOf(input);
      if (response.status !== 200 || new Headers(init?.headers).has('Range') || !this.wants(url)) return response;
      const headers = new Headers(response.headers);
      const bytes = await this.rewrite(url, async () => new Uint8Array(await response.arrayBuffer()), true);
      headers.set('Content-Length', String(bytes.length));
      return bytesResponse(bytes, headers);
    };
  }
}

/** onnxruntime's tensors: `data` throws for one that lives on the GPU (WebGPU's KV cache does). */
type Feeds = Record<string, { location?: string; data?: unknown } | undefined>;

/**
 * Wraps each session's run, for WASM and WebGPU alike:
 * - lets the page's other work (streamed tokens reaching a side panel in the same renderer process, a
 *   Stop) run between two model steps: WASM inference keeps the main thread busy until the whole
 *   answer is done otherwise, as the steps are chained by microtasks only;
 * - frees a step's KV-cache inputs once the step is done: the next step reads the cache the step
 *   returned, and each spent cache (tens of MB on a long prompt) would otherwise wait for a garbage
 *   collection that does not come while the model runs.
 */
export function yieldBetweenRuns(sessions: Record<string, { run: (feeds: never, ...rest: never[]) => Promise<unknown> }>): void {
  for (const session of Object.values(sessions)) {
    const run = session.run.bind(session);
    session.run = async (feeds: never, ...rest: never[]) => {
      await nextTask();
      const outputs = await run(feeds, ...rest);
      for (const [name, tensor] of Object.entries(feeds as Feeds)) {
        if (name.startsWith('past_key_values.') && tensor?.location === 'cpu' && ArrayBuffer.isView(tensor.data)) release(tensor.data);
      }
      return outputs;
    };
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
