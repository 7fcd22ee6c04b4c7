// An HTTP proxy that the test browser sends every request through (extension pages, the offscreen
// document and the service worker included), so a test can see each request the extension makes.
// It forwards requests to loopback addresses and refuses everything else, recording both.
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedNetworkRequest {
  method: string;
  url: string;
  /** The request body, as text (empty for GET). */
  body: string;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedNetworkRequest[];
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: RecordedNetworkRequest[] = [];
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(incoming.url ?? '/');
      requests.push({ method: incoming.method ?? 'GET', url: url.href, body: body.toString('utf8') });
      if (!LOOPBACK.test(url.hostname)) {
        outgoing.writeHead(502, { 'Content-Type': 'text/plain' }).end('Refused: the test network has no outside world.');
        return;
      }
      const upstream = forward(
        { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: incoming.method, headers: incoming.headers },
        (reply) => {
          outgoing.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(outgoing);
          // A connection the server cut stays cut for the browser.
          reply.on('close', () => {
            if (!reply.complete) outgoing.destroy();
          });
        },
      );
      upstream.on('error', () => outgoing.destroy());
      outgoing.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  // HTTPS goes through CONNECT: recorded, never tunnelled.
  server.on('connect', (incoming: IncomingMessage, socket) => {
    requests.push({ method: 'CONNECT', url: `https://${incoming.url ?? ''}/`, body: '' });
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Chromium's own background traffic (component updates, network time, sign-in), which the flags in
 * the harness reduce but cannot silence; it is the browser's, not the extension's.
 */
export function isChromiumsOwn(url: string): boolean {
  return /^https?:\/\/([\w-]+\.)*(google\.com|googleapis\.com|gstatic\.com|gvt1\.com|gvt2\.com)(:\d+)?\//.test(url);
}
