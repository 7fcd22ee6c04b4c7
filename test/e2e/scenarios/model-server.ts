// The model-server scenarios both browsers run (model-server.test.ts in Chromium, model-server.firefox.test.ts
// in Firefox ESR): every feature answered by the fake model server (test/support/model-server.ts) over each
// of its APIs, from the page's own text.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DrivenExtension } from '../../support/driven';
import { ollamaName, SERVER_TEXT_MODEL, SERVER_VISION_MODEL, type ModelServer } from '../../support/model-server';
import { altTextSameAndCrossOrigin, rewriteReplaceAndUndo, summarizePage, type FeatureWorld } from './features';

type ServerApi = 'ollama' | 'openai';

/** The server's name for a fake model: Ollama's have a tag. */
const modelName = (api: ServerApi, model: string) => (api === 'ollama' ? ollamaName(model) : model);

/**
 * Runs every feature on `server` over `api`, stored directly as settings (model-server.test.ts sets a
 * server up through Options as a person would); `patch` changes what a test needs on top.
 */
export async function useModelServer(extension: DrivenExtension, server: ModelServer, api: ServerApi, patch: Record<string, unknown> = {}): Promise<void> {
  const settings = {
    runOn: 'server',
    imagesRunOn: 'same',
    serverAddress: server.url,
    serverApi: api,
    serverTextModel: modelName(api, SERVER_TEXT_MODEL),
    serverImageModel: modelName(api, SERVER_VISION_MODEL),
    serverTimeoutSeconds: 120,
    ...patch,
  };
  await extension.evaluateInBackground(async (patch) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object | undefined), ...patch } });
  }, settings);
}

/** Summarize, rewrite and alt text through each API; `suite()` gives what the browser's suite set up. */
export function modelServerFeatureTests(suite: () => { world: FeatureWorld; server: ModelServer }): void {
  describe.each(['ollama', 'openai'] as const)('every feature through the %s API', (api) => {
    beforeAll(async () => {
      const { world, server } = suite();
      server.setAllowedOrigins(['chrome-extension://*', 'moz-extension://*']);
      await useModelServer(world.extension, server, api);
    });

    it('summarizes the page from its own text', async () => {
      const { world, server } = suite();
      server.requests.length = 0;
      await summarizePage(world);
      const chats = server.requests.filter((request) => request.method === 'POST');
      expect(chats.map((request) => request.path)).toEqual([api === 'ollama' ? '/api/chat' : '/v1/chat/completions']);
      expect(JSON.stringify(chats[0]!.body)).toContain('Bananas grow in clusters called hands');
    });

    it('rewrites the selection, replaces and undoes, and the card says the server answered', async () => {
      const { world, server } = suite();
      await rewriteReplaceAndUndo(world, `Answered by ${modelName(api, SERVER_TEXT_MODEL)} on the model server at ${server.url}.`);
    });

    it('writes alt text for a same-origin and a cross-origin image', async () => {
      await altTextSameAndCrossOrigin(suite().world);
    });
  });
}
