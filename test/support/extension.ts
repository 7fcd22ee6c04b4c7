// Launches the system Chromium, headless, with the built extension loaded, as a user would have it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type ElementHandle, type Page, type Worker } from 'playwright-core';
import { expect, vi } from 'vitest';
import type { TestEngineKnobs } from '../../src/test-hooks';
import { extensionBrowserArgs, findChromium } from './chromium';
import { drivenView } from './chromium-page';
import type { MenuClickInfo } from './driven';
import { shadowRootsOf } from './in-page-ui';
import * as steps from './steps';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../..', process.env.NANO_BANANA_OUT_DIR ?? '.output', 'chrome-mv3');

export interface LoadedExtension {
  context: BrowserContext;
  id: string;
  /** The extension's service worker as last seen; after Chrome stops it, use wakeWorker(). */
  readonly worker: Worker;
  /** The running service worker, started again (by a message) if Chrome stopped it. */
  wakeWorker(): Promise<Worker>;
  /** Opens one of the extension's pages, e.g. `open('sidepanel.html?tabId=3')`. */
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Send every request of the browser through this proxy (see recording-proxy.ts), loopback included. */
  proxy?: string;
  /** More Chromium flags, such as `--host-resolver-rules` to give loopback servers public-looking names. */
  args?: string[];
  /** Leave open the welcome page the extension opens on install (closed by default: tests start from one tab). */
  keepWelcome?: boolean;
  /** The browser's language ("fr", "ar"): Chromium on Linux takes its UI language from LANGUAGE, not from --lang. */
  language?: string;
}

