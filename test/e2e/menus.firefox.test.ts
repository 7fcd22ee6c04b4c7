// Firefox's own ways into the features, used as a user uses them: a real right-click opens Firefox's context
// menu and our item is clicked in it; the popup's button is clicked; the keyboard shortcut is pressed in the
// browser window. The sidebar (sidebar_action) can only be opened from such a user action
// (sidebarAction.open() must be called synchronously in it), so these also prove the product does that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { CAPTION_PALETTE } from '../fixtures/models/color-captioner';
import { launchFirefoxExtension, type FirefoxExtension } from '../support/firefox';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';
import { altFor } from '../support/colours';
import { ARTICLE, expectedRewrite } from './scenarios/features';
import { alertsIn, configureModels, finishedText, openWebPage } from '../support/steps';

let extension: FirefoxExtension;
let host: ModelHost;
let site: PageServer;

beforeAll(async () => {
  await buildFixtureModels();
  host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  site = await startPageServer();
  site.route('/article.html', { body: ARTICLE });
  extension = await launchFirefoxExtension();
  await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID, imageModel: COLOR_CAPTIONER_ID });
});

afterAll(async () => {
  await extension?.close();
  await Promise.all([host?.close(), site?.close()]);
});

/** The Summary region of the extension's open sidebar, read from another extension page (extension.getViews). */
function sidebarSummary(): Promise<{ busy: string | null; text: string } | null> {
  return extension.evaluateInBackground(() => {
    // Firefox's getViews knows a "sidebar" view type (Chrome's types do not).
    const [view] = (chrome.extension.getViews as (filter: { type: string }) => Window[])({ type: 'sidebar' });
    const region = view?.document.querySelector<HTMLElement>('[role="region"][aria-label="Summary"]');
    return region ? { busy: region.getAttribute('aria-busy'), text: region.innerText } : null;
  });
}

