// Model files: downloaded only from the model host, checked complete before use, cached for offline use.
// transformers.js decides which files a model needs; it reads and writes them through the two hooks
// here (its `env.fetch` and `env.customCache`), so every byte it uses has passed these checks.
import { localized } from '../i18n/i18n';
import { digestHex } from './digest';
import { EngineError } from './errors';
import type { CachedModel, FileProgress } from './types';

const CACHE_NAME = 'nano-banana-models-v1';
/** Files a host said it does not have (optional configs), per host, so loading offline does not need to ask again. */
const MISSING_CACHE_NAME = 'nano-banana-missing-files-v2';
/** One entry per model that has loaded from its stored files: all of them are there. */
const COMPLETE_CACHE_NAME = 'nano-banana-complete-models-v1';
/** Cache keys leave out the host, so a cached model keeps working when the user changes the Model host. */
const CACHE_KEY_ORIGIN = 'https://models.nano-banana.invalid';
const RESOLVE_PATH = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/;
const MAX_ATTEMPTS = 4;
/** A download that receives nothing for this long is broken off and resumed. */
const STALL_TIMEOUT_MS = 30_000;
/** Waits before resuming a broken download: a flaky connection often needs a moment. */
const RETRY_DELAY_MS = 750;

/** The Hub's own hosts: the only places its model files are redirected to (LFS and Xet storage). */
const HUB_HOST = 'huggingface.co';
const HUB_FILE_HOSTS = /^(?:huggingface\.co|hf\.co|cdn-lfs(?:-[a-z0-9-]+)?\.(?:huggingface|hf)\.co|cas-bridge\.xethub\.hf\.co)$/;

/**
 * How a request to the model host may be redirected: only the Hub hands files over to its storage hosts
 * (and every such answer is checked against HUB_FILE_HOSTS); any other host's redirect is an error, so no
 * third address is ever contacted.
 */
function redirectPolicy(base: string): RequestRedirect {
  return new URL(base).hostname === HUB_HOST ? 'follow' : 'error';
}

function checkFinalAddress(response: Response, base: string): void {
  if (!response.redirected || !response.url) return;
  const final = new URL(response.url);
  if (final.protocol !== 'https:' || !HUB_FILE_HOSTS.test(final.hostname)) {
    throw new EngineError('host-unreachable', localized('errHostRedirected', base, final.origin));
  }
}

function completeKey(modelId: string): string {
  return `${CACHE_KEY_ORIGIN}/${modelId}/complete`;
}

export interface ModelFileRef {
  modelId: string;
  revision: string;
  file: string;
}

/** Splits a Hub-layout URL (`<host>/<org>/<name>/resolve/<revision>/<file>`) into its parts. */
export function parseModelFileUrl(url: string | URL): ModelFileRef | undefined {
  const parsed = new URL(url);
  const match = RESOLVE_PATH.exec(parsed.pathname);
  if (!match) return undefined;
  const [, modelId = '', revision = '', file = ''] = match.map((part) => decodeURIComponent(part));
  return { modelId, revision, file };
}

function cacheKey(url: string | URL): string {
  const ref = parseModelFileUrl(url);
  if (!ref) throw new Error(`Not a model file address: ${String(url)}`);
  return `${CACHE_KEY_ORIGIN}/${ref.modelId}/resolve/${ref.revision}/${ref.file}`;
}

export type FileProgressListener = (ref: ModelFileRef, progress: FileProgress) => void;

export interface ModelFilesOptions {
  /** The model host's URL without a trailing slash; no other address is ever contacted. */
  host: () => string;
  onProgress: FileProgressListener;
  cache: ModelFileCache;
  fetch?: typeof fetch;
  /** Aborted when the person cancels the model's download: its files under way stop, and none of them is kept. */
  cancelSignal?: (modelId: string) => AbortSignal | undefined;
  /** How long a download may receive nothing before it is broken off and resumed (undefined: 30 s). */
  stallTimeoutMs?: () => number | undefined;
}

