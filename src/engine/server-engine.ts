// A model server the person runs on their computer or network (Ollama, llama.cpp's llama-server, LM Studio,
// vLLM), over the OpenAI-compatible API (/v1/models, streaming /v1/chat/completions) or Ollama's own
// (/api/tags, streaming /api/chat). Nothing is downloaded: the server holds the models.
import { localized } from '../i18n/i18n';
import { addressSpaceOf } from '../messaging/addresses';
import { fromBase64 } from '../messaging/base64';
import type { Engine, WorkOptions } from './engine';
import { EngineError } from './errors';
import { CAPTION_PROMPT, HostedEngine } from './hosted-engine';
import {
  estimatedTokens,
  type CaptionRequest,
  type CaptionResult,
  type ChatMessage,
  type DownloadPlan,
  type EngineConfig,
  type GenerateRequest,
  type GenerateResult,
  type ImagePixels,
  type ModelTask,
  type ServerConfig,
  type ServerModel,
  type ServerProbe,
  type TextModelInfo,
} from './types';

const DEFAULT_ANSWER_TOKENS = 512;
/**
 * These APIs have no common way to count tokens: three characters a token is more than most tokenizers
 * need for prose, so parts planned by it fit; a server that still finds the prompt too long answers with
 * an error that says so (context-too-small).
 */
const CHARS_PER_TOKEN = 3;

/** One chat message as the server's API takes it: text, or text and an image. */
type WireMessage = ChatMessage | { role: 'user'; content: string; image: string };

export class ServerEngine extends HostedEngine implements Engine {
  /** By serverKey: the context size each of the server's models declares, where it does. */
  private readonly contexts = new Map<string, Promise<Map<string, number>>>();

  constructor(private readonly config: () => Promise<EngineConfig>) {
    super('server');
  }

  async generate(
    request: GenerateRequest,
    { onToken, signal }: WorkOptions & { onToken?: (text: string) => void },
  ): Promise<GenerateResult> {
    const server = await this.server();
    const model = chosenModel(server, 'text-generation');
    return this.working('text-generation', model, async () => {
      try {
        return await chat(server, model, request.messages, request.maxNewTokens ?? DEFAULT_ANSWER_TOKENS, { onToken, signal });
      } catch (error) {
        // The model may have been reloaded with a smaller context than it declared: list it again next time.
        if (error instanceof EngineError && error.code === 'context-too-small') this.contexts.delete(serverKey(server));
        throw error;
      }
    });
  }

  async caption(request: CaptionRequest, { signal }: WorkOptions): Promise<CaptionResult> {
    const server = await this.server();
    const model = chosenModel(server, 'image-to-text');
    const image = await pngBase64(request.image);
    const messages: WireMessage[] = [{ role: 'user', content: CAPTION_PROMPT, image }];
    const { text } = await this.working('image-to-text', model, () => chat(server, model, messages, request.maxNewTokens ?? 60, { signal }));
    return { text: text.trim() };
  }

  /** An estimate (CHARS_PER_TOKEN); textModelInfo says so, and surfaces count the same way without asking. */
  async countTokens(texts: string[]): Promise<number[]> {
    return texts.map((text) => estimatedTokens(text, CHARS_PER_TOKEN));
  }

  async textModelInfo(): Promise<TextModelInfo> {
    const server = await this.server();
    const modelId = chosenModel(server, 'text-generation');
    // Ollama uses the context size we ask for (num_ctx); an OpenAI-compatible server may say its own.
    const declared = server.api === 'openai' ? (await this.declaredContexts(server)).get(modelId) : undefined;
    return { modelId, contextTokens: declared ?? server.contextTokens, charsPerToken: CHARS_PER_TOKEN };
  }

  /**
   * The context sizes an OpenAI-compatible server declares for its models: listed once per server, not
   * before every summary; listed again after a failed listing, on prepare, and after the server said a
   * prompt was too long for its context.
   */
  private declaredContexts(server: ServerConfig): Promise<Map<string, number>> {
    return this.contexts.get(serverKey(server)) ?? this.list(server).then(() => this.declaredContexts(server));
  }

  /** The server's models; what they declare of their context is kept for textModelInfo. */
  private list(server: ServerConfig): Promise<Awaited<ReturnType<typeof listModels>>> {
    const key = serverKey(server);
    const listing = listModels(server);
    const contexts = listing.then((models) => new Map(models.flatMap(({ id, contextTokens }) => (contextTokens ? [[id, contextTokens] as const] : []))));
    this.contexts.set(key, contexts);
    contexts.catch(() => {
      if (this.contexts.get(key) === contexts) this.contexts.delete(key);
    });
    return listing;
  }

