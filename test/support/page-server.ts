// Serves test pages on 127.0.0.1: the pages the extension is driven through in end-to-end tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageRoute {
  body: string | Buffer;
  type?: string;
  headers?: Record<string, string>;
  status?: number;
}

export interface PageServer {
  url: string;
  /** Adds or replaces a route, e.g. `server.route('/article.html', { body: html })`. */
  route(path: string, route: PageRoute | ((request: IncomingMessage) => PageRoute)): void;
  requests: string[];
  close(): Promise<void>;
}

export async function startPageServer(host = '127.0.0.1'): Promise<PageServer> {
  const routes = new Map<string, PageRoute | ((request: IncomingMessage) => PageRoute)>();
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    const found = routes.get(path);
    const route = typeof found === 'function' ? found(request) : found;
    if (!route) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(route.status ?? 200, { 'Content-Type': route.type ?? 'text/html; charset=utf-8', ...route.headers });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    route: (path, route) => void routes.set(path, route),
    requests,
    // Connections cut, not awaited: a socket the browser opened ahead and sent nothing on yet counts as busy, and
    // close() alone waits out its headers timeout (a minute: 66 s of the subframe test's 120 s limit).
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
