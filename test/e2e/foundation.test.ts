// The extension as a whole, loaded into headless Chromium: every surface renders, the content script
// answers on a served page, the engine's offscreen document is created once, the menus exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launchExtension, sendProtocolMessage, storedSettings, tabIdOf, type LoadedExtension } from '../support/extension';
import { startPageServer, type PageServer } from '../support/page-server';

let extension: LoadedExtension;
let server: PageServer;

beforeAll(async () => {
  server = await startPageServer();
  server.route('/article.html', {
    body: `<!doctype html><html lang="en"><head><title>Bananas of the world</title></head><body>
      <nav><a href="/">Home</a> <a href="/about">About</a></nav>
      <article><h1>Bananas of the world</h1>
      <p>Bananas grow in clusters called hands, hanging from large herbaceous plants in warm regions.</p>
      <p>The Cavendish variety dominates world trade, but hundreds of other cultivars are eaten locally.</p>
      </article><footer>Copyright footer text</footer></body></html>`,
  });
  extension = await launchExtension();
});

afterAll(async () => {
  await extension?.close();
  await server?.close();
});

describe('manifest', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));

  it('declares every surface', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.service_worker).toBe('background.js');
    expect(manifest.side_panel.default_path).toBe('sidepanel.html');
    expect(manifest.action.default_popup).toBe('popup.html');
    expect(manifest.options_ui.page).toBe('options.html');
    expect(manifest.content_scripts[0].matches).toEqual(['http://*/*', 'https://*/*']);
  });

  it('asks only for the permissions the product needs', () => {
    expect([...manifest.permissions].sort()).toEqual(
      ['clipboardWrite', 'contextMenus', 'offscreen', 'scripting', 'sidePanel', 'storage', 'unlimitedStorage'].sort(),
    );
    // All sites: pages of any address, cross-origin image bytes, and captureVisibleTab (which Chrome
    // allows only with <all_urls>) for images nothing else can read. Content scripts stay on http(s).
    expect(manifest.host_permissions).toEqual(['<all_urls>']);
  });

  it('allows no remote code and isolates extension pages', () => {
    expect(manifest.content_security_policy.extension_pages).toBe("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
    expect(manifest.cross_origin_embedder_policy.value).toBe('require-corp');
    expect(manifest.cross_origin_opener_policy.value).toBe('same-origin');
  });
});

describe('Firefox build', () => {
  // npm test builds it beside the Chrome build; Firefox itself is not driven here.
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, '../firefox-mv3/manifest.json'), 'utf8'));

  it('is MV3 with the engine in the background page and the panel as a sidebar', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.scripts).toEqual(['background.js']);
    expect(manifest.sidebar_action.default_panel).toBe('sidepanel.html');
    expect(manifest.browser_specific_settings.gecko.id).toBeTruthy();
    expect(manifest.permissions).not.toContain('offscreen');
    expect(manifest.content_security_policy.extension_pages).toBe("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  });

  it('ships the WASM runtime inside the extension', () => {
    for (const file of ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm']) {
      expect(readFileSync(join(EXTENSION_DIR, '../firefox-mv3/ort', file)).length).toBeGreaterThan(10_000);
    }
  });
});