  async planDownload(task: ModelTask): Promise<DownloadPlan> {
    return { modelId: chosenModel(await this.server(), task), totalBytes: 0, cachedBytes: 0 };
  }

  /** Nothing to download: checks that the server is there and has the model. */
  async prepare(task: ModelTask): Promise<void> {
    const server = await this.server();
    const model = chosenModel(server, task);
    const models = await this.list(server);
    if (!models.some((offered) => offered.id === model)) throw unknownModel(server, model);
  }

  /** The chosen server; an address page text may not go to is refused before anything else is looked at. */
  private async server(): Promise<ServerConfig> {
    const { server } = await this.config();
    checkAddress(server);
    return server;
  }
}

/** One server as far as its listing goes: the same address, API and key list the same models. */
function serverKey({ api, address, apiKey }: ServerConfig): string {
  return JSON.stringify([api, address, apiKey]);
}

function chosenModel(server: ServerConfig, task: ModelTask): string {
  const model = task === 'text-generation' ? server.textModel : server.imageModel;
  if (model) return model;
  throw new EngineError('model-not-found', localized(task === 'text-generation' ? 'errNoServerTextModel' : 'errNoServerImageModel'));
}

// --- The wire -------------------------------------------------------------------------------------

/** Streams one chat answer; `onToken` gets each piece as it arrives. */
async function chat(
  server: ServerConfig,
  model: string,
  messages: WireMessage[],
  maxNewTokens: number,
  { onToken, signal }: { onToken?: (text: string) => void; signal?: AbortSignal },
): Promise<GenerateResult> {
  const started = performance.now();
  const body =
    server.api === 'ollama'
      ? {
          model,
          stream: true,
          messages: messages.map((message) =>
            'image' in message ? { role: message.role, content: message.content, images: [message.image] } : message,
          ),
          // Greedy, like the in-browser engine; num_ctx: Ollama's own default is smaller than most pages need.
          options: { temperature: 0, num_predict: maxNewTokens, num_ctx: server.contextTokens },
        }
      : {
          model,
          stream: true,
          temperature: 0,
          max_tokens: maxNewTokens,
          messages: messages.map((message) =>
            'image' in message
              ? {
                  role: message.role,
                  content: [
                    { type: 'text', text: message.content },
                    { type: 'image_url', image_url: { url: `data:image/png;base64,${message.image}` } },
                  ],
                }
              : message,
          ),
        };
  const path = server.api === 'ollama' ? '/api/chat' : '/v1/chat/completions';
  const images = messages.some((message) => 'image' in message);
  const watchdog = new Watchdog(server.timeoutSeconds, signal);
  try {
    const response = await request(server, path, { method: 'POST', body: JSON.stringify(body), signal: watchdog.signal }, watchdog);
    if (!response.ok) throw await responseError(server, response, model, images);
    let text = '';
    let tokens = 0;
    let firstTokenMs = 0;
    let ended: 'stop' | 'length' | undefined;
    const onPiece = (piece: string) => {
      if (!piece) return;
      if (!text) firstTokenMs = performance.now() - started;
      text += piece;
      tokens += 1;
      onToken?.(piece);
    };
    for await (const line of lines(response, watchdog)) {
      if (server.api === 'ollama') {
        const event = parseJson(line) as OllamaChunk | undefined;
        if (!event) continue;
        if (event.error) throw serverSaid(server, event.error, model, images);
        onPiece(event.message?.content ?? '');
        if (event.done) {
          ended = event.done_reason === 'length' ? 'length' : 'stop';
          if (typeof event.eval_count === 'number') tokens = event.eval_count;
          break;
        }
        continue;
      }
      // Server-sent events: `data: {...}` lines, then `data: [DONE]`; comments and other fields are skipped.
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') {
        ended ??= 'stop';
        break;
      }
      const event = parseJson(data) as OpenAiChunk | undefined;
      if (!event) continue;
      if (event.error) throw serverSaid(server, event.error.message ?? JSON.stringify(event.error), model, images);
      const choice = event.choices?.[0];
      onPiece(choice?.delta?.content ?? '');
      if (choice?.finish_reason) ended = choice.finish_reason === 'length' ? 'length' : 'stop';
      if (typeof event.usage?.completion_tokens === 'number') tokens = event.usage.completion_tokens;
    }
    if (!ended) {
      throw new EngineError(
        'stream-cut',
        localized(text ? 'errStreamCutShown' : 'errStreamCut'),
      );
    }
    return { text, tokens, truncated: ended === 'length', timing: { firstTokenMs, totalMs: performance.now() - started } };
  } catch (error) {
    throw watchdog.explain(error, server);
  } finally {
    watchdog.stop();
  }
}

