// Launches Firefox ESR, headless, with the Firefox build of the extension installed, and drives it over
// Marionette (Firefox's own remote protocol; geckodriver is only a WebDriver front for it).
//
// Why this way: WebDriver BiDi and Marionette refuse to navigate to moz-extension:// addresses. With
// `-remote-allow-system-access`, Marionette may run scripts in the browser's own (chrome) context, which
// opens extension pages in tabs the way Firefox itself does (gBrowser.addTab with the system principal);
// the tab is then driven from the content context like any page. The extension's moz-extension:// host is
// random per profile unless the `extensions.webextensions.uuids` pref fixes it, which it does here.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findElement, isInPageUi, pauseBeforeInPageClick, toWire, type DrivenExtension, type DrivenPage, type Finder } from './driven';
import { isElementReference, MarionetteClient, MarionetteError, type ElementReference } from './marionette';

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../..', process.env.NANO_BANANA_OUT_DIR ?? '.output', 'firefox-mv3');

/** The moz-extension:// host the tests give the extension (any UUID would do; a fixed one is easy to read in logs). */
export const FIREFOX_EXTENSION_UUID = '6e616e6f-6261-4e61-ae61-000000000001';

const COMMON_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr', '/usr/lib/firefox/firefox'];

export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but no file is there.`);
    return fromEnv;
  }
  const found = COMMON_PATHS.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    'No Firefox found for the end-to-end tests. Install Firefox ESR (Debian/Ubuntu: `sudo apt-get install firefox-esr`) ' +
      'or set FIREFOX_PATH to a Firefox binary.',
  );
}

export interface FirefoxLaunchOptions {
  /** Send every request of the browser through this proxy (see recording-proxy.ts), loopback included. */
  proxy?: string;
  /** Extra prefs for user.js. */
  prefs?: Record<string, string | number | boolean>;
  /** Leave open the welcome page the extension opens on install (closed by default: tests start from one tab). */
  keepWelcome?: boolean;
  /** The built extension to install (default: the test build, FIREFOX_EXTENSION_DIR). */
  extensionDir?: string;
}

/**
 * Prefs for a quiet test browser. Marionette already applies its "recommended" prefs (no updates, no
 * telemetry upload, no first-run pages); these silence the rest of Firefox's own traffic, which the
 * recording proxy would otherwise see, and fix the extension's host.
 */
function profilePrefs(extensionId: string, { proxy, prefs }: FirefoxLaunchOptions): Record<string, string | number | boolean> {
  const proxyPrefs: Record<string, string | number | boolean> = {};
  if (proxy) {
    const { hostname, port } = new URL(proxy);
    Object.assign(proxyPrefs, {
      'network.proxy.type': 1,
      'network.proxy.http': hostname,
      'network.proxy.http_port': Number(port),
      'network.proxy.ssl': hostname,
      'network.proxy.ssl_port': Number(port),
      'network.proxy.no_proxies_on': '',
      // Without it Firefox never proxies 127.0.0.1 and localhost.
      'network.proxy.allow_hijacking_localhost': true,
      'network.proxy.share_proxy_settings': false,
    });
  }
  return {
    'marionette.port': 0, // any free port; Firefox writes it to MarionetteActivePort in the profile
    'extensions.webextensions.uuids': JSON.stringify({ [extensionId]: FIREFOX_EXTENSION_UUID }),
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.newtabpage.enabled': false,
    'browser.startup.page': 0,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.server': 'http://127.0.0.1:9/',
    'app.normandy.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'messaging-system.rsexperimentloader.enabled': false,
    'app.update.disabledForTesting': true,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'browser.safebrowsing.provider.google4.updateURL': '',
    // Media plugins (OpenH264, Widevine): their update checks go to aus5.mozilla.org and update.googleapis.com.
    'media.gmp-manager.url': 'http://127.0.0.1:9/',
    'media.gmp-manager.updateEnabled': false,
    'media.gmp-gmpopenh264.enabled': false,
    'media.gmp-widevinecdm.enabled': false,
    'media.eme.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'browser.search.update': false,
    'browser.topsites.contile.enabled': false,
    'browser.newtabpage.activity-stream.feeds.system.topstories': false,
    'browser.newtabpage.activity-stream.feeds.snippets': false,
    'services.settings.server': 'http://127.0.0.1:9/v1',
    'extensions.getAddons.cache.enabled': false,
    'extensions.update.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.blocklist.enabled': false,
    'security.OCSP.enabled': 0,
    'security.remote_settings.crlite_filters.enabled': false,
    'privacy.trackingprotection.enabled': false,
    'identity.fxaccounts.enabled': false,
    'browser.ping-centre.telemetry': false,
    'signon.rememberSignons': false,
    // The tests open many tabs and close them; no "close all tabs?" prompt, no session restore.
    'browser.tabs.warnOnClose': false,
    'browser.sessionstore.resume_from_crash': false,
    ...(process.env.NANO_BANANA_FIREFOX_LOG ? { 'devtools.console.stdout.content': true, 'devtools.console.stdout.chrome': true } : {}),
    ...proxyPrefs,
    ...prefs,
  };
}

export interface FirefoxExtension extends DrivenExtension {
  browserName: 'firefox';
  id: string;
  uuid: string;
  marionette: MarionetteClient;
  /** Runs `fn(arg)` in Firefox's chrome (browser) context: gBrowser, Services, WebExtensionPolicy. */
  evaluateInChrome<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Right-clicks the element `selector` picks in `page` with the mouse: Firefox opens its context menu. */
  openContextMenu(page: DrivenPage, selector: string): Promise<void>;
  /** Clicks one of the extension's items (by the id it gave contextMenus.create) in the open context menu. */
  clickContextMenuItem(menuItemId: string): Promise<void>;
  /** Presses a key combination in the browser window, where Firefox handles extension shortcuts. */
  pressShortcut(keys: string): Promise<void>;
  /** Whether the extension's sidebar is open. */
  sidebarOpen(): Promise<boolean>;
  closeSidebar(): Promise<void>;
  /** The process's exit, for tests that check nothing is left running. */
  readonly process: ChildProcess;
}

export async function launchFirefoxExtension(options: FirefoxLaunchOptions = {}): Promise<FirefoxExtension> {
  const extensionDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const id = manifest.browser_specific_settings.gecko.id;
  const profile = mkdtempSync(join(tmpdir(), 'nano-banana-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(profilePrefs(id, options))
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
      .join('\n'),
  );
  const firefox = spawn(findFirefox(), ['--marionette', '-remote-allow-system-access', '-headless', '-no-remote', '-profile', profile, 'about:blank'], {
    // MOZ_REMOTE_SETTINGS_DEVTOOLS: without it release builds ignore services.settings.server (set to 127.0.0.1:9 below).
    env: { ...process.env, MOZ_HEADLESS: '1', MOZ_CRASHREPORTER_DISABLE: '1', MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    // NANO_BANANA_FIREFOX_LOG=1 shows Firefox's output, console messages of pages and the extension included.
    stdio: ['ignore', process.env.NANO_BANANA_FIREFOX_LOG ? 'inherit' : 'ignore', 'pipe'],
  });
  if (process.env.NANO_BANANA_FIREFOX_LOG) firefox.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  let stderr = '';
  firefox.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => firefox.once('exit', () => resolve()));
  // Should the test process end without close() (a crash, an interrupted run), Firefox goes with it.
  const killOnExit = () => firefox.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const killAll = async () => {
    if (firefox.exitCode === null && firefox.signalCode === null) {
      firefox.kill('SIGTERM');
      const timer = setTimeout(() => firefox.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const port = await waitForPort(profile, firefox, () => stderr);
    const marionette = await MarionetteClient.connect(port);
    await marionette.send('WebDriver:NewSession', { capabilities: { alwaysMatch: { acceptInsecureCerts: false } } });
    await marionette.send('WebDriver:SetTimeouts', { script: 180_000, pageLoad: 60_000, implicit: 0 });
    const installed = await marionette.send<{ value: string }>('Addon:Install', { path: extensionDir, temporary: true });
    if (installed.value !== id) throw new Error(`Firefox installed ${installed.value}, not ${id}`);
    const driver = createDriver({ id, marionette, firefox, close: killAll });
    if (!options.keepWelcome) await closeWelcomePage(driver);
    return driver;
  } catch (error) {
    await killAll();
    throw new Error(`Firefox did not start for the tests: ${(error as Error).message}\n${stderr.slice(-3000)}`);
  }
}

/** Closes the welcome tab the extension opens on install, once it is there. */
async function closeWelcomePage(driver: FirefoxExtension): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const closed = await driver.evaluateInChrome((origin) => {
      const tabs = (globalThis as unknown as { gBrowser: { tabs: Array<{ linkedBrowser: { currentURI: { spec: string } } }>; removeTab(tab: unknown): void } }).gBrowser;
      const welcome = tabs.tabs.find((tab) => tab.linkedBrowser.currentURI.spec === `${origin}/welcome.html`);
      if (welcome) tabs.removeTab(welcome);
      return Boolean(welcome);
    }, driver.origin);
    if (closed) return;
    if (Date.now() > deadline) throw new Error('The extension opened no welcome page on install.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForPort(profile: string, firefox: ChildProcess, stderr: () => string): Promise<number> {
  const file = join(profile, 'MarionetteActivePort');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (firefox.exitCode !== null) throw new Error(`Firefox exited (${firefox.exitCode}): ${stderr()}`);
    if (existsSync(file)) {
      const port = Number(readFileSync(file, 'utf8').trim());
      if (port > 0) return port;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Firefox did not open its Marionette port within 60 s.');
}

/** Marionette's window handles are the remote agent's navigable ids of the tabs' browsers. */
const NAVIGABLES = `ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs').NavigableManager`;
/** A chrome-context expression for the <browser> of the tab whose handle is `arguments[0]`. */
const BROWSER_BY_HANDLE = `[...gBrowser.browsers].find((b) => ${NAVIGABLES}.getIdForBrowser(b) === arguments[0])`;

