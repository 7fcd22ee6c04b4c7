/**
 * A loopback stand-in for a model server (Ollama, llama-server, LM Studio, vLLM) speaking both the
 * OpenAI-compatible API (GET /v1/models, streaming POST /v1/chat/completions as server-sent events ending
 * in `data: [DONE]`) and Ollama's own (GET /api/tags, streaming POST /api/chat as JSON lines). Its models
 * answer from the request like the fixture models do, so a test proves what reached the server:
 * - `echo-chat`: the last user message upper-cased from its first `<` (expectedEchoAnswer), streamed in
 *   tokens of four characters, at most `max_tokens` / `num_predict` of them;
 * - `color-captioner` (vision): the caption the fixture captioner gives the image's mean colour.
 * Like Ollama, it refuses (bare 403, preflight included) an Origin it was not told to allow: loopback web
 * origins are allowed, `chrome-extension://` and `moz-extension://` only through `allowedOrigins`, which
 * takes OLLAMA_ORIGINS' patterns (`chrome-extension://*`).
 *
 *   const server = await startModelServer({ allowedOrigins: ['chrome-extension://*', 'moz-extension://*'] });
 *   server.setFault({ cutAfterChunks: 3 });
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { expectedCaption } from '../fixtures/models/color-captioner';
import { expectedEchoAnswer } from '../fixtures/models/echo-chat';

export const SERVER_TEXT_MODEL = 'echo-chat';
export const SERVER_VISION_MODEL = 'color-captioner';

/** Ollama names a model with its tag. */
export function ollamaName(model: string): string {
  return `${model}:latest`;
}

export interface ServerFault {
  /** Wait this long before answering a chat request: the model's own time to its first token. */
  delayMs?: number;
  /** Send this many chunks of the answer, then drop the connection (no end of stream). */
  cutAfterChunks?: number;
  /** Prompts longer than this many bytes are refused, as a server with a small context window refuses them. */
  contextBytes?: number;
  /** The context size /v1/models declares for each model (vLLM's `max_model_len`); none by default. */
  declaredContextTokens?: number;
}

export interface ServerRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
  /** Chat requests: ms from the request (read whole) to its first chunk sent, the fake's own time (the bench subtracts it). */
  firstChunkAfterMs?: number;
}

export interface ModelServer {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: ServerRequest[];
  setFault(fault: ServerFault | null): void;
  /** OLLAMA_ORIGINS: patterns with `*`, such as `chrome-extension://*`. */
  setAllowedOrigins(origins: string[]): void;
  close(): Promise<void>;
}

export interface ModelServerOptions {
  allowedOrigins?: string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  host?: string;
}

interface ChatBody {
  model?: string;
  messages?: Array<{ role?: string; content?: unknown; images?: unknown }>;
  max_tokens?: number;
  options?: { num_predict?: number };
}

