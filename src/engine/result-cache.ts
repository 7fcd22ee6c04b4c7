// Answers kept across sessions, keyed by what produced them (model and input hash), in Cache Storage:
// the engine's host may be an offscreen document, which has no extension storage.
const KEY_ORIGIN = 'https://results.nano-banana.invalid';

export class ResultCache {
  constructor(private readonly name: string) {}

  async get(key: string): Promise<string | undefined> {
    const response = await (await caches.open(this.name)).match(this.url(key));
    return response ? response.text() : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    await (await caches.open(this.name)).put(this.url(key), new Response(value));
  }

  /** Forgets every answer whose key starts with `prefix` (all of them when it is empty). */
  async deleteWhere(prefix = ''): Promise<void> {
    const cache = await caches.open(this.name);
    for (const request of await cache.keys()) {
      if (this.keyOf(request.url).startsWith(prefix)) await cache.delete(request);
    }
  }

  private keyOf(url: string): string {
    return decodeURIComponent(url.slice(KEY_ORIGIN.length + 1));
  }

  private url(key: string): string {
    return `${KEY_ORIGIN}/${encodeURIComponent(key)}`;
  }
}