async function sidebarFinishedSummary(): Promise<string> {
  await expect
    .poll(
      async () => {
        const state = await sidebarSummary();
        return state?.busy === 'false' && state.text.length > 0;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return (await sidebarSummary())!.text;
}

describe('Firefox: sidebar, menus and shortcut', () => {
  it('"Summarize page" in the real context menu opens the sidebar, which summarizes the page', async () => {
    const { page } = await openWebPage(extension, `${site.url}/article.html`);
    // Firefox opens a new add-on's sidebar when it is installed: start from a closed one.
    await extension.closeSidebar();
    expect(await extension.sidebarOpen()).toBe(false);
    await extension.openContextMenu(page, 'article p');
    await extension.clickContextMenuItem('summarize-page');
    await expect.poll(() => extension.sidebarOpen()).toBe(true);
    expect(await sidebarFinishedSummary()).toContain('BANANAS GROW IN CLUSTERS CALLED HANDS');
    await extension.closeSidebar();
    await page.close();
  });

  it('"Summarize this page" in the popup opens the sidebar, which summarizes the page', async () => {
    const { page, tabId } = await openWebPage(extension, `${site.url}/article.html`);
    await extension.closeSidebar();
    const popup = await extension.openPage(`popup.html?tabId=${tabId}`);
    await popup.click({ role: 'button', name: 'Summarize this page' });
    await expect.poll(() => extension.sidebarOpen()).toBe(true);
    expect(await sidebarFinishedSummary()).toContain('BANANAS GROW IN CLUSTERS CALLED HANDS');
    await extension.closeSidebar();
    await page.close();
  });

  it('the real sidebar follows the tab in view, each tab keeping its own summary', async () => {
    site.route('/orchard.html', {
      body: '<!doctype html><html lang="en"><head><title>Apple orchards in winter</title></head><body><article><h1>Apple orchards in winter</h1><p>Orchard keepers prune apple trees in the cold months, cutting away crossing branches so light reaches the fruit.</p></article></body></html>',
    });
    const bananas = await openWebPage(extension, `${site.url}/article.html`);
    await extension.closeSidebar();
    await extension.openContextMenu(bananas.page, 'article p');
    await extension.clickContextMenuItem('summarize-page');
    await expect.poll(() => extension.sidebarOpen()).toBe(true);
    const bananaSummary = await sidebarFinishedSummary();
    expect(bananaSummary).toContain('BANANAS GROW IN CLUSTERS CALLED HANDS');
    const pageLine = () =>
      extension.evaluateInBackground(() => {
        const [view] = (chrome.extension.getViews as (filter: { type: string }) => Window[])({ type: 'sidebar' });
        return view?.document.querySelector('.nb-panel-page')?.textContent ?? '';
      });
    expect(await pageLine()).toBe('Page: The secret life of bananas');

    // Another tab in the window: the sidebar stays open and works on it, with its own (empty) summary.
    const apples = await openWebPage(extension, `${site.url}/orchard.html`);
    await apples.page.bringToFront();
    await expect.poll(pageLine).toBe('Page: Apple orchards in winter');
    expect((await sidebarSummary())?.text).toBe('');

    // Back on the first tab, its summary is there again.
    await bananas.page.bringToFront();
    await expect.poll(pageLine).toBe('Page: The secret life of bananas');
    expect((await sidebarSummary())?.text).toBe(bananaSummary);
    await extension.closeSidebar();
    await apples.page.close();
    await bananas.page.close();
  });

  it('"Summarize selection" in the real context menu opens the sidebar, which summarizes just the selection', async () => {
    const { page } = await openWebPage(extension, `${site.url}/article.html`);
    await extension.closeSidebar();
    await page.evaluate(() => getSelection()!.selectAllChildren(document.querySelectorAll('article p')[1]!));
    await extension.openContextMenu(page, 'article h1');
    await extension.clickContextMenuItem('summarize-selection');
    await expect.poll(() => extension.sidebarOpen()).toBe(true);
    const summary = await sidebarFinishedSummary();
    expect(summary).toContain('THE PLANT IS TECHNICALLY AN HERB');
    expect(summary).not.toContain('BANANAS GROW IN CLUSTERS');
    await extension.closeSidebar();
    await page.close();
  });

  it('"Generate alt text" in the real context menu of a cross-origin image shows a card whose Apply writes the alt', async () => {
    const other = await startPageServer('127.0.0.2');
    const { rgb } = CAPTION_PALETTE.find((colour) => colour.name === 'orange')!;
    const png = await sharp({ create: { width: 90, height: 90, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();
    other.route('/crate.png', { body: png, type: 'image/png' });
    site.route('/crate.html', { body: `<!doctype html><title>Crate</title><p>Our new banana crate.</p><img id="crate" src="${other.url}/crate.png" width="90" height="90">` });
    const { page } = await openWebPage(extension, `${site.url}/crate.html`);
    await expect.poll(() => page.evaluate(() => (document.getElementById('crate') as HTMLImageElement).complete)).toBe(true);
    await extension.openContextMenu(page, '#crate');
    await extension.clickContextMenuItem('alt-text');
    // The card's root is closed to the page: read it where the harness can see closed roots.
    const field = () =>
      page.inspect(() => {
        const host = document.querySelector('nano-banana-card') as (Element & { openOrClosedShadowRoot?: ShadowRoot | null }) | null;
        return host?.openOrClosedShadowRoot?.querySelector('[aria-label="Generated alt text"]')?.textContent ?? '';
      });
    await expect.poll(field, { timeout: 60_000 }).toBe(altFor('orange'));
    expect(await page.evaluate(() => document.getElementById('crate')!.getAttribute('alt'))).toBeNull();
    await page.click({ role: 'button', name: 'Apply', within: 'nano-banana-card' });
    expect(await page.evaluate(() => document.getElementById('crate')!.getAttribute('alt'))).toBe(altFor('orange'));
    await page.close();
    await other.close();
  });

  it('"Rewrite ▸ Shorter" in the real context menu rewrites the selection; the shortcut then uses that tone', async () => {
    const words = 'the banana crates leave on friday morning';
    site.route('/note.html', { body: `<!doctype html><title>Note</title><textarea id="note" cols="60">${words} sharp</textarea>` });
    const { page } = await openWebPage(extension, `${site.url}/note.html`);
    const select = () =>
      page.evaluate((length) => {
        const note = document.getElementById('note') as HTMLTextAreaElement;
        note.focus();
        note.setSelectionRange(0, length);
      }, words.length);
    const output = '[role="region"][aria-label="Rewritten text"]';

    await select();
    await extension.openContextMenu(page, '#note');
    await extension.clickContextMenuItem('rewrite:shorter');
    expect(await finishedText(page, output)).toBe(expectedRewrite(words, 'shorter'));
    expect(await alertsIn(page)).toEqual([]);
    await page.press('Escape');
    await expect.poll(() => page.evaluate(() => document.querySelector('nano-banana-card') === null)).toBe(true);

    await select();
    await extension.pressShortcut('Alt+Shift+R');
    const shown = await finishedText(page, output);
    expect(await alertsIn(page)).toEqual([]);
    expect(shown).toBe(expectedRewrite(words, 'shorter'));
    await page.close();
  });
});
