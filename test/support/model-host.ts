/**
 * A loopback stand-in for the Hugging Face Hub: serves `<root>/<org>/<name>/<file>` at
 * `GET|HEAD /<org>/<name>/resolve/main/<file>` with Hub-like headers, 404s, Range requests
 * and CORS, plus fault injection so tests can break downloads on purpose.
 *
 *   const host = await startModelHost({ root });
 *   env.remoteHost = host.url + '/';
 *   host.setFault('nano-banana-fixtures/echo-chat/onnx/model.onnx', { cutAfterBytes: 100, times: 1 });
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';

/** How long a cut connection stays open after its partial body, so the bytes reach the client. */
const CUT_DELAY_MS = 300;

/** What to do to requests for one file. Options combine: delay, then status or a cut/stalled body. */
export interface Fault {
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer with this status (and a short text body) instead of the file. */
  status?: number;
  /** Send the headers (full Content-Length) and this many body bytes, then drop the connection. */
  cutAfterBytes?: number;
  /** Send the headers and this many body bytes, then hang until the client or close() ends it. */
  stallAfterBytes?: number;
  /** Apply to this many matching requests, then remove the fault (default: until cleared). */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  /** Raw request path, e.g. `/nano-banana-fixtures/echo-chat/resolve/main/config.json`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Response status, once the response has started. */
  readonly status?: number;
}

export interface ModelHost {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** Every request received, in order. Clear with `requests.length = 0`. */
  requests: RecordedRequest[];
  /** Sets (or with `null` removes) the fault for `<org>/<name>/<file path>`. */
  setFault(file: string, fault: Fault | null): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface ModelHostOptions {
  /** Folder in Hub layout: `<root>/<org>/<name>/<file path>`. */
  root: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** Stands in for the Hub's commit hash header. */
const FAKE_COMMIT = '0123456789abcdef0123456789abcdef01234567';
/** Files the Hub would keep in LFS: these get X-Linked-Size / X-Linked-ETag. */
const LFS_EXTENSIONS = ['.onnx', '.onnx_data', '.bin', '.safetensors', '.gguf', '.msgpack', '.h5'];
const LFS_MIN_SIZE = 10 * 1024 * 1024;
const EXPOSED_HEADERS = [
  'Content-Length',
  'Content-Range',
  'Content-Type',
  'Accept-Ranges',
  'ETag',
  'X-Linked-Size',
  'X-Linked-ETag',
  'X-Repo-Commit',
  'X-Error-Code',
  'X-Error-Message',
].join(', ');

interface FileInfo {
  size: number;
  lfs: boolean;
  /** Quoted: sha256 for LFS files, the git blob sha1 for others (as the Hub does). */
  etag: string;
  sha256: string;
}

export async function startModelHost(options: ModelHostOptions): Promise<ModelHost> {
  const root = resolve(options.root);
  const faults = new Map<string, Fault>();
  const requests: RecordedRequest[] = [];
  const infoCache = new Map<string, { mtimeMs: number; info: FileInfo }>();

  async function fileInfo(path: string, size: number, mtimeMs: number): Promise<FileInfo> {
    const cached = infoCache.get(path);
    if (cached && cached.mtimeMs === mtimeMs && cached.info.size === size) return cached.info;
    const sha256 = createHash('sha256');
    const sha1 = createHash('sha1').update(`blob ${size}\0`);
    for await (const chunk of createReadStream(path)) {
      sha256.update(chunk as Buffer);
      sha1.update(chunk as Buffer);
    }
    const lfs = size >= LFS_MIN_SIZE || LFS_EXTENSIONS.some((ext) => path.endsWith(ext));
    const sha256Hex = sha256.digest('hex');
    const info = { size, lfs, sha256: sha256Hex, etag: `"${lfs ? sha256Hex : sha1.digest('hex')}"` };
    infoCache.set(path, { mtimeMs, info });
    return info;
  }

  /**
   * Takes the fault for `file`, counting down `times`. A fault that only cuts or stalls the body is left
   * for a later request when this one's body is too short to reach it (a one-byte metadata probe).
   */
  function takeFault(file: string, bodyLength: number): Fault | undefined {
    const fault = faults.get(file);
    const bodyOnly = fault && fault.status === undefined && fault.delayMs === undefined;
    const limit = fault?.cutAfterBytes ?? fault?.stallAfterBytes;
    if (bodyOnly && limit !== undefined && bodyLength <= limit) return undefined;
    if (fault?.times !== undefined) {
      if (fault.times <= 1) faults.delete(file);
      else faults.set(file, { ...fault, times: fault.times - 1 });
    }
    return fault;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    const method = req.method ?? 'GET';

    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '86400',
      });
      return void res.end();
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS', 'Content-Type': 'text/plain' });
      return void res.end('Method not allowed');
    }

