import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchImage, MAX_IMAGE_BYTES } from './images';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
let base = '';
let requests: string[] = [];
const routes: Record<string, (response: ServerResponse) => void> = {
  '/cat.png': (response) => response.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG),
  '/moved.png': (response) => response.writeHead(302, { Location: '/cat.png' }).end(),
  '/page.html': (response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>secret</p>'),
  '/huge.png': (response) => {
    response.writeHead(200, { 'Content-Type': 'image/png' });
    const chunk = Buffer.alloc(1024 * 1024);
    let sent = 0;
    const more = () => {
      while (sent <= MAX_IMAGE_BYTES + 4 * chunk.length) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', more);
      }
      response.end();
    };
    more();
  },
  '/never-ends.png': (response) => response.writeHead(200, { 'Content-Type': 'image/png' }).write(PNG),
};
const server = createServer((request, response) => {
  requests.push(request.url ?? '');
  const route = routes[request.url ?? ''];
  if (route) route(response);
  else response.writeHead(404).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetchImage', () => {
  it('fetches an image for a page in the same address space', async () => {
    const image = await fetchImage(`${base}/cat.png`, `${base}/article.html`);
    expect(Buffer.from(image.base64, 'base64').equals(PNG)).toBe(true);
    expect(image.contentType).toBe('image/png');
  });

  it('never reaches into the visitor’s network for a public page, not even with one request', async () => {
    requests = [];
    await expect(fetchImage(`${base}/cat.png`, 'https://attacker.example/')).rejects.toThrow(/private network or on this computer/);
    await expect(fetchImage('http://192.168.1.1/cam.jpg', 'https://attacker.example/')).rejects.toThrow(/private network/);
    await expect(fetchImage('http://169.254.169.254/latest', undefined)).rejects.toThrow(/private network/);
    expect(requests).toEqual([]);
  });

  it('refuses redirects, other schemes, and answers that are not images', async () => {
    await expect(fetchImage(`${base}/moved.png`, base)).rejects.toThrow(/redirected/);
    await expect(fetchImage(`${base}/page.html`, base)).rejects.toThrow(/did not answer with an image/);
    await expect(fetchImage('file:///etc/passwd', base)).rejects.toThrow(/file: addresses/);
  });

  it('stops at the size limit and at the time limit', async () => {
    await expect(fetchImage(`${base}/huge.png`, base)).rejects.toThrow(/larger than 20 MB/);
    await expect(fetchImage(`${base}/never-ends.png`, base, { timeoutMs: 300 })).rejects.toThrow(/longer than 0.3 s/);
  });
});