/**
 * What transformers.js gets as `env.fetch`: model files come from the model host only, resumed when the
 * connection breaks and verified against the size and hash the host reports.
 */
export function createModelFetch({ host, onProgress, cache, fetch: fetchImpl = fetch, cancelSignal, stallTimeoutMs }: ModelFilesOptions) {
  return async function modelFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : input);
    const base = host();
    if (!url.href.startsWith(`${base}/`)) {
      throw new EngineError('internal', localized('errRefusedContact', url.origin, base));
    }
    const ref = parseModelFileUrl(url);
    const headers = new Headers(init?.headers);
    try {
      // Metadata probes (a one-byte range) and anything that is not a model file pass straight through.
      const response =
        !ref || headers.has('Range')
          ? await reach(fetchImpl, url, base, { ...init, credentials: 'omit' })
          : await downloadVerified(fetchImpl, url, base, ref, onProgress, { cancel: cancelSignal?.(ref.modelId), stallTimeoutMs: stallTimeoutMs?.() ?? STALL_TIMEOUT_MS });
      if (ref && response.status === 404) await cache.rememberMissing(url);
      return response;
    } catch (error) {
      if (ref && error instanceof EngineError && error.code === 'host-unreachable' && (await cache.isKnownMissing(url))) {
        return new Response(null, { status: 404 });
      }
      throw error;
    }
  };
}

async function reach(fetchImpl: typeof fetch, url: URL, base: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, redirect: redirectPolicy(base) });
  } catch {
    throw new EngineError(
      'host-unreachable',
      localized('errHostUnreachable', url.origin),
    );
  }
  checkFinalAddress(response, base);
  return response;
}

interface Expectation {
  size?: number;
  sha256?: string;
  gitSha1?: string;
}