    const route = parseResolvePath(req.url ?? '/');
    if (!route) return hubError(res, 404, 'RepoNotFound', 'Repository not found');

    const repoDir = join(root, ...route.repo.split('/'));
    if (!(await isDirectory(repoDir))) return hubError(res, 404, 'RepoNotFound', 'Repository not found');
    if (route.revision !== 'main') return hubError(res, 404, 'RevisionNotFound', `Invalid rev id: ${route.revision}`);
    const filePath = join(repoDir, ...route.file.split('/'));
    if (!filePath.startsWith(repoDir + sep)) return hubError(res, 404, 'EntryNotFound', 'Entry not found');
    const stats = await stat(filePath).catch(() => null);
    if (!stats?.isFile()) return hubError(res, 404, 'EntryNotFound', 'Entry not found');

    const info = await fileInfo(filePath, stats.size, stats.mtimeMs);
    const headers: Record<string, string> = {
      'Content-Type': contentType(route.file),
      'Accept-Ranges': 'bytes',
      ETag: info.etag,
      'X-Repo-Commit': FAKE_COMMIT,
      'Cache-Control': 'public, max-age=0, must-revalidate',
    };
    if (info.lfs) {
      headers['X-Linked-Size'] = String(info.size);
      headers['X-Linked-ETag'] = `"${info.sha256}"`;
    }

    let start = 0;
    let end = info.size - 1; // inclusive
    let status = 200;
    const range = parseRange(req.headers.range, info.size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${info.size}`, 'Content-Length': '0' });
      return void res.end();
    }
    if (range) {
      [start, end, status] = [range.start, range.end, 206];
      headers['Content-Range'] = `bytes ${start}-${end}/${info.size}`;
    }

    const fault = takeFault(`${route.repo}/${route.file}`, end - start + 1);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (res.destroyed) return;
    if (fault?.status) return hubError(res, fault.status, 'InjectedFault', `Injected fault (${fault.status})`);
    headers['Content-Length'] = String(end - start + 1);
    res.writeHead(status, headers);
    if (method === 'HEAD' || end < start) return void res.end();

    const limit = fault?.cutAfterBytes ?? fault?.stallAfterBytes;
    if (limit === undefined) {
      createReadStream(filePath, { start, end }).pipe(res);
      return;
    }
    // Partial body: send `limit` bytes, then cut the connection or leave it hanging.
    const partial = await readSlice(filePath, start, Math.min(end, start + limit - 1));
    res.write(partial, () => {
      // Drop the connection a moment later, so the client has received the partial body first.
      if (fault?.cutAfterBytes !== undefined) setTimeout(() => res.destroy(), CUT_DELAY_MS);
    });
  }

  const server = createServer((req, res) => {
    const record: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
    Object.defineProperty(record, 'status', { enumerable: true, get: () => (res.headersSent ? res.statusCode : undefined) });
    requests.push(record);
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) hubError(res, 500, 'InternalError', String(error));
      else res.destroy();
    });
  });

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ready());
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostname}:${address.port}`,
    requests,
    setFault(file, fault) {
      const key = file.replace(/^\/+/, '');
      if (fault) faults.set(key, fault);
      else faults.delete(key);
    },
    clearFaults: () => faults.clear(),
    close() {
      return new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections(); // includes stalled downloads and idle keep-alive sockets
      });
    },
  };
}

/** `/<org>/<name>/resolve/<revision>/<file...>` -> parts, or null if the path has another shape. */
function parseResolvePath(url: string): { repo: string; revision: string; file: string } | null {
  let segments: string[];
  try {
    segments = new URL(url, 'http://host').pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return null;
  }
  const [org, name, resolveWord, revision, ...file] = segments;
  if (!org || !name || resolveWord !== 'resolve' || !revision || file.length === 0) return null;
  const unsafe = (s: string) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s);
  if ([org, name, ...file].some(unsafe)) return null;
  return { repo: `${org}/${name}`, revision, file: file.join('/') };
}

/** One `bytes=` range (the only kind the Hub's clients send); other forms are ignored. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '') {
    // Suffix range: the last N bytes.
    const length = Math.min(Number(to), size);
    return length === 0 ? 'unsatisfiable' : { start: size - length, end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function hubError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Error-Code': code,
    'X-Error-Message': message,
  });
  res.end(message);
}

function contentType(file: string): string {
  if (file.endsWith('.json')) return 'application/json';
  if (file.endsWith('.txt') || file.endsWith('.md')) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

async function readSlice(path: string, start: number, endInclusive: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, endInclusive - start + 1));
    await handle.read(buffer, 0, buffer.length, start);
    return buffer;
  } finally {
    await handle.close();
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
