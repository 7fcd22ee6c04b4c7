// Steps the end-to-end tests are made of, written once against DrivenExtension/DrivenPage so that the same
// step runs in Chromium and in Firefox (the shared scenarios, test/e2e/scenarios/, and the Playwright-driven
// suites through extension.ts). Extension APIs are called as `chrome.*`, which
// both browsers offer (Firefox answers with promises in MV3).
import { expect, vi } from 'vitest';
import { menuClickInBackground, type DrivenExtension, type DrivenPage, type Finder, type MenuClickInfo } from './driven';

/** The id of the tab showing `url`, as the extension sees it. */
export async function tabIdOf(extension: DrivenExtension, url: string): Promise<number> {
  return vi.waitFor(
    async () => {
      const id = await extension.evaluateInBackground(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)?.id, url);
      if (id === undefined) throw new Error(`No tab shows ${url}`);
      return id;
    },
    { timeout: 10_000, interval: 100 },
  );
}

/** Waits until the content script in `tabId`'s top frame answers: it runs at document_idle. */
export async function waitForContentScript(extension: DrivenExtension, tabId: number): Promise<void> {
  await expect
    .poll(
      () =>
        extension.evaluateInBackground(
          async (tabId) =>
            ((await chrome.tabs.sendMessage(tabId, { id: 1, type: 'ping', timestamp: Date.now() }, { frameId: 0 }).catch(() => undefined)) as
              | { res?: string }
              | undefined)?.res,
          tabId,
        ),
      { timeout: 15_000 },
    )
    .toBe('pong');
}

/** Opens a web page in a new tab and waits until the extension's content script answers in it. */
export async function openWebPage(extension: DrivenExtension, url: string): Promise<{ page: DrivenPage; tabId: number }> {
  const page = await extension.openTab(url);
  const tabId = await tabIdOf(extension, url);
  await waitForContentScript(extension, tabId);
  return { page, tabId };
}

/** The extension's stored settings. */
export async function storedSettings(extension: DrivenExtension): Promise<Record<string, unknown>> {
  return extension.evaluateInBackground(async () => ((await chrome.storage.local.get('settings'))['settings'] ?? {}) as Record<string, unknown>);
}

/**
 * Sets the model settings the way a user does: typing into the options page's labelled fields. Unless
 * `askBeforeDownload`, the models are also marked as agreed to download, as if the person had clicked
 * their Download button before (first-run.test.ts tests the asking itself).
 */
export async function configureModels(
  extension: DrivenExtension,
  settings: { modelHost?: string; textModel?: string; imageModel?: string },
  { askBeforeDownload = false } = {},
): Promise<void> {
  const options = await extension.openPage('options.html');
  const fields = [
    ['Model host', settings.modelHost],
    ['Text model', settings.textModel],
    ['Image model', settings.imageModel],
  ] as const;
  for (const [label, value] of fields) {
    if (value !== undefined) await options.fill({ label }, value);
  }
  const expected = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  // Saved when the stored settings say so (the page saves as the user types). vi.waitFor: this runs in hooks too.
  await vi.waitFor(
    async () => {
      const stored = await storedSettings(extension);
      expect(Object.fromEntries(Object.keys(expected).map((key) => [key, stored[key]]))).toEqual(expected);
    },
    { timeout: 10_000, interval: 100 },
  );
  await options.close();
  const models = [settings.textModel, settings.imageModel].filter((model) => model !== undefined);
  if (askBeforeDownload || models.length === 0) return;
  await extension.evaluateInBackground(async (models) => {
    const { settings } = (await chrome.storage.local.get('settings')) as { settings?: { downloadConsent?: string[] } };
    await chrome.storage.local.set({ settings: { ...settings, downloadConsent: [...new Set([...(settings?.downloadConsent ?? []), ...models])] } });
  }, models);
}

/** Clicks a context menu item through the handler the menu calls (headless browsers cannot open native context menus). */
export async function clickMenuItem(extension: DrivenExtension, tabId: number, info: MenuClickInfo): Promise<void> {
  await extension.evaluateInBackground(menuClickInBackground, { tabId, info });
}

/**
 * The busy state and text of every element matching `selector`, looking into shadow roots (the extension's
 * closed ones too, as the harness opens them to tests).
 */
function matchesIn(page: DrivenPage, selector: string): Promise<Array<{ busy: string | null; text: string }>> {
  return page.inspect((selector) => {
    const shadow = (element: Element): ShadowRoot | null =>
      element.shadowRoot ??
      (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ??
      (element as Element & { nanoBananaTestShadowRoot?: ShadowRoot }).nanoBananaTestShadowRoot ??
      null;
    const all = (root: Document | ShadowRoot): Element[] => {
      const found = [...root.querySelectorAll(selector)];
      for (const element of root.querySelectorAll('*')) {
        const inner = shadow(element);
        if (inner) found.push(...all(inner));
      }
      return found;
    };
    return all(document).map((element) => ({ busy: element.getAttribute('aria-busy'), text: (element as HTMLElement).innerText }));
  }, selector);
}

/** The text and busy state of the first element matching `selector`. */
export async function regionState(page: DrivenPage, selector: string): Promise<{ busy: string | null; text: string } | null> {
  return (await matchesIn(page, selector))[0] ?? null;
}

/**
 * Clicks `finder`, then waits until the element at `selector` has been busy (aria-busy="true") since the
 * click. A MutationObserver set up before the click notes it: a quick answer can be over between two polls.
 */
export async function clickUntilBusy(page: DrivenPage, finder: Finder, selector: string): Promise<void> {
  await page.evaluate((selector) => {
    const seen = { busy: false };
    (window as unknown as { nbBusySeen: typeof seen }).nbBusySeen = seen;
    const observer = new MutationObserver((records) => {
      const wasBusy = records.some((record) => record.oldValue === 'true' && (record.target as Element).matches(selector));
      if (wasBusy || document.querySelector(`${selector}[aria-busy="true"]`)) {
        seen.busy = true;
        observer.disconnect();
      }
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true });
  }, selector);
  await page.click(finder);
  await expect.poll(() => page.evaluate(() => (window as unknown as { nbBusySeen: { busy: boolean } }).nbBusySeen.busy)).toBe(true);
}

/** Waits until the element stops being busy (aria-busy="false") and returns its text. */
export async function finishedText(page: DrivenPage, selector: string, timeout = 90_000): Promise<string> {
  await expect.poll(async () => (await regionState(page, selector))?.busy, { timeout }).toBe('false');
  return (await regionState(page, selector))!.text;
}

/** The visible text of alerts in the page (shadow roots included), for messages explaining a failure. */
export async function alertsIn(page: DrivenPage): Promise<string[]> {
  return (await matchesIn(page, '[role="alert"]')).map((alert) => alert.text.trim()).filter(Boolean);
}
