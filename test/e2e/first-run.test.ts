// A new person's first minutes: nothing is downloaded before they agree to it, and what they see says so.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModels, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { configureModels, launchExtension, tabIdOf, type LoadedExtension } from '../support/extension';
import { startModelHost, type ModelHost, type RecordedRequest } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';

let extension: LoadedExtension;
let host: ModelHost;
let server: PageServer;

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
  extension = await launchExtension();
  await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID }, { askBeforeDownload: true });
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

    await download.click();
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