/** The size and hash the host vouches for. The Hub sends LFS hashes as X-Linked-ETag, git blob ids as ETag. */
function expectationFrom(response: Response): Expectation {
  const expectation: Expectation = {};
  const range = response.headers.get('Content-Range');
  const size =
    response.headers.get('X-Linked-Size') ??
    (range ? range.split('/')[1] : undefined) ??
    response.headers.get('Content-Length');
  if (size && /^\d+$/.test(size)) expectation.size = Number(size);
  for (const header of ['X-Linked-ETag', 'ETag']) {
    const tag = response.headers.get(header)?.replace(/^W\//, '').replaceAll('"', '').toLowerCase();
    if (tag && /^[0-9a-f]{64}$/.test(tag)) expectation.sha256 ??= tag;
    if (tag && /^[0-9a-f]{40}$/.test(tag)) expectation.gitSha1 ??= tag;
  }
  return expectation;
}

async function downloadVerified(
  fetchImpl: typeof fetch,
  url: URL,
  base: string,
  ref: ModelFileRef,
  onProgress: FileProgressListener,
  { cancel, stallTimeoutMs }: { cancel: AbortSignal | undefined; stallTimeoutMs: number },
): Promise<Response> {
  // What arrived of a cancelled file is dropped: only whole, verified files ever reach the cache.
  const cancelled = () => new EngineError('cancelled', localized('errDownloadCancelled', ref.modelId));
  let expectation: Expectation | undefined;
  let contentType = 'application/octet-stream';
  let buffer: Uint8Array = new Uint8Array(0);
  let loaded = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
    if (cancel?.aborted) throw cancelled();
    const resuming = loaded > 0;
    const stall = new StallGuard(stallTimeoutMs);
    let response: Response;
    try {
      response = await reach(fetchImpl, url, base, {
        credentials: 'omit',
        cache: 'no-store',
        headers: resuming ? { Range: `bytes=${loaded}-` } : {},
        signal: cancel ? AbortSignal.any([stall.signal, cancel]) : stall.signal,
      });
    } catch (error) {
      stall.done();
      if (cancel?.aborted) throw cancelled();
      throw error;
    }
    if (response.status === 404 || response.status === 401 || response.status === 403) return response;
    if (!response.ok) {
      lastError = new EngineError('host-unreachable', localized('errHostHttp', response.status, ref.file));
      continue;
    }
    if (resuming && response.status !== 206) loaded = 0; // The host ignored the range: start over.
    if (!resuming || response.status !== 206) {
      expectation = expectationFrom(response);
      refuseUnverifiable(expectation, ref, base);
      contentType = response.headers.get('Content-Type') ?? contentType;
      buffer = new Uint8Array(expectation.size ?? 0);
    }
    try {
      for await (const chunk of readChunks(response)) {
        stall.progressed();
        // A host that declared a size may not send more: stop reading at once rather than fill the memory.
        if (expectation?.size !== undefined && loaded + chunk.length > expectation.size) {
          throw new EngineError(
            'download-corrupt',
            localized('errFileTooLarge', `${ref.modelId}/${ref.file}`, expectation.size),
          );
        }
        if (loaded + chunk.length > buffer.length) buffer = grow(buffer, loaded + chunk.length);
        buffer.set(chunk, loaded);
        loaded += chunk.length;
        onProgress(ref, { file: ref.file, loaded, total: expectation?.size ?? loaded });
      }
    } catch (error) {
      if (cancel?.aborted) throw cancelled();
      if (error instanceof EngineError) throw error;
      lastError = error; // The connection broke or stalled: resume from what arrived.
      // Said while waiting to resume, so the surfaces can show "Stalled — retrying"; the next bytes clear it.
      if (attempt + 1 < MAX_ATTEMPTS) onProgress(ref, { file: ref.file, loaded, total: expectation?.size ?? loaded, retrying: true });
      continue;
    } finally {
      stall.done();
    }
    const bytes = buffer.subarray(0, loaded);
    await verify(bytes, expectation ?? {}, ref);
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { 'Content-Type': contentType, 'Content-Length': String(bytes.length) },
    });
  }
  if (lastError instanceof EngineError) throw lastError;
  throw new EngineError(
    'host-unreachable',
    localized('errDownloadBreaking', `${ref.modelId}/${ref.file}`),
  );
}

/** Aborts a request that has received nothing for `timeoutMs`; every chunk restarts the clock. */
class StallGuard {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly signal = this.controller.signal;

  constructor(private readonly timeoutMs: number) {
    this.progressed();
  }

  progressed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.timeoutMs);
  }

  done() {
    clearTimeout(this.timer);
  }
}

async function* readChunks(response: Response): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function grow(buffer: Uint8Array, needed: number): Uint8Array {
  const bigger = new Uint8Array(Math.max(needed, buffer.length * 2));
  bigger.set(buffer);
  return bigger;
}

/** A file is used only when the host vouches for it with a size and a checksum that can be checked. */
function refuseUnverifiable(expectation: Expectation, ref: ModelFileRef, base: string): void {
  if (expectation.size !== undefined && (expectation.sha256 || expectation.gitSha1)) return;
  throw new EngineError(
    'download-corrupt',
    localized(expectation.size === undefined ? 'errNoSize' : 'errNoChecksum', base, `${ref.modelId}/${ref.file}`),
  );
}

async function verify(bytes: Uint8Array, expectation: Expectation, ref: ModelFileRef): Promise<void> {
  const corrupt = (what: string) =>
    new EngineError('download-corrupt', localized('errFileDamaged', `${ref.modelId}/${ref.file}`, what));
  if (expectation.size !== undefined && bytes.length !== expectation.size) {
    throw corrupt(`${bytes.length} of ${expectation.size} bytes`);
  }
  if (expectation.sha256 && (await digestHex('SHA-256', bytes)) !== expectation.sha256) {
    throw corrupt('its SHA-256 does not match');
  }
  if (expectation.gitSha1 && (await gitBlobSha1(bytes)) !== expectation.gitSha1) {
    throw corrupt('its checksum does not match');
  }
}


