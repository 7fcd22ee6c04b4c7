// A Playwright-driven Chromium page and extension (extension.ts) seen as the browser-neutral DrivenPage and
// DrivenExtension (driven.ts), so the shared steps and scenarios run in Chromium too.
import type { ElementHandle, Page } from 'playwright-core';
import { findElement, isInPageUi, pauseBeforeInPageClick, toWire, type DrivenExtension, type DrivenPage, type Finder } from './driven';
import type { LoadedExtension } from './extension';
import { exposeClosedShadowRoots } from './in-page-ui';

async function elementIn(page: Page, finder: Finder): Promise<ElementHandle<Element>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await exposeClosedShadowRoots(page);
    const handle = await page.evaluateHandle(findElement, toWire(finder));
    const element = handle.asElement();
    if (element) return element;
    await handle.dispose();
    if (Date.now() > deadline) throw new Error(`No element for ${JSON.stringify(toWire(finder))} in the page`);
    await page.waitForTimeout(100);
  }
}

export function drivenPage(page: Page): DrivenPage {
  return {
    url: async () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => never, arg),
    inspect: async (fn, arg) => {
      await exposeClosedShadowRoots(page);
      return page.evaluate(fn as (arg: unknown) => never, arg);
    },
    goto: async (url) => void (await page.goto(url)),
    click: async (finder) => {
      if (isInPageUi(finder)) {
        await elementIn(page, finder);
        await pauseBeforeInPageClick();
      }
      await (await elementIn(page, finder)).click();
    },
    fill: async (finder, text) => (await elementIn(page, finder)).fill(text),
    selectOption: async (finder, label) => void (await (await elementIn(page, finder)).selectOption({ label })),
    press: (keys) => page.keyboard.press(keys),
    screenshot: () => page.screenshot(),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/** `loaded` as a DrivenExtension. */
export function drivenView(loaded: LoadedExtension): DrivenExtension {
  return {
    browserName: 'chromium',
    origin: `chrome-extension://${loaded.id}`,
    openPage: async (path) => drivenPage(await loaded.openPage(path)),
    openTab: async (url) => {
      const page = await loaded.context.newPage();
      await page.goto(url);
      return drivenPage(page);
    },
    evaluateInBackground: async (fn, arg) => (await loaded.wakeWorker()).evaluate(fn as (arg: unknown) => never, arg),
    close: () => loaded.close(),
  };
}
