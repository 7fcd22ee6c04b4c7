// The model-server backend in Firefox ESR: the shared feature scenarios answered by the fake model server
// (test/support/model-server.ts) over both APIs, with the extension's moz-extension:// origin refused by the
// server until it is allowed, as Ollama does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefoxExtension, type FirefoxExtension } from '../support/firefox';
import { startModelServer, type ModelServer } from '../support/model-server';
import { startPageServer, type PageServer } from '../support/page-server';
import { ARTICLE, type FeatureWorld } from './scenarios/features';
import { modelServerFeatureTests, useModelServer } from './scenarios/model-server';
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

describe('Firefox: a model server', () => {
  it('explains the refusal of the moz-extension:// origin (OLLAMA_ORIGINS)', async () => {
    await useModelServer(extension, server, 'ollama');
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

  modelServerFeatureTests(() => ({ world, server }));
});