interface OllamaChunk {
  message?: { content?: string };
  done?: boolean;
  done_reason?: string;
  eval_count?: number;
  error?: string;
}

interface OpenAiChunk {
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: { completion_tokens?: number };
  error?: { message?: string };
}

/** The models a server offers (GET /v1/models or /api/tags). */
async function listModels(server: ServerConfig, signal?: AbortSignal): Promise<Array<ServerModel & { contextTokens?: number }>> {
  const watchdog = new Watchdog(server.timeoutSeconds, signal);
  try {
    const path = server.api === 'ollama' ? '/api/tags' : '/v1/models';
    const response = await request(server, path, { method: 'GET', signal: watchdog.signal }, watchdog);
    if (!response.ok) throw await responseError(server, response);
    const listing = (await response.json().catch(() => undefined)) as ModelListing | undefined;
    const entries = server.api === 'ollama' ? listing?.models : listing?.data;
    if (!Array.isArray(entries)) {
      throw new EngineError('host-unreachable', localized(server.api === 'ollama' ? 'errNotOllama' : 'errNotOpenai', server.address));
    }
    return entries.flatMap((entry) => {
      const id = server.api === 'ollama' ? (entry.model ?? entry.name) : entry.id;
      if (typeof id !== 'string' || !id) return [];
      const vision = visionOf(entry);
      const context = [entry.max_model_len, entry.context_length, entry.max_context_length].find((n) => typeof n === 'number' && n > 0);
      return [{ id, ...(vision === undefined ? {} : { vision }), ...(context ? { contextTokens: context } : {}) }];
    });
  } catch (error) {
    throw watchdog.explain(error, server);
  } finally {
    watchdog.stop();
  }
}

interface ModelListingEntry {
  id?: string;
  name?: string;
  model?: string;
  capabilities?: unknown;
  details?: { families?: unknown };
  max_model_len?: number;
  context_length?: number;
  max_context_length?: number;
}
interface ModelListing {
  data?: ModelListingEntry[];
  models?: ModelListingEntry[];
}

/** Ollama lists `capabilities` (newer versions) or a `clip`/`mllama` family; OpenAI's listing says nothing. */
function visionOf(entry: ModelListingEntry): boolean | undefined {
  if (Array.isArray(entry.capabilities)) return entry.capabilities.includes('vision');
  if (Array.isArray(entry.details?.families)) return entry.details.families.some((family) => family === 'clip' || family === 'mllama');
  return undefined;
}

/** What "Test connection" reports: the models, and the time the text model takes to answer "Hello". */
export async function probeServer(server: ServerConfig, { hello = true } = {}): Promise<ServerProbe> {
  const models = (await listModels(server)).map(({ id, vision }) => (vision === undefined ? { id } : { id, vision }));
  if (!hello || !server.textModel) return { models };
  if (!models.some((model) => model.id === server.textModel)) throw unknownModel(server, server.textModel);
  const started = performance.now();
  const { text } = await chat(server, server.textModel, [{ role: 'user', content: 'Hello' }], 32, {});
  return { models, hello: { text, ms: Math.round(performance.now() - started) } };
}

/**
 * Page text goes to this computer or the local network only, unless the person confirmed this very
 * public address (Options says that page text will be sent there).
 */
export function serverAddressAllowed(server: Pick<ServerConfig, 'address' | 'publicAddressConfirmed'>): boolean {
  try {
    return addressSpaceOf(server.address) !== 'public' || server.publicAddressConfirmed;
  } catch {
    return false;
  }
}

function checkAddress(server: ServerConfig): void {
  if (!serverAddressAllowed(server)) {
    throw new EngineError(
      'server-refused',
      localized('errPublicServer', server.address),
    );
  }
}

async function request(server: ServerConfig, path: string, init: RequestInit, watchdog: Watchdog): Promise<Response> {
  checkAddress(server);
  const headers: Record<string, string> = { Accept: 'application/json, text/event-stream, application/x-ndjson' };
  if (init.body) headers['Content-Type'] = 'application/json';
  // The key goes to this server only: the one address every request here is sent to.
  if (server.apiKey) headers['Authorization'] = `Bearer ${server.apiKey}`;
  try {
    return await fetch(`${server.address}${path}`, { ...init, headers, credentials: 'omit', redirect: 'error', cache: 'no-store' });
  } catch (error) {
    if (watchdog.signal.aborted) throw error;
    throw new EngineError(
      'host-unreachable',
      localized('errServerUnreachable', server.address),
    );
  }
}