/** Git names a file by the SHA-1 of "blob <size>\0" followed by its bytes. */
function gitBlobSha1(bytes: Uint8Array): Promise<string> {
  const header = new TextEncoder().encode(`blob ${bytes.length}\0`);
  const whole = new Uint8Array(header.length + bytes.length);
  whole.set(header);
  whole.set(bytes, header.length);
  return digestHex('SHA-1', whole);
}

/** What transformers.js gets as `env.customCache`: the persistent store of verified model files. */
export class ModelFileCache {
  /** Set when a file could not be stored (the disk is full): the model works now but not offline. */
  lastStoreError: EngineError | undefined;

  async match(request: string | URL | Request): Promise<Response | undefined> {
    const url = request instanceof Request ? request.url : request;
    if (!parseModelFileUrl(url)) return undefined;
    const cache = await caches.open(CACHE_NAME);
    return cache.match(cacheKey(url));
  }

  async put(request: string | URL | Request, response: Response): Promise<void> {
    const url = request instanceof Request ? request.url : request;
    if (!parseModelFileUrl(url)) return;
    const cache = await caches.open(CACHE_NAME);
    try {
      await cache.put(cacheKey(url), response);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'QuotaExceededError') {
        this.lastStoreError = new EngineError(
          'quota-exceeded',
          localized('errNoRoomOffline'),
        );
      }
      throw error;
    }
  }

  /** Cached models with their file counts and sizes, and whether they are whole. */
  async list(): Promise<CachedModel[]> {
    const cache = await caches.open(CACHE_NAME);
    const complete = await caches.open(COMPLETE_CACHE_NAME);
    const models = new Map<string, CachedModel>();
    for (const request of await cache.keys()) {
      const ref = parseModelFileUrl(request.url);
      if (!ref) continue;
      const response = await cache.match(request);
      const bytes = Number(response?.headers.get('Content-Length') ?? 0);
      const entry = models.get(ref.modelId) ?? { modelId: ref.modelId, files: 0, bytes: 0, complete: (await complete.match(completeKey(ref.modelId))) !== undefined };
      entry.files += 1;
      entry.bytes += bytes;
      models.set(ref.modelId, entry);
    }
    return [...models.values()].sort((a, b) => a.modelId.localeCompare(b.modelId));
  }

  /** Paths of a model's cached files, such as `onnx/model_quantized.onnx`. */
  async filesOf(modelId: string): Promise<string[]> {
    const cache = await caches.open(CACHE_NAME);
    return (await cache.keys())
      .map((request) => parseModelFileUrl(request.url))
      .filter((ref): ref is ModelFileRef => ref?.modelId === modelId)
      .map((ref) => ref.file);
  }

  // Keyed by the full address, host included: a file one host lacks may well be on another.
  async rememberMissing(url: string | URL): Promise<void> {
    const cache = await caches.open(MISSING_CACHE_NAME);
    await cache.put(String(url), new Response(null, { status: 200 }));
  }

  async isKnownMissing(url: string | URL): Promise<boolean> {
    const cache = await caches.open(MISSING_CACHE_NAME);
    return (await cache.match(String(url))) !== undefined;
  }

  /** Notes that the model loaded from its stored files: none is missing. */
  async markComplete(modelId: string): Promise<void> {
    await (await caches.open(COMPLETE_CACHE_NAME)).put(completeKey(modelId), new Response(null, { status: 200 }));
  }

  async delete(modelId: string): Promise<boolean> {
    await (await caches.open(COMPLETE_CACHE_NAME)).delete(completeKey(modelId));
    let deleted = false;
    for (const name of [CACHE_NAME, MISSING_CACHE_NAME]) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (parseModelFileUrl(request.url)?.modelId === modelId) deleted = (await cache.delete(request)) || deleted;
      }
    }
    return deleted;
  }
}
