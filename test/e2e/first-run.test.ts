// A new person's first minutes: nothing is downloaded before they agree to it, and what they see says so.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IMAGE_MODEL, DEFAULT_TEXT_MODEL } from '../../src/engine/default-models';
import { downloadBytesFor, presetFor } from '../../src/engine/presets';
import { formatBytes } from '../../src/ui/format';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { configureModels, launchExtension, sendProtocolMessage, setTestEngineKnobs, tabIdOf, type LoadedExtension } from '../support/extension';
import { startModelHost, type ModelHost, type RecordedRequest } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';

let extension: LoadedExtension;
let host: ModelHost;
let server: PageServer;
/** The welcome page the extension opened on install. */
let welcome: Page;

const ARTICLE = `<!doctype html><html lang="en"><head><title>Plantains</title></head><body><article><h1>Plantains</h1>
<p>Plantains are cooking bananas, starchier than the sweet kind and eaten fried, boiled or baked.</p>
<p>They stay firm when cooked, which is why they are a staple in West Africa and the Caribbean.</p>
<p>Green plantains taste like potatoes, while black ones are sweet enough for desserts.</p>
</article></body></html>`;

/** Requests that fetch a model's weights: anything but the one-byte probes that learn a file's size. */
function weightRequests(requests: RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => /\.onnx(_data)?$/.test(request.path) && request.method === 'GET' && request.headers.range !== 'bytes=0-0');
}

beforeAll(async () => {
  await buildFixtureModels();
  host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  server = await startPageServer();
  server.route('/plantains.html', { body: ARTICLE });
  extension = await launchExtension({ keepWelcome: true });
  welcome = await vi.waitFor(
    () => {
      const opened = extension.context.pages().find((page) => page.url() === `chrome-extension://${extension.id}/welcome.html`);
      if (!opened) throw new Error('No welcome page opened on install');
      return opened;
    },
    { timeout: 30_000, interval: 100 },
  );
  // The welcome page as a new person sees it, before anything is configured.
  await welcome.getByRole('heading', { name: 'Welcome to Nano Banana' }).waitFor();
  await welcome.getByRole('button', { name: /^Download models/ }).waitFor();
  await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID, imageModel: COLOR_CAPTIONER_ID }, { askBeforeDownload: true });
});

afterAll(async () => {
  await extension?.close();
  await host?.close();
  await server?.close();
});

async function openWithPanel(path: string): Promise<{ page: Page; panel: Page }> {
  const page = await extension.context.newPage();
  await page.goto(`${server.url}${path}`);
  const panel = await extension.openPage('sidepanel.html');
  const tabId = await tabIdOf(panel, `${server.url}${path}`);
  await panel.goto(`chrome-extension://${extension.id}/sidepanel.html?tabId=${tabId}`);
  return { page, panel };
}

const presetSize = (modelId: string) => downloadBytesFor(presetFor(modelId)!, 'wasm', { shaderF16: false });

describe('the welcome page', () => {
  it('opens on install: says what Nano Banana does and where it runs, the models with their sizes, and the ways on', async () => {
    const text = await welcome.locator('main').innerText();
    expect(text).toMatch(/runs small AI models on this computer/);
    // The default models, each with its download size, and the total on the button.
    const rows = await welcome.locator('tbody tr').allInnerTexts();
    expect(rows).toEqual([
      expect.stringContaining(`${DEFAULT_TEXT_MODEL}\t${formatBytes(presetSize(DEFAULT_TEXT_MODEL))}`),
      expect.stringContaining(`${DEFAULT_IMAGE_MODEL}\t${formatBytes(presetSize(DEFAULT_IMAGE_MODEL))}`),
    ]);
    const total = formatBytes(presetSize(DEFAULT_TEXT_MODEL) + presetSize(DEFAULT_IMAGE_MODEL));
    expect(await welcome.getByRole('button', { name: `Download models (${total})` }).isVisible()).toBe(true);
    expect(text).toMatch(/memory/);
    const options = extension.context.waitForEvent('page', { predicate: (page) => page.url().includes('/options.html') });
    await welcome.getByRole('button', { name: 'Choose other models' }).click();
    await (await options).close();
    // Nothing was asked of any model host for all this.
    expect(host.requests).toEqual([]);
  });
});

