// The model-server backend in the real extension (Chromium), against the loopback fake server
// (test/support/model-server.ts) over both of its APIs: set up through Options as a person would (Ollama's
// CORS refusal first, then "Test connection"), every feature answered by the server from the page's own
// text, each error a person will meet, the rule on public addresses, and a recording proxy showing that
// requests went to the chosen server and nowhere else.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR } from '../fixtures/models/build-lib';
import { expectedEchoAnswer } from '../fixtures/models/echo-chat';
import { altFor, solidPng } from '../support/colours';
import { launchChromiumDriven, type ChromiumDrivenExtension } from '../support/chromium-driven';
import { startModelHost, type ModelHost } from '../support/model-host';
import { ollamaName, SERVER_TEXT_MODEL, SERVER_VISION_MODEL, startModelServer, type ModelServer } from '../support/model-server';
import { startPageServer, type PageServer } from '../support/page-server';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';
import { ARTICLE, rewriteInPanel, type FeatureWorld } from './scenarios/features';
import { modelServerFeatureTests, useModelServer } from './scenarios/model-server';
import { alertsIn, finishedText, openWebPage } from '../support/steps';

let server: ModelServer;
let proxy: RecordingProxy;
let extension: ChromiumDrivenExtension;
let site: PageServer;
let other: PageServer;
let world: FeatureWorld;

beforeAll(async () => {
  // Like a fresh `ollama serve`: it refuses extension origins until OLLAMA_ORIGINS allows them.
  server = await startModelServer();
  proxy = await startRecordingProxy();
  site = await startPageServer();
  other = await startPageServer('127.0.0.2');
  extension = await launchChromiumDriven({ proxy: proxy.url });
  world = { extension, site, other };
});

afterAll(async () => {
  await extension?.close();
  await Promise.all([server?.close(), proxy?.close(), site?.close(), other?.close()]);
});

function optionsPage(): Promise<Page> {
  return extension.loaded.openPage('options.html');
}

function useServer(api: 'ollama' | 'openai', patch: Record<string, unknown> = {}): Promise<void> {
  return useModelServer(extension, server, api, patch);
}

/** Summarizes the article in the side panel and returns the summary and the alerts shown. */
async function summarizeArticle(): Promise<{ summary: string; alerts: string[] }> {
  site.route('/article.html', { body: ARTICLE });
  const { page, tabId } = await openWebPage(extension, `${site.url}/article.html`);
  const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
  // The panel opens on the tab used last.
  await panel.click({ role: 'tab', name: 'Summarize' });
  await panel.selectOption({ label: 'Style' }, 'Key points');
  await panel.click({ role: 'button', name: 'Summarize page' });
  const summary = await finishedText(panel, '[role="region"][aria-label="Summary"]');
  const alerts = await alertsIn(panel);
  await panel.close();
  await page.close();
  return { summary, alerts };
}

describe('a model server, set up in Options', () => {
  it('explains Ollama refusing the extension, then connects once OLLAMA_ORIGINS allows it', async () => {
    const options = await optionsPage();
    await options.getByLabel('Run models on', { exact: true }).selectOption({ label: 'A model server' });
    await options.getByLabel('Server address').fill(server.url);
    await options.getByLabel('Server API').selectOption({ label: 'Ollama' });
    // The pickers fill from the server's list; the image picker offers the models that see images.
    const textPicker = options.getByLabel('Server text model');
    const imagePicker = options.getByLabel('Server image model');
    await expect.poll(() => textPicker.locator('option').allInnerTexts()).toEqual(['Choose a model', ollamaName(SERVER_TEXT_MODEL), ollamaName(SERVER_VISION_MODEL)]);
    await expect.poll(() => imagePicker.locator('option').allInnerTexts()).toEqual(['Choose a model', ollamaName(SERVER_VISION_MODEL)]);
    await textPicker.selectOption(ollamaName(SERVER_TEXT_MODEL));
    await imagePicker.selectOption(ollamaName(SERVER_VISION_MODEL));

    server.requests.length = 0;
    await options.getByRole('button', { name: 'Test connection' }).click();
    const alert = options.getByRole('alert');
    await expect.poll(() => alert.allInnerTexts()).toEqual([expect.stringMatching(/refused this extension.*OLLAMA_ORIGINS=chrome-extension:\/\/\*,moz-extension:\/\/\*/s)]);
    // The refusal is the server's, of a chat request from the extension's own origin.
    expect(server.requests.some((request) => request.method === 'POST' && request.headers.origin === extension.origin)).toBe(true);

    server.setAllowedOrigins(['chrome-extension://*', 'moz-extension://*']);
    await options.getByRole('button', { name: 'Test connection' }).click();
    const status = options.getByRole('status').filter({ hasText: 'Connected' });
    await expect.poll(() => status.allInnerTexts()).toEqual([
      expect.stringMatching(
        new RegExp(`^Connected to ${server.url}\\. Models: echo-chat:latest, color-captioner:latest\\. echo-chat:latest answered "Hello" in \\d+(\\.\\d)? m?s: "${expectedEchoAnswer('Hello')}"\\.$`),
      ),
    ]);
    expect(await options.getByRole('alert').count()).toBe(0);
    await options.close();
  });

  it('asks before sending page text to a public address, and sends nothing there until confirmed', async () => {
    const options = await optionsPage();
    await options.getByLabel('Run models on', { exact: true }).selectOption({ label: 'A model server' });
    await options.getByLabel('Server address').fill('https://models.example.com');
    const confirm = options.getByLabel('Send page text to https://models.example.com');
    await expect.poll(() => confirm.isChecked()).toBe(false);
    expect(await options.getByText('will be sent there, over the internet').count()).toBe(1);
    expect(await options.getByRole('button', { name: 'Test connection' }).isDisabled()).toBe(true);
    await options.close();

    proxy.requests.length = 0;
    const { alerts } = await summarizeArticle();
    expect(alerts.join(' ')).toMatch(/not on this computer or your local network, so nothing was sent to it/);
    expect(proxy.requests.filter((request) => request.url.includes('example.com'))).toEqual([]);
    await useServer('ollama', { serverAddress: server.url });
  });
});