/** Reads a streamed body line by line; every chunk that arrives resets the watchdog. */
async function* lines(response: Response, watchdog: Watchdog): AsyncGenerator<string> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (watchdog.signal.aborted) throw error;
        return; // The connection dropped: the caller sees no end of the answer (stream-cut).
      }
      if (chunk.done) break;
      watchdog.reset();
      buffered += decoder.decode(chunk.value, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).replace(/\r$/, '');
        buffered = buffered.slice(newline + 1);
        if (line.trim()) yield line;
      }
    }
    if (buffered.trim()) yield buffered;
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Aborts a request when the caller stops it or the server stays silent for `seconds`. */
class Watchdog {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private readonly onAbort = () => this.controller.abort();

  constructor(
    private readonly seconds: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    if (caller?.aborted) this.controller.abort();
    caller?.addEventListener('abort', this.onAbort);
    this.reset();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  reset(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.seconds * 1000);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onAbort);
  }

  /** The error to report for `error`, now that the watchdog knows whether it fired. */
  explain(error: unknown, server: ServerConfig): unknown {
    if (this.timedOut) {
      return new EngineError(
        'timeout',
        localized('errServerTimeout', server.address, this.seconds),
      );
    }
    if (this.caller?.aborted) return new EngineError('cancelled', localized('statusStopped'));
    return error;
  }
}

async function responseError(server: ServerConfig, response: Response, model?: string, images = false): Promise<EngineError> {
  const body = await response.text().catch(() => '');
  // Ollama refuses an origin it does not allow with a bare 403 (its CORS check runs before any route).
  if (response.status === 403 && !body.trim()) {
    return new EngineError(
      'server-refused',
      localized('errServer403', server.address),
    );
  }
  if (response.status === 401) {
    return new EngineError('server-refused', localized('errServer401', server.address));
  }
  const parsed = parseJson(body) as { error?: string | { message?: string; code?: string; type?: string } } | undefined;
  const said = typeof parsed?.error === 'string' ? parsed.error : (parsed?.error?.message ?? parsed?.error?.code ?? body.slice(0, 300));
  const code = typeof parsed?.error === 'object' ? `${parsed.error.code ?? ''} ${parsed.error.type ?? ''}` : '';
  if (response.status === 404 && model && /model/i.test(said)) return unknownModel(server, model);
  return serverSaid(server, `${said} ${code}`.trim() || `HTTP ${response.status}`, model, images, response.status);
}

/** An error the server reported, in words the person can act on. */
function serverSaid(server: ServerConfig, said: string, model?: string, images = false, status?: number): EngineError {
  if (/context|too long|too many tokens|exceed/i.test(said)) {
    return new EngineError(
      'context-too-small',
      localized('errContextWindow', said.slice(0, 160)),
    );
  }
  if (images && /image|vision|multimodal|mmproj/i.test(said)) {
    return new EngineError('cannot-see-images', model ? localized('errCannotSeeImages', model) : localized('errThisModelCannotSeeImages'));
  }
  if (model && /not found|no such model|does not exist|unknown model/i.test(said)) return unknownModel(server, model);
  return new EngineError('internal', status ? localized('errServerErrorStatus', server.address, status, said.slice(0, 300)) : localized('errServerError', server.address, said.slice(0, 300)));
}

function unknownModel(server: ServerConfig, model: string): EngineError {
  return new EngineError('model-not-found', localized(server.api === 'ollama' ? 'errServerNoModelOllama' : 'errServerNoModel', server.address, model));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// --- Images ---------------------------------------------------------------------------------------

/** The pixels as a PNG, base64: every vision API takes PNG, and CompressionStream makes one anywhere. */
export async function pngBase64({ width, height, rgba }: ImagePixels): Promise<string> {
  const pixels = fromBase64(rgba);
  if (width * height * 4 !== pixels.length || width < 1 || height < 1) throw new EngineError('bad-input', localized('errImageDataIncomplete'));
  // Each row: filter type 0 (none), then its RGBA bytes.
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const deflated = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const png = concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflated),
    pngChunk('IEND', new Uint8Array()),
  ]);
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return btoa(binary);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
