import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModels, ECHO_CHAT_ID } from '../../test/fixtures/models/build-lib';
import { startModelHost } from '../../test/support/model-host';
import { createModelFetch, parseModelFileUrl, type ModelFileCache } from './model-files';
import type { FileProgress } from './types';

const root = mkdtempSync(join(tmpdir(), 'nano-banana-model-files-'));
const MODEL_FILE = 'onnx/model_quantized.onnx';
let host: Awaited<ReturnType<typeof startModelHost>>;

beforeAll(async () => {
  await buildFixtureModels(root);
  host = await startModelHost({ root });
});
afterAll(() => host?.close());

/** Remembers what the fetch hook reports missing, as the Cache Storage one does in the browser. */
function memoryCache(): ModelFileCache {
  const missing = new Set<string>();
  return {
    rememberMissing: async (url: string | URL) => void missing.add(String(url)),
    isKnownMissing: async (url: string | URL) => missing.has(String(url)),
  } as unknown as ModelFileCache;
}

function modelFetch(progress: FileProgress[] = [], fetchImpl?: typeof fetch) {
  return createModelFetch({ host: () => host.url, cache: memoryCache(), onProgress: (_ref, p) => progress.push(p), fetch: fetchImpl });
}

const fileUrl = (file: string) => `${host.url}/${ECHO_CHAT_ID}/resolve/main/${file}`;
const fileBytes = (file: string) => readFileSync(join(root, ECHO_CHAT_ID, file));