/** Ollama's own defaults: loopback web origins, plus the app schemes it trusts. */
const DEFAULT_ORIGINS = [/^https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:\d+)?$/, /^(app|file|tauri|vscode-webview):\/\//];

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const requests: ServerRequest[] = [];
  let fault: ServerFault | null = null;
  let allowed = patterns(options.allowedOrigins ?? []);
  const open = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(error) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const raw = await readBody(req);
    const body = raw ? parse(raw) : undefined;
    const received = performance.now();
    const request: ServerRequest = { method: req.method ?? 'GET', path, headers: req.headers, body };
    requests.push(request);
    const origin = req.headers.origin;
    if (origin) {
      // Ollama's CORS check runs before any route and answers a refused origin with an empty 403.
      if (![...DEFAULT_ORIGINS, ...allowed].some((pattern) => pattern.test(origin))) {
        res.writeHead(403).end();
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, User-Agent, Accept, X-Requested-With',
        })
        .end();
      return;
    }
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      json(res, 401, { error: { message: 'Invalid API Key', type: 'authentication_error', code: 401 } });
      return;
    }
    const ollama = path.startsWith('/api/');
    if (req.method === 'GET' && path === '/v1/models') {
      json(res, 200, {
        object: 'list',
        data: [SERVER_TEXT_MODEL, SERVER_VISION_MODEL].map((id) => ({
          id,
          object: 'model',
          created: 1733356800,
          owned_by: 'fake',
          ...(fault?.declaredContextTokens ? { max_model_len: fault.declaredContextTokens } : {}),
        })),
      });
      return;
    }
    if (req.method === 'GET' && path === '/api/tags') {
      json(res, 200, {
        models: [
          { model: SERVER_TEXT_MODEL, families: ['llama'] },
          { model: SERVER_VISION_MODEL, families: ['llama', 'clip'] },
        ].map(({ model, families }) => ({
          name: ollamaName(model),
          model: ollamaName(model),
          modified_at: '2026-12-01T00:00:00Z',
          size: 1000,
          digest: '0'.repeat(64),
          details: { format: 'gguf', family: families[0], families, parameter_size: '1M', quantization_level: 'Q4_0' },
        })),
      });
      return;
    }
    if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/api/chat')) {
      await chat(res, (body ?? {}) as ChatBody, ollama, () => (request.firstChunkAfterMs ??= performance.now() - received));
      return;
    }
    if (ollama) json(res, 404, { error: '404 page not found' });
    else json(res, 404, { error: { message: `Unknown route ${path}`, type: 'not_found_error', code: 404 } });
  }

  async function chat(res: ServerResponse, body: ChatBody, ollama: boolean, onChunk: () => void): Promise<void> {
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault!.delayMs));
    const error = (status: number, message: string, type = 'invalid_request_error') =>
      json(res, status, ollama ? { error: message } : { error: { message, type, code: status } });
    const model = String(body.model ?? '').replace(/:latest$/, '');
    if (model !== SERVER_TEXT_MODEL && model !== SERVER_VISION_MODEL) {
      // Ollama: `model "x" not found, try pulling it first`; OpenAI-compatible servers: 404 model_not_found.
      if (ollama) error(404, `model "${body.model}" not found, try pulling it first`);
      else error(404, `The model \`${body.model}\` does not exist.`, 'model_not_found');
      return;
    }
    const messages = Array.isArray(body.messages) ? body.messages : [];
    const lastUser = [...messages].reverse().find((message) => message.role === 'user');
    const { text, image } = lastUser ? contentOf(lastUser, ollama) : { text: '', image: undefined };
    if (fault?.contextBytes && Buffer.byteLength(JSON.stringify(messages)) > fault.contextBytes) {
      // llama-server's words for it.
      error(400, 'the request exceeds the available context size, try increasing it', 'exceed_context_size_error');
      return;
    }
    let answer: string;
    if (image) {
      if (model !== SERVER_VISION_MODEL) {
        error(500, ollama ? `model ${body.model} does not support images` : 'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj', 'server_error');
        return;
      }
      const stats = await sharp(image).removeAlpha().stats();
      const [r, g, b] = stats.channels.map((channel) => Math.round(channel.mean));
      answer = expectedCaption(r!, g!, b!);
    } else {
      answer = expectedEchoAnswer(text);
    }
    // Tokens of up to 4 characters, whole code points, as a real tokenizer's are several characters long;
    // the answer stops at max_tokens / num_predict of them.
    const tokens = [...answer].reduce<string[]>((all, char, i) => (i % 4 === 0 ? [...all, char] : [...all.slice(0, -1), all.at(-1)! + char]), []);
    const limit = (ollama ? body.options?.num_predict : body.max_tokens) ?? Infinity;
    const pieces = tokens.slice(0, limit);
    const length = pieces.length < tokens.length ? 'length' : 'stop';
    res.writeHead(200, { 'Content-Type': ollama ? 'application/x-ndjson' : 'text/event-stream', 'Cache-Control': 'no-cache' });
    const created = Math.floor(Date.now() / 1000);
    for (const [i, piece] of pieces.entries()) {
      if (fault?.cutAfterChunks !== undefined && i >= fault.cutAfterChunks) {
        // A dropped connection mid-answer: the bytes so far reach the client, then the socket closes.
        await new Promise((resolve) => setTimeout(resolve, 200));
        res.destroy();
        return;
      }
      if (ollama) res.write(`${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: piece }, done: false })}\n`);
      else res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
      onChunk();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (ollama) {
      res.end(`${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: length, eval_count: pieces.length })}\n`);
    } else {
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: {}, finish_reason: length }] })}\n\n`);
      res.end('data: [DONE]\n\n');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    requests,
    setFault: (next) => {
      fault = next;
    },
    setAllowedOrigins: (origins) => {
      allowed = patterns(origins);
    },
    close: async () => {
      for (const res of open) res.destroy();
      // As the page server: a socket a browser opened ahead and sent nothing on would hold close() for a minute.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The text and image (decoded) of one chat message, in either API's shape. */
function contentOf(message: { content?: unknown; images?: unknown }, ollama: boolean): { text: string; image?: Buffer } {
  if (ollama) {
    const images = Array.isArray(message.images) ? message.images : [];
    return { text: String(message.content ?? ''), image: typeof images[0] === 'string' ? Buffer.from(images[0], 'base64') : undefined };
  }
  if (typeof message.content === 'string') return { text: message.content };
  const parts = Array.isArray(message.content) ? (message.content as Array<{ type?: string; text?: string; image_url?: { url?: string } }>) : [];
  const text = parts.filter((part) => part.type === 'text').map((part) => part.text ?? '').join('\n');
  const url = parts.find((part) => part.type === 'image_url')?.image_url?.url ?? '';
  const data = /^data:image\/[\w+.-]+;base64,(.*)$/s.exec(url);
  return { text, image: data ? Buffer.from(data[1]!, 'base64') : undefined };
}

function patterns(origins: string[]): RegExp[] {
  return origins.map((origin) => new RegExp(`^${origin.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
