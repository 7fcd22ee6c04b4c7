// `npm run screenshots` (not part of `npm test`): every surface of the built test extension, driven in headless
// Chromium with the fixture model host, written as PNGs to docs/screenshots/<surface>-<scheme>-<width>.png in
// the light and the dark scheme at 360 and 800 px wide. The answers on screen are the fixture models' own
// (the echo model repeats the page in capitals; the captioner names an image's colour). It runs as a Vitest
// file (the harness in test/support uses Vitest's waiting) in its own project, which `npm test` does not run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../test/fixtures/models/build-lib';
import { solidPng } from '../test/support/colours';
import { clickMenuItem, configureModels, EXTENSION_DIR, launchExtension, tabIdOf, type LoadedExtension } from '../test/support/extension';
import { shadowRootsOf } from '../test/support/in-page-ui';
import { startModelHost, type ModelHost } from '../test/support/model-host';
import { startPageServer, type PageServer } from '../test/support/page-server';
import { scriptsWithTestHooks } from '../test/support/test-build';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');
const WIDTHS = [360, 800] as const;
const SCHEMES = ['light', 'dark'] as const;
const HEIGHT = 760;

const ARTICLE = `<!doctype html><html lang="en"><head><title>Mangoes</title>
<style>body { font: 18px/1.5 Georgia, serif; max-width: 40em; margin: 2em auto; padding: 0 1em; color: #222; background: #fff; }</style>
</head><body><article><h1>Mangoes</h1>
<img src="/mango.png" width="160" height="120">
<p>Mangoes are stone fruits grown in tropical countries, with India growing almost half of the world's crop.</p>
<p>A ripe mango gives slightly when pressed, and its smell near the stem is sweet and strong.</p>
<p id="edit-me">Mango trees can live for hundreds of years and still bear fruit.</p>
</article></body></html>`;

let extension: LoadedExtension;
let host: ModelHost;
let server: PageServer;

beforeAll(async () => {
  if (scriptsWithTestHooks(EXTENSION_DIR).length === 0) {
    throw new Error(`No test build in ${EXTENSION_DIR}: run \`NANO_BANANA_TEST_BUILD=1 npm run build\` first.`);
  }
  await buildFixtureModels();
  host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  server = await startPageServer();
  server.route('/mangoes.html', { body: ARTICLE });
  server.route('/mango.png', { body: await solidPng('yellow', 160), type: 'image/png' });
  extension = await launchExtension();
  mkdirSync(OUT, { recursive: true });
});

afterAll(async () => {
  await extension?.close();
  await host?.close();
  await server?.close();
});

/** `page` as it is now, in both schemes at both widths; palette PNGs, to keep the repository small. */
async function shoot(page: Page, surface: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      // Two frames: the new scheme and width laid out and painted.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const png = await page.screenshot();
      writeFileSync(join(OUT, `${surface}-${colorScheme}-${width}.png`), await sharp(png).png({ palette: true, compressionLevel: 9, effort: 10 }).toBuffer());
    }
  }
}

async function openExtensionPage(path: string): Promise<Page> {
  const page = await extension.context.newPage();
  await page.goto(`chrome-extension://${extension.id}/${path}`);
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  return page;
}

it('shoots every surface', async () => {
  // The welcome page as a new person sees it: the default models and their sizes (nothing is asked of any host).
  const welcome = await openExtensionPage('welcome.html');
  await shoot(welcome, 'welcome');
  await welcome.close();

  await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID, imageModel: COLOR_CAPTIONER_ID });
  const article = await extension.context.newPage();
  const articleUrl = `${server.url}/mangoes.html`;
  await article.goto(articleUrl);

  const options = await openExtensionPage('options.html');
  const tabId = await vi.waitFor(() => tabIdOf(options, articleUrl), { timeout: 10_000, interval: 200 });
  await shoot(options, 'options');
  await options.close();

  const popup = await openExtensionPage(`popup.html?tabId=${tabId}`);
  await shoot(popup, 'popup');
  await popup.close();

  const panel = await openExtensionPage(`sidepanel.html?tabId=${tabId}`);
  await panel.getByRole('tab', { name: 'Summarize' }).click();
  await panel.getByRole('button', { name: 'Summarize page' }).click();
  const summary = panel.getByRole('region', { name: 'Summary' });
  await expect.poll(() => summary.innerText(), { timeout: 120_000 }).toContain('MANGOES ARE STONE FRUITS');
  await expect.poll(() => summary.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
  await shoot(panel, 'sidepanel-summarize');

  await panel.getByRole('tab', { name: 'Rewrite' }).click();
  await panel.getByLabel('Text to rewrite').fill('Mango trees can live for hundreds of years and still bear fruit.');
  await panel.getByRole('button', { name: 'Rewrite', exact: true }).click();
  const rewritten = panel.getByRole('region', { name: 'Rewritten text' });
  await expect.poll(() => rewritten.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
  await expect.poll(() => rewritten.innerText()).toMatch(/MANGO TREES/);
  await shoot(panel, 'sidepanel-rewrite');

  await panel.getByRole('tab', { name: 'Alt text' }).click();
  const generate = panel.getByRole('button', { name: 'Generate alt text' });
  await generate.click();
  const done = panel.getByRole('status').filter({ hasText: /described/ });
  await expect.poll(async () => (await done.innerText().catch(() => '')).trim(), { timeout: 120_000 }).toMatch(/\.$/);
  await expect.poll(() => generate.isEnabled()).toBe(true);
  await shoot(panel, 'sidepanel-alt-text');
  await panel.close();

  // The in-page card of "Rewrite ▸ More formal" on the selected paragraph, its answer finished.
  await article.bringToFront();
  await article.evaluate(() => getSelection()!.selectAllChildren(document.getElementById('edit-me')!));
  await clickMenuItem(extension, tabId, { menuItemId: 'rewrite:formal', pageUrl: articleUrl });
  await expect
    .poll(
      async () => {
        const [root] = await shadowRootsOf(article, 'nano-banana-card');
        return root ? root.evaluate((shadow) => [...(shadow as ShadowRoot).querySelectorAll('button')].map((button) => button.textContent)) : [];
      },
      { timeout: 120_000 },
    )
    .toContain('Copy');
  await shoot(article, 'rewrite-card');
  await article.close();
});