describe('surfaces', () => {
  it('renders the side panel, cross-origin isolated', async () => {
    const panel = await extension.openPage('sidepanel.html');
    await expect.poll(() => panel.getByRole('button', { name: 'Summarize page' }).count()).toBe(1);
    expect(await panel.getByRole('region', { name: 'Summary' }).count()).toBe(1);
    // One tab per feature, each showing its controls.
    expect(await panel.getByRole('tablist').getByRole('tab').allInnerTexts()).toEqual(['Summarize', 'Rewrite', 'Alt text']);
    await panel.getByRole('tab', { name: 'Rewrite' }).click();
    expect(await panel.getByLabel('Text to rewrite').count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Rewrite', exact: true }).isVisible()).toBe(true);
    await panel.getByRole('tab', { name: 'Alt text' }).click();
    expect(await panel.getByRole('button', { name: 'Generate alt text' }).count()).toBe(1);
    // The tab used last comes back with the panel.
    await panel.reload();
    const altTab = panel.getByRole('tab', { name: 'Alt text' });
    await expect.poll(() => altTab.getAttribute('aria-selected')).toBe('true');
    // Arrow keys move between the tabs (wrapping around), showing each.
    await altTab.focus();
    await panel.keyboard.press('ArrowRight');
    expect(await panel.getByRole('tab', { name: 'Summarize' }).getAttribute('aria-selected')).toBe('true');
    expect(await panel.evaluate(() => document.activeElement?.textContent)).toBe('Summarize');
    expect(await panel.getByRole('button', { name: 'Summarize page' }).isVisible()).toBe(true);
    expect(await panel.getByRole('button', { name: 'Generate alt text' }).isVisible()).toBe(false);
    expect(await panel.evaluate(() => crossOriginIsolated)).toBe(true);
    await panel.close();
  });

  it('renders the options page with the model settings', async () => {
    const options = await extension.openPage('options.html');
    const host = options.getByLabel('Model host');
    await expect.poll(() => host.inputValue()).toBe('https://huggingface.co');
    expect(await options.getByLabel('Text model').inputValue()).toBe('HuggingFaceTB/SmolLM2-360M-Instruct');
    expect(await options.getByLabel('Image model').inputValue()).toBe('Mozilla/distilvit');
    await options.close();
  });

  it('keeps every character typed into the Model host field, shown and stored', async () => {
    const options = await extension.openPage('options.html');
    const host = options.getByLabel('Model host');
    await expect.poll(() => host.inputValue()).toBe('https://huggingface.co');
    const typed = 'http://127.0.0.1:8080/models/mirror';
    await host.fill('');
    // Key by key, as a person types: each keystroke saves while the one before may still be saving.
    await host.pressSequentially(typed);
    await expect.poll(async () => (await storedSettings(extension)).modelHost).toBe(typed);
    expect(await host.inputValue()).toBe(typed);
    await host.fill('https://huggingface.co');
    await expect.poll(async () => (await storedSettings(extension)).modelHost).toBe('https://huggingface.co');
    await options.close();
  });

  it('renders the popup with its quick actions', async () => {
    const popup = await extension.openPage('popup.html');
    await expect.poll(() => popup.getByRole('button', { name: 'Summarize this page' }).count()).toBe(1);
    expect(await popup.getByRole('button', { name: 'Generate alt text' }).count()).toBe(1);
    await popup.close();
  });
});

describe('content script', () => {
  it('extracts a served page on request', async () => {
    const page = await extension.context.newPage();
    await page.goto(`${server.url}/article.html`);
    const panel = await extension.openPage('sidepanel.html');
    const tabId = await tabIdOf(panel, `${server.url}/article.html`);
    await expect.poll(() => sendProtocolMessage(panel, 'ping', undefined, tabId).catch(() => undefined)).toBe('pong');
    const { page: extracted } = await sendProtocolMessage<{ page: { title: string; text: string } }>(panel, 'readPage', { since: null, ahead: false }, tabId);
    expect(extracted.title).toBe('Bananas of the world');
    expect(extracted.text).toContain('The Cavendish variety dominates world trade');
    expect(extracted.text).not.toContain('Copyright footer text');
    await panel.close();
    await page.close();
  });
});

describe('engine host', () => {
  it('creates the offscreen document once when asked twice at the same time', async () => {
    const worker = extension.worker;
    await worker.evaluate(async () => {
      const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] });
      if (open.length > 0) await chrome.offscreen.closeDocument();
    });
    const first = await extension.openPage('options.html');
    const second = await extension.openPage('popup.html');
    await Promise.all([
      sendProtocolMessage(first, 'ensureEngine'),
      sendProtocolMessage(second, 'ensureEngine'),
      sendProtocolMessage(first, 'ensureEngine'),
    ]);
    const count = await worker.evaluate(
      async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length,
    );
    expect(count).toBe(1);
    const status = await sendProtocolMessage<{ crossOriginIsolated: boolean; threads: number }>(first, 'engineStatus');
    expect(status.crossOriginIsolated).toBe(true);
    await first.close();
    await second.close();
  });
});

describe('context menu', () => {
  it('registers every item', async () => {
    const ids = [
      'rewrite',
      'rewrite:formal',
      'rewrite:casual',
      'rewrite:shorter',
      'rewrite:longer',
      'rewrite:simpler',
      'rewrite:grammar',
      'rewrite:custom',
      'summarize-selection',
      'alt-text',
      'summarize-page',
    ];
    // contextMenus.update rejects for an id that does not exist: a real check that each item is there.
    const missing = await extension.worker.evaluate(async (ids) => {
      const results = await Promise.allSettled(ids.map((id) => chrome.contextMenus.update(id, {})));
      return ids.filter((_, i) => results[i]!.status === 'rejected');
    }, ids);
    expect(missing).toEqual([]);
  });
});