describe('consent before any download', () => {
  it('shows the quick summary at once, offers the download with its size, and downloads only after the click', async () => {
    host.requests.length = 0;
    const { page, panel } = await openWithPanel('/plantains.html');
    await panel.getByRole('button', { name: 'Summarize page' }).click();

    const download = panel.getByRole('button', { name: /^Download \d/ });
    await expect.poll(() => download.isVisible()).toBe(true);
    // The page's own sentences stand in meanwhile, labelled as no model's answer.
    const region = panel.getByRole('region', { name: 'Summary' });
    expect(await region.innerText()).toMatch(/Plantains are cooking bananas/);
    expect(await panel.getByText('Quick summary (no model)', { exact: true }).isVisible()).toBe(true);
    // The offer names the model and its size, the same size the button gives.
    const size = (await download.innerText()).replace(/^Download /, '');
    expect(await panel.locator('.nb-download-needed p').innerText()).toContain(`${ECHO_CHAT_ID} is not on this computer yet. It is a one-time download of ${size}`);
    // The host was asked for sizes, never for weights.
    expect(host.requests.length).toBeGreaterThan(0);
    expect(weightRequests(host.requests)).toEqual([]);

    // The download can be cancelled from the side panel: one row, with Cancel, and a way to try again.
    const weights = `${ECHO_CHAT_ID}/onnx/model_quantized.onnx`;
    host.setFault(weights, { stallAfterBytes: 100 });
    try {
      await download.click();
      const row = panel.locator('.nb-download');
      await row.getByRole('button', { name: 'Cancel download' }).click({ timeout: 60_000 });
      await expect.poll(() => panel.getByRole('alert').innerText(), { timeout: 30_000 }).toMatch(`The download of ${ECHO_CHAT_ID} was cancelled.`);
      expect(await panel.locator('progress').count()).toBe(0);
    } finally {
      host.setFault(weights, null);
    }
    await panel.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => region.innerText(), { timeout: 90_000 }).toContain('PLANTAINS ARE COOKING BANANAS');
    expect(weightRequests(host.requests).length).toBeGreaterThan(0);
    expect(await panel.getByText('Quick summary (no model)', { exact: true }).count()).toBe(0);

    // Remembered for this model: stored, and not asked again.
    const stored = await extension.worker.evaluate(async () => (await chrome.storage.local.get('settings'))['settings'] as { downloadConsent?: string[] });
    expect(stored.downloadConsent).toEqual([ECHO_CHAT_ID]);
    await panel.reload();
    await panel.getByRole('button', { name: 'Summarize page' }).click();
    await expect.poll(() => region.innerText(), { timeout: 90_000 }).toContain('PLANTAINS ARE COOKING BANANAS');
    expect(await panel.getByRole('button', { name: /^Download \d/ }).count()).toBe(0);
    await page.close();
    await panel.close();
  });
});

