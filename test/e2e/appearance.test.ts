// What every surface looks like to people: body text at 14 px or more (Chromium's extension pages start at
// `body { font-size: 75% }`), and no axe-core violation, contrast included, in the light and the dark scheme.
import type { ElementHandle, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { axeViolations, describeViolations } from '../support/axe';
import { configureModels, launchExtension, openFormalRewriteCard, openPageWithContentScript, type LoadedExtension } from '../support/extension';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';

let extension: LoadedExtension;
let host: ModelHost;
let server: PageServer;

const ARTICLE = `<!doctype html><html lang="en"><head><title>Mangoes</title></head><body><article><h1>Mangoes</h1>
<p>Mangoes are stone fruits grown in tropical countries, with India growing almost half of the world's crop.</p>
<p>A ripe mango gives slightly when pressed, and its smell near the stem is sweet and strong.</p>
<p id="edit-me">Mango trees can live for hundreds of years and still bear fruit.</p>
</article><section id="comments"><h2>Comments</h2><p>Ana: the mangoes from my uncle's tree taste of honey every single summer.</p>
<p>Ben: I keep the ripe ones in a paper bag with an apple, which works well for me.</p></section></body></html>`;

beforeAll(async () => {
  await buildFixtureModels();
  host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  server = await startPageServer();
  server.route('/mangoes.html', { body: ARTICLE });
  extension = await launchExtension();
  await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID, imageModel: COLOR_CAPTIONER_ID });
});

afterAll(async () => {
  await extension?.close();
  await host?.close();
  await server?.close();
});

/** Text smaller than 14 px under `root` (visible text only), as "TAG size: text". */
function smallTextIn(root: Node): string[] {
  const small: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent?.trim();
    const element = walker.currentNode.parentElement;
    if (!text || !element || element.closest('script, style, title')) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const size = parseFloat(style.fontSize);
    if (size < 14) small.push(`${element.tagName} ${size}px: ${text.slice(0, 40)}`);
  }
  return small;
}

async function expectReadable(page: Page): Promise<void> {
  const body = (await page.$('body'))!;
  expect(await body.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(14);
  expect(await body.evaluate(smallTextIn)).toEqual([]);
}

async function expectNoViolations(page: Page, shadowRoot?: ElementHandle<Node>): Promise<void> {
  const violations = await axeViolations(page, { shadowRoot });
  expect(violations, describeViolations(violations)).toEqual([]);
}

function openArticle(): Promise<{ page: Page; tabId: number }> {
  return openPageWithContentScript(extension, `${server.url}/mangoes.html`);
}

describe.each(['light', 'dark'] as const)('in the %s scheme', (colorScheme) => {
  it('every extension page reads at 14 px or more and has no axe violation', async () => {
    const { page, tabId } = await openArticle();
    for (const path of [`popup.html?tabId=${tabId}`, `sidepanel.html?tabId=${tabId}`, 'options.html', 'welcome.html']) {
      const surface = await extension.context.newPage();
      await surface.emulateMedia({ colorScheme });
      await surface.goto(`chrome-extension://${extension.id}/${path}`);
      await surface.locator('h1').first().waitFor();
      // Settled: the engine's status and the pages' own queries have answered.
      await surface.waitForLoadState('networkidle');
      await expectReadable(surface);
      await expectNoViolations(surface);
      await surface.close();
    }
    await page.close();
  });

  it('the side panel with a finished summary (and the page\'s comments offered) reads well and has no axe violation', async () => {
    const { page, tabId } = await openArticle();
    const panel = await extension.context.newPage();
    await panel.emulateMedia({ colorScheme });
    await panel.goto(`chrome-extension://${extension.id}/sidepanel.html?tabId=${tabId}`);
    await panel.getByRole('button', { name: 'Summarize page' }).click();
    const region = panel.getByRole('region', { name: 'Summary' });
    await expect.poll(() => region.innerText(), { timeout: 90_000 }).toContain('MANGOES ARE STONE FRUITS');
    await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 90_000 }).toBe('false');
    await panel.getByRole('button', { name: 'Summarize comments' }).waitFor();
    await expectReadable(panel);
    await expectNoViolations(panel);
    await panel.close();
    await page.close();
  });

  it('the in-page rewrite card reads well and has no axe violation', async () => {
    const { page, tabId } = await openArticle();
    await page.emulateMedia({ colorScheme });
    const root = await openFormalRewriteCard(extension, page, tabId);
    // Finished: the card offers Copy.
    await expect
      .poll(() => root.evaluate((shadow) => [...(shadow as ShadowRoot).querySelectorAll('button')].map((button) => button.textContent)), { timeout: 90_000 })
      .toContain('Copy');
    expect(await root.evaluate(smallTextIn)).toEqual([]);
    await expectNoViolations(page, root);
    await page.close();
  });
});