modelServerFeatureTests(() => ({ world, server }));

describe('errors through the model server', () => {
  beforeAll(async () => {
    server.setAllowedOrigins(['chrome-extension://*', 'moz-extension://*']);
  });

  it('says how to start a server that is not running', async () => {
    const gone = await startModelServer();
    const address = gone.url;
    await gone.close();
    await useServer('ollama', { serverAddress: address });
    const { alerts } = await summarizeArticle();
    expect(alerts.join(' ')).toMatch(/Cannot reach the model server at http:\/\/127\.0\.0\.1:\d+\. Start it/);
  });

  it('names an unknown model', async () => {
    await useServer('openai', { serverTextModel: 'llama-that-is-not-there' });
    const { alerts } = await summarizeArticle();
    expect(alerts.join(' ')).toMatch(/has no model "llama-that-is-not-there"/);
  });

  it('says when the image model cannot see images', async () => {
    await useServer('ollama', { serverImageModel: ollamaName(SERVER_TEXT_MODEL) });
    site.route('/red.png', { body: await solidPng('red'), type: 'image/png' });
    site.route('/one-picture.html', { body: '<!doctype html><title>One picture</title><img id="one" src="/red.png" width="64" height="64">' });
    const { page, tabId } = await openWebPage(extension, `${site.url}/one-picture.html`);
    const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
    await page.bringToFront();
    await panel.click({ role: 'tab', name: 'Alt text' });
    await panel.click({ role: 'button', name: 'Generate alt text' });
    // Every image would meet it: one error line says so (not one per image), and the image is left undescribed.
    await expect.poll(async () => (await alertsIn(panel)).join(' '), { timeout: 60_000 }).toMatch(/cannot see images\. Choose a vision model/);
    expect(await panel.evaluate(() => document.body.innerText)).toContain('Not described.');
    await panel.close();
    await page.close();
  });

  it('says when the page does not fit the context window', async () => {
    await useServer('openai');
    server.setFault({ contextBytes: 200 });
    try {
      const { alerts } = await summarizeArticle();
      expect(alerts.join(' ')).toMatch(/longer than the model's context window/);
    } finally {
      server.setFault(null);
    }
  });

  it('keeps the partial answer of a stream cut mid-answer, and says it is incomplete', async () => {
    await useServer('ollama');
    server.setFault({ cutAfterChunks: 6 });
    try {
      const { summary, alerts } = await summarizeArticle();
      expect(alerts.join(' ')).toMatch(/stopped in the middle of its answer: what it wrote so far is shown, and is incomplete/);
      // The first pieces of the page's echoed text made it, and stay.
      expect(summary).toContain('THE SECRET');
    } finally {
      server.setFault(null);
    }
  });

  it('stops a slow answer on Stop', async () => {
    await useServer('ollama');
    server.setFault({ delayMs: 5000 });
    try {
      site.route('/article.html', { body: ARTICLE });
      const { page, tabId } = await openWebPage(extension, `${site.url}/article.html`);
      const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
      await panel.click({ role: 'tab', name: 'Summarize' });
      // Earlier tests' requests would let Stop come before this one reaches the server.
      server.requests.length = 0;
      await panel.click({ role: 'button', name: 'Summarize page' });
      await expect.poll(() => server.requests.some((request) => request.path === '/api/chat')).toBe(true);
      await panel.click({ role: 'button', name: 'Stop' });
      await expect.poll(() => panel.evaluate(() => document.body.innerText)).toContain('Stopped.');
      expect(await alertsIn(panel)).toEqual([]);
      await panel.close();
      await page.close();
    } finally {
      server.setFault(null);
    }
  });

  it('gives up on a server that stays silent', async () => {
    await useServer('openai', { serverTimeoutSeconds: 1 });
    server.setFault({ delayMs: 4000 });
    try {
      const { alerts } = await summarizeArticle();
      expect(alerts.join(' ')).toMatch(/did not answer for 1 seconds/);
    } finally {
      server.setFault(null);
    }
  });

  it('sent every request to the chosen server and the pages, and nothing anywhere else', () => {
    const allowed = [server.url, site.url, other.url].map((url) => new URL(url).origin);
    const elsewhere = proxy.requests.filter(
      (request) =>
        !allowed.some((origin) => request.url.startsWith(`${origin}/`)) &&
        !/^https?:\/\/127\.0\.0\.1:\d+\//.test(request.url) && // the servers of the error tests, gone or not
        !/^https?:\/\/([\w-]+\.)*(google\.com|googleapis\.com|gstatic\.com|gvt1\.com|gvt2\.com)(:\d+)?\//.test(request.url),
    );
    expect(elsewhere).toEqual([]);
    // No model download: the in-browser engine was never asked.
    expect(proxy.requests.filter((request) => request.url.includes('/resolve/main/'))).toEqual([]);
  });
});

describe('one engine per feature', () => {
  let host: ModelHost;
  beforeAll(async () => {
    await buildFixtureModels();
    host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  });
  afterAll(() => host?.close());

  it('summarizes and rewrites on the server, describes images in the browser, and says which engine answered each', async () => {
    server.setAllowedOrigins(['chrome-extension://*', 'moz-extension://*']);
    // The browser's captioner downloads as after the person's Download click.
    await useServer('openai', { imagesRunOn: 'browser', modelHost: host.url, imageModel: COLOR_CAPTIONER_ID, downloadConsent: [COLOR_CAPTIONER_ID] });
    server.requests.length = 0;

    site.route('/article.html', { body: ARTICLE });
    site.route('/red.png', { body: await solidPng('red'), type: 'image/png' });
    site.route('/one-picture.html', { body: '<!doctype html><title>One picture</title><img id="one" src="/red.png" width="64" height="64">' });
    const article = await openWebPage(extension, `${site.url}/article.html`);
    const panel = await extension.openPage(`sidepanel.html?tabId=${article.tabId}`);
    await panel.click({ role: 'tab', name: 'Summarize' });
    await panel.click({ role: 'button', name: 'Summarize page' });
    expect(await finishedText(panel, '[role="region"][aria-label="Summary"]')).toContain('BANANAS GROW IN CLUSTERS CALLED HANDS');
    // Every tab's text, shown or not (each tab keeps its result while another is shown).
    const said = () => panel.evaluate(() => document.body.textContent ?? '');
    expect(await said()).toContain(`Answered by ${SERVER_TEXT_MODEL} on the model server at ${server.url}.`);
    expect(await rewriteInPanel(panel, 'quarterly banana ledger')).toContain('QUARTERLY BANANA LEDGER');
    expect((await said()).split(`Answered by ${SERVER_TEXT_MODEL} on the model server at ${server.url}.`)).toHaveLength(3);
    await panel.close();
    await article.page.close();

    const pictures = await openWebPage(extension, `${site.url}/one-picture.html`);
    const altPanel = await extension.openPage(`sidepanel.html?tabId=${pictures.tabId}`);
    await pictures.page.bringToFront();
    await altPanel.click({ role: 'tab', name: 'Alt text' });
    await altPanel.click({ role: 'button', name: 'Generate alt text' });
    await expect.poll(() => pictures.page.evaluate(() => document.getElementById('one')!.getAttribute('alt')), { timeout: 90_000 }).toBe(altFor('red'));
    await expect.poll(() => altPanel.evaluate(() => document.body.innerText)).toContain(`Answered by ${COLOR_CAPTIONER_ID} in this browser.`);
    // The server wrote the summary and the rewrite and saw no image; the browser's captioner came from the model host.
    expect(server.requests.filter((request) => request.method === 'POST').map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
    expect(host.requests.some((request) => request.path.startsWith(`/${COLOR_CAPTIONER_ID}/resolve/main/`))).toBe(true);
    expect(host.requests.some((request) => request.path.includes('echo-chat'))).toBe(false);
    await altPanel.close();
    await pictures.page.close();
  });
});