export async function launchExtension({ proxy, args = [], keepWelcome = false, language }: LaunchOptions = {}): Promise<LoadedExtension> {
  const profile = mkdtempSync(join(tmpdir(), 'nano-banana-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    // '<-loopback>' takes away Chromium's implicit proxy bypass for 127.0.0.1 and localhost.
    ...(proxy ? { proxy: { server: proxy, bypass: '<-loopback>' } } : {}),
    args: [...extensionBrowserArgs(EXTENSION_DIR), ...(language ? [`--lang=${language}`] : []), ...args],
    ...(language ? { env: { ...process.env, LANGUAGE: language }, locale: language } : {}),
  });
  let worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const id = new URL(worker.url()).host;
  context.on('serviceworker', (started) => {
    if (started.url().startsWith(`chrome-extension://${id}/`)) worker = started;
  });
  const welcomeUrl = `chrome-extension://${id}/welcome.html`;
  if (!keepWelcome) {
    const welcome = await vi.waitFor(
      () => {
        const found = context.pages().find((page) => page.url() === welcomeUrl);
        if (!found) throw new Error('The extension opened no welcome page on install.');
        return found;
      },
      { timeout: 30_000, interval: 100 },
    );
    await welcome.close();
  }
  return {
    context,
    id,
    get worker() {
      return worker;
    },
    async wakeWorker() {
      const alive = await worker.evaluate(() => true).catch(() => false);
      if (alive) return worker;
      const started = context.waitForEvent('serviceworker', { timeout: 30_000 });
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/popup.html`);
      // Only the message wakes the worker; its answer does not matter here.
      await sendProtocolMessage(page, 'ensureEngine').catch(() => undefined);
      await page.close();
      return started;
    },
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Sends one message of the extension's protocol from an extension page, through the page's own
 * `sendMessage` (src/messaging/protocol.ts, exposed by test builds as `nanoBananaTestHooks`), to the
 * extension or to a tab's content script.
 */
export async function sendProtocolMessage<T = unknown>(page: Page, type: string, data?: unknown, tabId?: number, frameId = 0): Promise<T> {
  return protocolReply<T>(await page.evaluate(sendInPage, [type, data, tabId, frameId] as const), page.url());
}

export type ProtocolReply = { missing: true } | { res: unknown } | { err: string };

/**
 * Runs in an extension page of a test build (sent as source, so self-contained, and browser-neutral): sends
 * one protocol message through the extension's own sendMessage, which the test hooks expose.
 */
export async function sendInPage([type, data, tabId, frameId]: readonly [string, unknown, number | null | undefined, number]): Promise<ProtocolReply> {
  type Send = (type: string, data: unknown, target?: { tabId: number; frameId: number }) => Promise<unknown>;
  const hooks = (globalThis as { nanoBananaTestHooks?: { sendMessage?: Send } }).nanoBananaTestHooks;
  if (!hooks?.sendMessage) return { missing: true as const };
  try {
    // Marionette hands an undefined argument over as null.
    return { res: await hooks.sendMessage(type, data, tabId === undefined || tabId === null ? undefined : { tabId, frameId }) };
  } catch (error) {
    return { err: error instanceof Error ? error.message : String(error) };
  }
}

/** The answer sendInPage brought back from `url`, or the error it stands for. */
export function protocolReply<T>(reply: ProtocolReply, url: string): T {
  if ('missing' in reply) throw new Error(`${url} has no test hooks: build with NANO_BANANA_TEST_BUILD=1 (npm test does).`);
  if ('err' in reply) throw new Error(reply.err || 'The extension answered with an error.');
  return reply.res as T;
}

/** The id of the tab showing `url`, as the extension sees it. */
export async function tabIdOf(page: Page, url: string): Promise<number> {
  // Every tab, compared by address: match patterns cannot name chrome:// pages.
  const id = await page.evaluate(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)?.id, url);
  if (id === undefined) throw new Error(`No tab shows ${url}`);
  return id;
}

/** The id of the tab showing `url`, as the extension sees it (waiting until it does). */
export async function tabIdShowing(extension: LoadedExtension, url: string): Promise<number> {
  return steps.tabIdOf(drivenView(extension), url);
}

/** Waits until the content script in `tabId`'s top frame answers: it runs at document_idle. */
export async function waitForContentScript(extension: LoadedExtension, tabId: number): Promise<void> {
  await steps.waitForContentScript(drivenView(extension), tabId);
}

/** Opens `url` in a new tab and waits until the extension sees the tab and its content script answers. */
export async function openPageWithContentScript(extension: LoadedExtension, url: string): Promise<{ page: Page; tabId: number }> {
  const page = await extension.context.newPage();
  await page.goto(url);
  const tabId = await tabIdShowing(extension, url);
  await waitForContentScript(extension, tabId);
  return { page, tabId };
}

/** Selects #edit-me on `page`, clicks "Rewrite ▸ Formal" and returns the in-page card's shadow root once it opens. */
export async function openFormalRewriteCard(extension: LoadedExtension, page: Page, tabId: number): Promise<ElementHandle<Node>> {
  await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('edit-me')!);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  });
  await clickMenuItem(extension, tabId, { menuItemId: 'rewrite:formal', pageUrl: page.url() });
  let root: ElementHandle<Node> | undefined;
  for (const deadline = Date.now() + 30_000; !root && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
    [root] = await shadowRootsOf(page, 'nano-banana-card');
  }
  if (!root) throw new Error('The rewrite card did not open');
  return root;
}

/** The shared configureModels (steps.ts) on a Playwright-driven extension. */
export async function configureModels(
  extension: LoadedExtension,
  settings: Parameters<typeof steps.configureModels>[1],
  options: Parameters<typeof steps.configureModels>[2] = {},
): Promise<void> {
  await steps.configureModels(drivenView(extension), settings, options);
}

/** The settings as stored (what the extension reads), read in the service worker. */
export async function storedSettings(extension: LoadedExtension): Promise<Record<string, unknown>> {
  return steps.storedSettings(drivenView(extension));
}

/**
 * Chooses an option in one of the options page's menus, as a person would, and waits until it is stored:
 * the page saves as it changes, and closing it at once could lose a save still under way.
 */
export async function chooseInOptions(extension: LoadedExtension, menu: string, option: { label: string } | string, setting: string): Promise<string> {
  const options = await extension.openPage('options.html');
  const [value] = await options.getByLabel(menu, { exact: true }).selectOption(option);
  await vi.waitFor(async () => expect((await storedSettings(extension))[setting]).toBe(value), { timeout: 10_000, interval: 100 });
  await options.close();
  return value!;
}

/** Changes stored settings directly, for values the options page does not offer (such as seconds-long idle times). */
export async function setStoredSettings(extension: LoadedExtension, patch: Record<string, unknown>): Promise<void> {
  const worker = await extension.wakeWorker();
  await worker.evaluate(async (patch) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object | undefined), ...patch } });
  }, patch);
}

/** Clicks a context menu item through the handler the menu calls (steps.ts's clickMenuItem, for Playwright). */
export async function clickMenuItem(extension: LoadedExtension, tabId: number, info: MenuClickInfo): Promise<void> {
  await steps.clickMenuItem(drivenView(extension), tabId, info);
}

/**
 * Test builds' engine knobs (src/test-hooks.ts), such as a download stall noticed after `stallTimeoutMs`
 * rather than 30 s; `{}` puts the engine's own back. Read by the engine with each request.
 */
export async function setTestEngineKnobs(extension: LoadedExtension, knobs: TestEngineKnobs): Promise<void> {
  const worker = await extension.wakeWorker();
  await worker.evaluate((knobs) => chrome.storage.local.set({ testEngineKnobs: knobs }), knobs);
}

/**
 * Evaluates an expression in the side panel Chrome opened itself (from the popup or a menu). Playwright
 * does not list side panels among its pages, so this goes through the DevTools protocol.
 */
export async function evaluateInSidePanel<T>(extension: LoadedExtension, expression: string): Promise<T | undefined> {
  const page = extension.context.pages()[0] ?? (await extension.context.newPage());
  const cdp = await extension.context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const panel = targetInfos.find((target) => target.url.startsWith(`chrome-extension://${extension.id}/sidepanel.html`));
    if (!panel) return undefined;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: panel.targetId, flatten: false });
    const reply = new Promise<T>((resolve, reject) => {
      cdp.on('Target.receivedMessageFromTarget', (event) => {
        const message = JSON.parse(event.message) as { id?: number; result?: { result: { value: T } }; error?: { message: string } };
        if (message.id !== 1) return;
        if (message.error) reject(new Error(message.error.message));
        else resolve(message.result!.result.value);
      });
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, returnByValue: true, awaitPromise: true } }),
    });
    return await reply;
  } finally {
    await cdp.detach();
  }
}
