// The model-server backend in Firefox ESR: the shared feature scenarios answered by the fake model server
// (test/support/model-server.ts) over both APIs, with the extension's moz-extension:// origin refused by the
// server until it is allowed, as Ollama does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefoxExtension, type FirefoxExtension } from '../support/firefox';
import { ollamaName, SERVER_TEXT_MODEL, SERVER_VISION_MODEL, startModelServer, type ModelServer } from '../support/model-server';
import { startPageServer, type PageServer } from '../support/page-server';
import { altTextSameAndCrossOrigin, ARTICLE, rewriteReplaceAndUndo, summarizePage, type FeatureWorld } from './scenarios/features';
import { alertsIn, finishedText, openWebPage } from '../support/steps';

let server: ModelServer;
let extension: FirefoxExtension;
let site: PageServer;
let other: PageServer;
let world: FeatureWorld;

beforeAll(async () => {
  server = await startModelServer();
  site = await startPageServer();
  other = await startPageServer('127.0.0.2');
  extension = await launchFirefoxExtension();
  world = { extension, site, other };
});

afterAll(async () => {
  await extension?.close();
  await Promise.all([server?.close(), site?.close(), other?.close()]);
});

async function useServer(api: 'ollama' | 'openai'): Promise<void> {
  const name = (model: string) => (api === 'ollama' ? ollamaName(model) : model);
  const patch = { runOn: 'server', imagesRunOn: 'same', serverAddress: server.url, serverApi: api, serverTextModel: name(SERVER_TEXT_MODEL), serverImageModel: name(SERVER_VISION_MODEL) };
  await extension.evaluateInBackground(async (patch) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object | undefined), ...patch } });
  }, patch);
}

describe('Firefox: a model server', () => {
  it('explains the refusal of the moz-extension:// origin (OLLAMA_ORIGINS)', async () => {
    await useServer('ollama');
    site.route('/article.html', { body: ARTICLE });
    const { page, tabId } = await openWebPage(extension, `${site.url}/article.html`);
    const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
    await panel.click({ role: 'button', name: 'Summarize page' });
    await finishedText(panel, '[role="region"][aria-label="Summary"]');
    expect((await alertsIn(panel)).join(' ')).toMatch(/refused this extension.*OLLAMA_ORIGINS=chrome-extension:\/\/\*,moz-extension:\/\/\*/s);
    expect(server.requests.some((request) => request.headers.origin?.startsWith('moz-extension://'))).toBe(true);
    await panel.close();
    await page.close();
  });

  describe.each(['ollama', 'openai'] as const)('every feature through the %s API', (api) => {
    beforeAll(async () => {
      server.setAllowedOrigins(['chrome-extension://*', 'moz-extension://*']);
      await useServer(api);
    });

    it('summarizes the page from its own text', async () => {
      server.requests.length = 0;
      await summarizePage(world);
      expect(server.requests.some((request) => request.method === 'POST' && JSON.stringify(request.body).includes('Bananas grow in clusters called hands'))).toBe(true);
    });

    it('rewrites the selection, replaces and undoes, and the card says the server answered', async () => {
      await rewriteReplaceAndUndo(world, `Answered by ${api === 'ollama' ? ollamaName(SERVER_TEXT_MODEL) : SERVER_TEXT_MODEL} on the model server at ${server.url}.`);
    });

    it('writes alt text for a same-origin and a cross-origin image', async () => {
      await altTextSameAndCrossOrigin(world);
    });
  });
});
