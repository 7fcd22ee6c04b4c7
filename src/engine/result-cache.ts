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

  private url(key: string): string {
    return `${KEY_ORIGIN}/${encodeURIComponent(key)}`;
  }
}