/** A function and its argument as a Marionette script: `arguments[0]` is the argument. */
function asScript(fn: (arg: never) => unknown): string {
  return `${PRELUDE}return (${fn.toString()})(arguments[0]);`;
}

/** esbuild (under tsx) may wrap functions in `__name(...)` calls; the page has no such helper. */
const PRELUDE = 'var __name = (fn) => fn; ';

interface DriverParts {
  id: string;
  marionette: MarionetteClient;
  firefox: ChildProcess;
  close(): Promise<void>;
}

function createDriver({ id, marionette, firefox, close }: DriverParts): FirefoxExtension {
  const origin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
  let context: 'chrome' | 'content' = 'content';
  let current: string | undefined;
  // Marionette has one current context and tab per session: one command sequence at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function setContext(wanted: 'chrome' | 'content'): Promise<void> {
    if (context === wanted) return;
    await marionette.send('Marionette:SetContext', { value: wanted });
    context = wanted;
  }

  async function inChrome<R>(script: string, args: unknown[] = []): Promise<R> {
    await setContext('chrome');
    return (await marionette.send<{ value: R }>('WebDriver:ExecuteScript', { script, args })).value;
  }

  async function inTab<R>(handle: string, script: string, args: unknown[] = [], sandbox?: 'system'): Promise<R> {
    await setContext('content');
    if (current !== handle) {
      await marionette.send('WebDriver:SwitchToWindow', { handle, focus: false });
      current = handle;
    }
    // The system sandbox sees closed shadow roots (`openOrClosedShadowRoot`), such as the extension's in-page
    // cards, but not the page's own script globals: used to find elements and to inspect them.
    return (await marionette.send<{ value: R }>('WebDriver:ExecuteScript', { script, args, ...(sandbox ? { sandbox } : {}) })).value;
  }

  async function elementIn(handle: string, finder: Finder): Promise<ElementReference> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = await inTab<unknown>(handle, `${PRELUDE}return (${findElement.toString()})(arguments[0]);`, [toWire(finder)], 'system');
      if (isElementReference(found)) return found;
      if (Date.now() > deadline) throw new Error(`No element for ${JSON.stringify(toWire(finder))} in the page`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function waitForLoad(handle: string, url: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const state = await inTab<{ href: string; ready: string } | null>(handle, 'return { href: location.href, ready: document.readyState };').catch(
        () => null,
      );
      if (state && state.href === url && state.ready === 'complete') return;
      if (Date.now() > deadline) throw new Error(`${url} did not load (${JSON.stringify(state)})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Opens `url` in a new tab from the chrome context, as Firefox opens its own pages, and selects it. */
  async function addTab(url: string): Promise<string> {
    return inChrome<string>(
      `const tab = gBrowser.addTab(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
       gBrowser.selectedTab = tab;
       return ${NAVIGABLES}.getIdForBrowser(tab.linkedBrowser);`,
      [url],
    );
  }

  const KEYS: Record<string, string> = {
    Control: '\uE009',
    Shift: '\uE008',
    Alt: '\uE00A',
    Meta: '\uE03D',
    Tab: '\uE004',
    Enter: '\uE007',
    Escape: '\uE00C',
    Backspace: '\uE003',
    ArrowDown: '\uE015',
    ArrowUp: '\uE013',
  };

  async function pressKeys(keys: string): Promise<void> {
    const parts = keys.split('+').map((key) => KEYS[key] ?? key);
    const actions = [...parts.map((value) => ({ type: 'keyDown', value })), ...parts.reverse().map((value) => ({ type: 'keyUp', value }))];
    await marionette.send('WebDriver:PerformActions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await marionette.send('WebDriver:ReleaseActions');
  }

  const handles = new WeakMap<DrivenPage, string>();
  /** Firefox's element id for an extension's menu item: the add-on id made a widget id, then the item's id. */
  const menuElementId = (menuItemId: string) => `${id.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-menuitem-_${menuItemId}`;
  const sidebarId = `${id.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-sidebar-action`;

  function page(handle: string): DrivenPage {
    const driven: DrivenPage = {
      url: () => exclusive(() => inTab<string>(handle, 'return location.href;')),
      evaluate: (fn, arg) => exclusive(() => inTab(handle, asScript(fn as (arg: never) => unknown), [arg])),
      inspect: (fn, arg) => exclusive(() => inTab(handle, asScript(fn as (arg: never) => unknown), [arg], 'system')),
      goto: (url) =>
        exclusive(async () => {
          if (url.startsWith('moz-extension:')) {
            await inChrome(
              `const browser = ${BROWSER_BY_HANDLE};
               browser.fixupAndLoadURIString(arguments[1], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`,
              [handle, url],
            );
          } else {
            await inTab(handle, 'return true;');
            await marionette.send('WebDriver:Navigate', { url });
          }
          await waitForLoad(handle, url);
        }),
      click: (finder) =>
        exclusive(async () => {
          if (isInPageUi(finder)) {
            await elementIn(handle, finder);
            await pauseBeforeInPageClick();
          }
          // As Playwright's click does, wait until the element can be clicked: a page still laying out (or
          // re-rendering the element) answers "element not interactable" or "stale element reference".
          const deadline = Date.now() + 10_000;
          for (;;) {
            const element = await elementIn(handle, finder);
            try {
              await marionette.send('WebDriver:ElementClick', { id: element['element-6066-11e4-a52e-4f735466cecf'] });
              return;
            } catch (error) {
              const notYet = error instanceof MarionetteError && ['element not interactable', 'stale element reference'].includes(error.error);
              if (!notYet || Date.now() > deadline) throw error;
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          }
        }),
      fill: (finder, text) =>
        exclusive(async () => {
          // As Playwright's fill does: focus, select everything, and insert the text as one edit (one input
          // event). Typing key by key (ElementSendKeys) would also drive the <datalist> suggestions popup.
          const element = await elementIn(handle, finder);
          const inserted = await inTab<boolean>(
            handle,
            `const [field, text] = arguments;
             field.focus();
             if (field.isContentEditable) getSelection().selectAllChildren(field); else field.select();
             return text ? document.execCommand('insertText', false, text) : document.execCommand('delete');`,
            [element, text],
          );
          if (!inserted) throw new Error(`Could not type into ${JSON.stringify(toWire(finder))}`);
        }),
      selectOption: (finder, label) =>
        exclusive(async () => {
          const select = await elementIn(handle, finder);
          const option = await inTab<unknown>(
            handle,
            `return [...arguments[0].options].find((option) => option.textContent.trim() === arguments[1]) ?? null;`,
            [select, label],
          );
          if (!isElementReference(option)) throw new Error(`No option "${label}"`);
          await marionette.send('WebDriver:ElementClick', { id: option['element-6066-11e4-a52e-4f735466cecf'] });
        }),
      press: (keys) =>
        exclusive(async () => {
          await inTab(handle, 'return true;');
          await pressKeys(keys);
        }),
      screenshot: () =>
        exclusive(async () => {
          await inTab(handle, 'return true;');
          const { value } = await marionette.send<{ value: string }>('WebDriver:TakeScreenshot', { full: false, hash: false, scroll: false });
          return Buffer.from(value, 'base64');
        }),
      bringToFront: () =>
        exclusive(() =>
          inChrome(`gBrowser.selectedTab = gBrowser.getTabForBrowser(${BROWSER_BY_HANDLE});`, [
            handle,
          ]),
        ),
      close: () =>
        exclusive(async () => {
          await inChrome(
            `const browser = ${BROWSER_BY_HANDLE};
             if (browser) gBrowser.removeTab(gBrowser.getTabForBrowser(browser), { animate: false });`,
            [handle],
          );
          if (current === handle) current = undefined;
        }),
    };
    handles.set(driven, handle);
    return driven;
  }

  let probe: string | undefined;
  /** An extension page kept open to reach the background page from (runtime.getBackgroundPage). */
  async function probeTab(): Promise<string> {
    if (probe) {
      const alive = await inChrome<boolean>(`return Boolean(${BROWSER_BY_HANDLE});`, [probe]);
      if (alive) return probe;
    }
    const url = `${origin}/options.html?probe`;
    probe = await addTab(url);
    await waitForLoad(probe, url);
    return probe;
  }

  return {
    browserName: 'firefox',
    id,
    uuid: FIREFOX_EXTENSION_UUID,
    origin,
    marionette,
    process: firefox,
    openPage: (path) =>
      exclusive(async () => {
        const url = `${origin}/${path}`;
        const handle = await addTab(url);
        await waitForLoad(handle, url);
        return page(handle);
      }),
    openTab: (url) =>
      exclusive(async () => {
        // As the address bar opens what the user typed (which also loads with the system principal).
        const handle = await addTab(url);
        await waitForLoad(handle, url);
        return page(handle);
      }),
    evaluateInBackground: (fn, arg) =>
      exclusive(async () => {
        const handle = await probeTab();
        // The background page is an event page: getBackgroundPage() starts it again when Firefox suspended it.
        // The function runs in the probe page (extension pages forbid eval, the background's too), with the same
        // extension APIs and the background's test hooks; what the hooks do runs in the background page.
        return inTab(
          handle,
          `${PRELUDE}return browser.runtime.getBackgroundPage().then((background) => {
             globalThis.nanoBananaTestHooks = background.nanoBananaTestHooks;
             return (${fn.toString()})(arguments[0]);
           });`,
          [arg],
        );
      }),
    evaluateInChrome: (fn, arg) => exclusive(() => inChrome(asScript(fn as (arg: never) => unknown), [arg])),
    openContextMenu: (target, selector) =>
      exclusive(async () => {
        const handle = handles.get(target);
        if (!handle) throw new Error('Not a page of this browser');
        const element = await elementIn(handle, { css: selector });
        // A menu still open from before would pass for the new one: close it first.
        await inChrome(`const menu = document.getElementById('contentAreaContextMenu'); if (menu.state !== 'closed') menu.hidePopup();`);
        const closedBy = Date.now() + 5000;
        while ((await inChrome<string>(`return document.getElementById('contentAreaContextMenu').state;`)) !== 'closed') {
          if (Date.now() > closedBy) throw new Error('The context menu did not close');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await inTab(handle, 'return true;'); // back to the page's context, where the element is known
        await marionette.send('WebDriver:PerformActions', {
          actions: [
            {
              type: 'pointer',
              id: 'mouse',
              parameters: { pointerType: 'mouse' },
              actions: [
                { type: 'pointerMove', origin: element, x: 0, y: 0 },
                { type: 'pointerDown', button: 2 },
                { type: 'pointerUp', button: 2 },
              ],
            },
          ],
        });
        await marionette.send('WebDriver:ReleaseActions');
        const deadline = Date.now() + 10_000;
        while ((await inChrome<string>(`return document.getElementById('contentAreaContextMenu').state;`)) !== 'open') {
          if (Date.now() > deadline) throw new Error('The context menu did not open');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    clickContextMenuItem: (menuItemId) =>
      exclusive(async () => {
        const item = await inChrome<unknown>(`return document.getElementById(arguments[0]);`, [menuElementId(menuItemId)]);
        if (!isElementReference(item)) throw new Error(`The context menu has no item ${menuItemId}`);
        // A mouse click on the item, which Firefox treats as the user's (menus.onClicked may open the sidebar).
        await marionette.send('WebDriver:ElementClick', { id: item['element-6066-11e4-a52e-4f735466cecf'] });
        // Choosing an item closes a real menu; make sure this one is gone too before the test goes on.
        await inChrome(`const menu = document.getElementById('contentAreaContextMenu'); if (menu.state !== 'closed') menu.hidePopup();`);
      }),
    pressShortcut: (keys) =>
      exclusive(async () => {
        await setContext('chrome');
        await pressKeys(keys);
      }),
    sidebarOpen: () =>
      exclusive(() => inChrome<boolean>(`return SidebarController.isOpen && SidebarController.currentID === arguments[0];`, [sidebarId])),
    closeSidebar: () => exclusive(() => inChrome(`SidebarController.hide();`)),
    async close() {
      await marionette.send('WebDriver:DeleteSession').catch(() => undefined);
      marionette.close();
      await close();
    },
  };
}