describe('a stalled download', () => {
  const encoder = `${COLOR_CAPTIONER_ID}/onnx/encoder_model_quantized.onnx`;
  const stalledRow = () => welcome.locator('.nb-download').filter({ hasText: `Downloading ${COLOR_CAPTIONER_ID}` });
  const STALLED = /Stalled — retrying\. If it stays stalled, check your internet connection, or cancel and download again later/;

  it('says "Stalled — retrying" and what to do; Cancel stops it, and nothing half-downloaded is stored', async () => {
    await welcome.reload();
    host.setFault(encoder, { stallAfterBytes: 100 });
    // The engine breaks off a download silent for 30 s and resumes it; the test build's knob makes that 3 s.
    await setTestEngineKnobs(extension, { stallTimeoutMs: 3000 });
    try {
      await welcome.getByRole('button', { name: /^Download models \(\d/ }).click();
      const row = stalledRow();
      // Meanwhile the row says so, and what to do.
      await expect.poll(() => row.innerText(), { timeout: 60_000, interval: 250 }).toMatch(STALLED);
      await row.getByRole('button', { name: 'Cancel download' }).click();
      await expect.poll(() => welcome.locator('main').innerText(), { timeout: 30_000 }).toContain(`The download of ${COLOR_CAPTIONER_ID} was cancelled.`);
      expect(await welcome.getByRole('status').filter({ hasText: 'was cancelled' }).count()).toBe(1);
    } finally {
      host.setFault(encoder, null);
      await setTestEngineKnobs(extension, {});
    }
    // Of the stalled file nothing is stored (only whole, verified files are), and the rest can be downloaded again.
    const stored = await welcome.evaluate(async () => (await (await caches.open('nano-banana-models-v1')).keys()).map((request) => request.url));
    expect(stored.filter((url) => url.includes('encoder_model'))).toEqual([]);
    await expect.poll(() => welcome.getByRole('button', { name: /^Download models \(\d/ }).isEnabled()).toBe(true);
    expect(await welcome.locator('tbody tr').allInnerTexts()).toContainEqual(expect.stringMatching(new RegExp(`${COLOR_CAPTIONER_ID}\t\\d`)));
    host.requests.length = 0;
  });

  it('that stays stalled: after "Stalled — retrying", says the download kept breaking off and offers Try again', async () => {
    await welcome.reload();
    host.setFault(encoder, { stallAfterBytes: 100 });
    // Every attempt (the first and each resume) stalls; the knob makes each one wait 1 s instead of 30.
    await setTestEngineKnobs(extension, { stallTimeoutMs: 1000 });
    try {
      await welcome.getByRole('button', { name: /^Download models \(\d/ }).click();
      await expect.poll(() => stalledRow().innerText(), { timeout: 60_000, interval: 100 }).toMatch(STALLED);
      // The engine gives up after its last resume: the row goes, and the error says what happened and what to do.
      const alert = welcome.getByRole('alert');
      await expect
        .poll(() => alert.innerText(), { timeout: 60_000 })
        .toContain(`The download of ${COLOR_CAPTIONER_ID}/onnx/encoder_model_quantized.onnx kept breaking off. Check your connection and try again.`);
      expect(await alert.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
      expect(await alert.getByRole('link', { name: 'Open Options' }).isVisible()).toBe(true);
      expect(await stalledRow().count()).toBe(0);
    } finally {
      host.setFault(encoder, null);
      await setTestEngineKnobs(extension, {});
    }
    // Nothing of the stalled file is stored; the next test downloads the model.
    const stored = await welcome.evaluate(async () => (await (await caches.open('nano-banana-models-v1')).keys()).map((request) => request.url));
    expect(stored.filter((url) => url.includes('encoder_model'))).toEqual([]);
    host.requests.length = 0;
  });
});

describe('downloading from the welcome page', () => {
  it('downloads on the click, shows the progress, and goes on when the page is closed', async () => {
    await welcome.reload();
    // The text model was downloaded above; the image model is still to come.
    await expect.poll(() => welcome.locator('tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(new RegExp(`${ECHO_CHAT_ID}\tStored \\(`)),
      expect.stringMatching(new RegExp(`${COLOR_CAPTIONER_ID}\t\\d`)),
    ]);
    expect(weightRequests(host.requests.filter((request) => request.path.includes(COLOR_CAPTIONER_ID)))).toEqual([]);
    // Slow enough to be seen downloading, and to close the page meanwhile.
    host.setFault(`${COLOR_CAPTIONER_ID}/onnx/encoder_model_quantized.onnx`, { delayMs: 3000, times: 1 });
    await welcome.getByRole('button', { name: /^Download models \(\d/ }).click();
    const bar = welcome.getByRole('progressbar', { name: `Downloading ${COLOR_CAPTIONER_ID}` });
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/ of /);
    await welcome.close();

    const probe = await extension.openPage('options.html');
    await expect
      .poll(async () => (await sendProtocolMessage<Array<{ modelId: string }>>(probe, 'cachedModels')).map((model) => model.modelId).sort(), { timeout: 60_000 })
      .toEqual([COLOR_CAPTIONER_ID, ECHO_CHAT_ID].sort());
    const stored = await extension.worker.evaluate(async () => (await chrome.storage.local.get('settings'))['settings'] as { downloadConsent?: string[] });
    expect(stored.downloadConsent).toEqual([ECHO_CHAT_ID, COLOR_CAPTIONER_ID]);
    await probe.close();
  });
});

describe('an unreachable model host', () => {
  it('says what happened, offers Try again, and links to the Model host field (but not on the Options page)', async () => {
    await configureModels(extension, { modelHost: 'http://127.0.0.1:9', textModel: 'someone/other-model' }, { askBeforeDownload: true });
    const { page, panel } = await openWithPanel('/plantains.html');
    await panel.getByRole('button', { name: 'Summarize page' }).click();
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.innerText()).toMatch(/Could not reach the model host http:\/\/127\.0\.0\.1:9/);
    expect(await alert.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    const options = extension.context.waitForEvent('page', { predicate: (opened) => opened.url().includes('/options.html') });
    await alert.getByRole('link', { name: 'Open Options' }).click();
    const optionsPage = await options;
    await expect.poll(() => optionsPage.evaluate(() => document.activeElement?.id)).toBe('model-host');

    // The Options page's own download says what happened, without sending the person to Options.
    await optionsPage.getByRole('button', { name: 'Download text model' }).click();
    const optionsAlert = optionsPage.getByRole('region', { name: 'Downloads' }).getByRole('alert');
    await expect.poll(() => optionsAlert.innerText()).toMatch(/Could not reach the model host/);
    expect(await optionsAlert.innerText()).not.toMatch(/Options/);
    expect(await optionsAlert.getByRole('link', { name: 'Open Options' }).count()).toBe(0);
    await optionsPage.close();
    await page.close();
    await panel.close();
  });
});
