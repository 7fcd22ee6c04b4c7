// The UI in the browser's language: Chromium started in French and in Arabic shows every extension page and
// the in-page card in that language, from its catalogue (public/_locales/<lang>/messages.json), Arabic right to
// left, and axe-core still finds nothing wrong.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ElementHandle, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { axeViolations, describeViolations } from '../support/axe';
import { launchExtension, openFormalRewriteCard, openPageWithContentScript, setStoredSettings, type LoadedExtension } from '../support/extension';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';

type Catalogue = Record<string, { message: string }>;
const catalogue = (lang: string): Catalogue =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../public/_locales', lang, 'messages.json'), 'utf8')) as Catalogue;

const ARTICLE = `<!doctype html><html lang="en"><head><title>Mangoes</title></head><body><article><h1>Mangoes</h1>
<p>Mangoes are stone fruits grown in tropical countries, with India growing almost half of the world's crop.</p>
<p>A ripe mango gives slightly when pressed, and its smell near the stem is sweet and strong.</p>
<p id="edit-me">Mango trees can live for hundreds of years and still bear fruit.</p>
</article></body></html>`;

let host: ModelHost;
let server: PageServer;

beforeAll(async () => {
  await buildFixtureModels();
  host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  server = await startPageServer();
  server.route('/mangoes.html', { body: ARTICLE });
});

afterAll(async () => {
  await host?.close();
  await server?.close();
});

async function expectNoViolations(page: Page, shadowRoot?: ElementHandle<Node>): Promise<void> {
  const violations = await axeViolations(page, { shadowRoot });
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe.each([
  { lang: 'fr', dir: 'ltr' },
  { lang: 'ar', dir: 'rtl' },
])('Chromium in $lang', ({ lang, dir }) => {
  const say = (key: string) => catalogue(lang)[key]!.message;
  let extension: LoadedExtension;

  beforeAll(async () => {
    extension = await launchExtension({ language: lang });
    // Stored directly: the options page's labels are in this language (the English ones configureModels types into are not there).
    await setStoredSettings(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID, imageModel: COLOR_CAPTIONER_ID, downloadConsent: [ECHO_CHAT_ID, COLOR_CAPTIONER_ID] });
  });

  afterAll(async () => {
    await extension?.close();
  });

  function openArticle(): Promise<{ page: Page; tabId: number }> {
    return openPageWithContentScript(extension, `${server.url}/mangoes.html`);
  }

  it(`says the browser's language is ${lang}, and the manifest's name and shortcut follow it`, async () => {
    const page = await extension.openPage('popup.html');
    expect(await page.evaluate(() => chrome.i18n.getUILanguage())).toMatch(new RegExp(`^${lang}\\b`));
    const commands = await page.evaluate(() => chrome.commands.getAll());
    expect(commands.find((command) => command.name === 'rewrite-selection')?.description).toBe(say('commandRewriteSelection'));
    await page.close();
  });

  it(`shows every extension page in ${lang}, ${dir}, with no axe violation`, async () => {
    const { page, tabId } = await openArticle();
    const pages = [
      { path: `popup.html?tabId=${tabId}`, button: 'summarizeThisPage', heading: 'extName' },
      { path: `sidepanel.html?tabId=${tabId}`, button: 'summarizePage', heading: 'extName' },
      { path: 'options.html', heading: 'optionsTitle' },
      { path: 'welcome.html', button: 'welcomeChooseOther', heading: 'welcomeTitle' },
    ];
    for (const { path, button, heading } of pages) {
      const surface = await extension.openPage(path);
      await expect.poll(() => surface.locator('h1').first().textContent()).toBe(say(heading));
      if (button) await surface.getByRole('button', { name: say(button), exact: true }).waitFor();
      await surface.waitForLoadState('networkidle');
      const shown = await surface.evaluate(() => ({
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        direction: getComputedStyle(document.body).direction,
        title: document.title,
      }));
      expect(shown, path).toEqual({ lang: expect.stringMatching(new RegExp(`^${lang}\\b`)), dir, direction: dir, title: expect.any(String) });
      await expectNoViolations(surface);
      await surface.close();
    }
    await page.close();
  });

  it(`summarizes in the side panel with its tabs, buttons and status in ${lang}`, async () => {
    const { page, tabId } = await openArticle();
    const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
    for (const tab of ['summarize', 'rewrite', 'altText']) await panel.getByRole('tab', { name: say(tab), exact: true }).waitFor();
    await panel.getByRole('button', { name: say('summarizePage'), exact: true }).click();
    const region = panel.getByRole('region', { name: say('summaryRegion'), exact: true });
    await expect.poll(() => region.innerText(), { timeout: 90_000 }).toContain('MANGOES ARE STONE FRUITS');
    await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 90_000 }).toBe('false');
    // "Done in 1.2 s." in the catalogue's words: its text before the time.
    const done = say('statusDoneIn').split('$1')[0]!;
    await expect.poll(() => panel.locator('.nb-hint[aria-live]').first().textContent()).toContain(done);
    // The tablist's arrow keys follow the reading direction: in Arabic, Left goes to the next tab.
    await panel.getByRole('tab', { name: say('summarize'), exact: true }).focus();
    await panel.keyboard.press(dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight');
    await expect.poll(() => panel.evaluate(() => document.activeElement?.textContent)).toBe(say('rewrite'));
    await expectNoViolations(panel);
    await panel.close();
    await page.close();
  });

  it(`opens the in-page rewrite card in ${lang}, ${dir}, with no axe violation`, async () => {
    const { page, tabId } = await openArticle();
    const root = await openFormalRewriteCard(extension, page, tabId);
    await expect
      .poll(() => root.evaluate((shadow) => [...(shadow as ShadowRoot).querySelectorAll('button')].map((button) => button.textContent)), { timeout: 90_000 })
      .toContain(say('copy'));
    const card = await root.evaluate((shadow) => {
      const section = (shadow as ShadowRoot).querySelector('section')!;
      return { label: section.getAttribute('aria-label'), heading: section.querySelector('h2')?.textContent, direction: getComputedStyle(section).direction };
    });
    expect(card).toEqual({ label: say('rewrite'), heading: say('toneFormal'), direction: dir });
    // The page itself keeps its own language and direction.
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('ltr');
    await expectNoViolations(page, root);
    await page.close();
  });
});