describe('model file downloads', () => {
  it('parses Hub-layout addresses', () => {
    expect(parseModelFileUrl('https://huggingface.co/org/name/resolve/main/onnx/model.onnx')).toEqual({
      modelId: 'org/name',
      revision: 'main',
      file: 'onnx/model.onnx',
    });
    expect(parseModelFileUrl('https://huggingface.co/api/models/org/name')).toBeUndefined();
  });

  it('downloads a file whole, reporting progress up to its size', async () => {
    const progress: FileProgress[] = [];
    const response = await modelFetch(progress)(fileUrl(MODEL_FILE));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes).equals(fileBytes(MODEL_FILE))).toBe(true);
    expect(progress.at(-1)).toEqual({ file: MODEL_FILE, loaded: bytes.length, total: bytes.length });
  });

  it('resumes a download that breaks off, with a Range request', async () => {
    host.setFault(`${ECHO_CHAT_ID}/${MODEL_FILE}`, { cutAfterBytes: 1000, times: 1 });
    const before = host.requests.length;
    const response = await modelFetch()(fileUrl(MODEL_FILE));
    expect(Buffer.from(await response.arrayBuffer()).equals(fileBytes(MODEL_FILE))).toBe(true);
    const retries = host.requests.slice(before).filter((request) => request.path.endsWith(MODEL_FILE));
    expect(retries.map((request) => request.headers.range)).toEqual([undefined, 'bytes=1000-']);
  });

  it('says a stalled download is being retried, then resumes it where it stopped', async () => {
    host.setFault(`${ECHO_CHAT_ID}/${MODEL_FILE}`, { stallAfterBytes: 1000, times: 1 });
    const progress: FileProgress[] = [];
    const fetchFile = createModelFetch({ host: () => host.url, cache: memoryCache(), onProgress: (_ref, p) => progress.push(p), stallTimeoutMs: () => 300 });
    const response = await fetchFile(fileUrl(MODEL_FILE));
    expect(Buffer.from(await response.arrayBuffer()).equals(fileBytes(MODEL_FILE))).toBe(true);
    const retrying = progress.findIndex((entry) => entry.retrying);
    expect(progress[retrying]).toEqual({ file: MODEL_FILE, loaded: 1000, total: fileBytes(MODEL_FILE).length, retrying: true });
    // The next bytes clear it.
    expect(progress.slice(retrying + 1).every((entry) => !entry.retrying)).toBe(true);
  });

  it('stops a download when it is cancelled, handing over none of its bytes', async () => {
    host.setFault(`${ECHO_CHAT_ID}/${MODEL_FILE}`, { stallAfterBytes: 1000 });
    const cancel = new AbortController();
    const progress: FileProgress[] = [];
    const fetchFile = createModelFetch({
      host: () => host.url,
      cache: memoryCache(),
      onProgress: (_ref, p) => {
        progress.push(p);
        cancel.abort();
      },
      cancelSignal: (modelId) => (modelId === ECHO_CHAT_ID ? cancel.signal : undefined),
    });
    try {
      await expect(fetchFile(fileUrl(MODEL_FILE))).rejects.toMatchObject({ code: 'cancelled', message: expect.stringMatching(/cancelled/) });
      expect(progress.at(-1)?.loaded).toBe(1000);
    } finally {
      host.setFault(`${ECHO_CHAT_ID}/${MODEL_FILE}`, null);
    }
  });

  it('refuses bytes that do not match the hash the host reports', async () => {
    const tampered: typeof fetch = async (input, init) => {
      const real = await fetch(input, init);
      const bytes = new Uint8Array(await real.arrayBuffer());
      bytes[10] = bytes[10]! ^ 0xff;
      return new Response(bytes, { status: real.status, headers: real.headers });
    };
    await expect(modelFetch([], tampered)(fileUrl(MODEL_FILE))).rejects.toMatchObject({ code: 'download-corrupt' });
  });

  it('refuses a file that arrives shorter than its size', async () => {
    const short: typeof fetch = async (input, init) => {
      const real = await fetch(input, init);
      const bytes = new Uint8Array(await real.arrayBuffer()).subarray(0, 100);
      return new Response(bytes, { status: 200, headers: real.headers });
    };
    await expect(modelFetch([], short)(fileUrl('config.json'))).rejects.toMatchObject({
      code: 'download-corrupt',
      message: expect.stringMatching(/100 of \d+ bytes/),
    });
  });

  it('refuses a file the host sends without a checksum, saying why', async () => {
    const unverifiable: typeof fetch = async (input, init) => {
      const real = await fetch(input, init);
      const headers = new Headers(real.headers);
      headers.delete('X-Linked-ETag');
      headers.delete('ETag');
      return new Response(await real.arrayBuffer(), { status: 200, headers });
    };
    await expect(modelFetch([], unverifiable)(fileUrl('config.json'))).rejects.toMatchObject({
      code: 'download-corrupt',
      message: expect.stringMatching(/without a checksum .* cannot be verified/),
    });
  });

  it('stops reading at once when the host sends more than the size it declared', async () => {
    let sent = 0;
    const endless: typeof fetch = async (input, init) => {
      const real = await fetch(input, init);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 50_000_000) return controller.close(); // the guard must trip long before this
          sent += 65_536;
          controller.enqueue(new Uint8Array(65_536));
        },
      });
      return new Response(body, { status: 200, headers: real.headers });
    };
    await expect(modelFetch([], endless)(fileUrl(MODEL_FILE))).rejects.toMatchObject({
      code: 'download-corrupt',
      message: expect.stringMatching(/larger than the \d+ bytes the model host declared/),
    });
    expect(sent).toBeLessThan(fileBytes(MODEL_FILE).length + 3 * 65_536);
  });

  it('refuses a redirect away from a model host that is not the Hub, without contacting its target', async () => {
    const elsewhere = createServer((_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    let reachedElsewhere = 0;
    elsewhere.on('request', () => reachedElsewhere++);
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    const redirecting = createServer((request, response) => response.writeHead(302, { Location: `${target}${request.url}` }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
    try {
      const fetchFromRedirecting = createModelFetch({ host: () => base, cache: memoryCache(), onProgress: () => {} });
      await expect(fetchFromRedirecting(`${base}/${ECHO_CHAT_ID}/resolve/main/config.json`)).rejects.toBeInstanceOf(Error);
      await expect(fetchFromRedirecting(`${base}/${ECHO_CHAT_ID}/resolve/main/config.json`, { headers: { Range: 'bytes=0-0' } })).rejects.toBeInstanceOf(Error);
      expect(reachedElsewhere).toBe(0);
    } finally {
      elsewhere.close();
      redirecting.close();
    }
  });

  it('checks small files against their git blob id', async () => {
    const response = await modelFetch()(fileUrl('config.json'));
    expect(JSON.parse(await response.text())).toHaveProperty('model_type');
  });

  it('never contacts anything but the model host', async () => {
    await expect(modelFetch()('https://example.com/org/name/resolve/main/config.json')).rejects.toThrow(/models come only from/);
  });

  it('says the host is unreachable, and answers "missing" offline for files it knew were missing', async () => {
    const cache = memoryCache();
    const online = createModelFetch({ host: () => host.url, cache, onProgress: () => {} });
    expect((await online(fileUrl('no-such-file.json'))).status).toBe(404);
    const offline = createModelFetch({
      host: () => host.url,
      cache,
      onProgress: () => {},
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    expect((await offline(fileUrl('no-such-file.json'))).status).toBe(404);
    await expect(offline(fileUrl('config.json'))).rejects.toMatchObject({ code: 'host-unreachable' });
  });
});
