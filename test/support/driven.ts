// The browser-neutral face of a driven page, for end-to-end scenarios shared by Chromium and Firefox.
// Everything a scenario does goes through these few operations: run a function in the page, and act on an
// element that a function in the page picks, with real input (clicks, typing, keys) from the browser's
// own automation (Playwright in Chromium, Marionette in Firefox).
import { MIN_VISIBLE_MS } from '../../src/ui/cover-guard';

/**
 * Picks the element to act on, inside the page (it is sent as source text: no closures). `querySelector`
 * strings and the accessible-role helpers below (`byRole`, `byLabel`) cover what the scenarios need.
 */
export type Finder = { css: string } | { role: string; name?: string | RegExp; within?: string } | { label: string; within?: string };

/** A Finder as it travels to the page (a RegExp becomes its source and flags). */
export type WireFinder = { css: string } | { role: string; name?: string | { re: string; flags: string }; within?: string } | { label: string; within?: string };

export function toWire(finder: Finder): WireFinder {
  if ('role' in finder && finder.name instanceof RegExp) return { ...finder, name: { re: finder.name.source, flags: finder.name.flags } };
  return finder as WireFinder;
}

/**
 * The extension's in-page UI (its cards and badge) ignores clicks until it has been in plain sight for a moment
 * (src/ui/cover-guard.ts: a page could slip it under the pointer). A person sees a card before clicking it; a test
 * waits as long before each click into one, with room for the browser's first report that the card is in sight.
 */
export const IN_PAGE_UI_PAUSE_MS = MIN_VISIBLE_MS + 300;

/** The pause above. Callers find the element again after it: the card may have re-rendered meanwhile. */
export function pauseBeforeInPageClick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, IN_PAGE_UI_PAUSE_MS));
}

/** Whether the finder looks inside one of the extension's in-page hosts (<nano-banana-card>, <nano-banana-badge>). */
export function isInPageUi(finder: Finder): boolean {
  return 'within' in finder && finder.within?.startsWith('nano-banana-') === true;
}

export interface DrivenPage {
  /** The page's address as last loaded. */
  url(): Promise<string>;
  /** Runs `fn(arg)` in the page (a function sent as source: it may use only its argument and the page's globals). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /**
   * Like evaluate, where the extension's closed shadow roots can be seen (see findElement), but the page's
   * own script globals cannot: for reading what the in-page cards show.
   */
  inspect<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Loads `url` in this tab and waits for it. */
  goto(url: string): Promise<void>;
  /** Clicks the element, as a user does. */
  click(finder: Finder): Promise<void>;
  /** Clears a field and types `text` into it, as a user does. */
  fill(finder: Finder, text: string): Promise<void>;
  /** Chooses the option with this visible text in a <select>. */
  selectOption(finder: Finder, label: string): Promise<void>;
  /** Presses keys on the focused element, e.g. 'Tab', 'Enter', 'Control+z'. */
  press(keys: string): Promise<void>;
  /** A PNG of what the tab's viewport shows, in device pixels. */
  screenshot(): Promise<Buffer>;
  /** Makes this tab the one the window shows. */
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export interface DrivenExtension {
  browserName: 'chromium' | 'firefox';
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  origin: string;
  /** Opens one of the extension's pages in a tab, e.g. `openPage('sidepanel.html?tabId=3')`. */
  openPage(path: string): Promise<DrivenPage>;
  /** Opens a web page in a new tab. */
  openTab(url: string): Promise<DrivenPage>;
  /**
   * Runs `fn(arg)` where the extension's background lives (Chrome's service worker, Firefox's background
   * page): `chrome`/`browser` APIs and the background's globals, such as `nanoBananaTestHooks`.
   */
  evaluateInBackground<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  close(): Promise<void>;
}

/**
 * Finds an element by a Finder, in the page. It is the source of this function that goes to the page, so it
 * is self-contained. Accessible names are simplified to what the product's markup uses: aria-label,
 * aria-labelledby, a <label>, then the text. Elements inside shadow roots are searched as well: open ones,
 * and the extension's closed ones as each browser's harness opens them to tests (Firefox: the system sandbox's
 * `openOrClosedShadowRoot`; Chromium: `nanoBananaTestShadowRoot`, set through DevTools).
 */
export function findElement(finder: WireFinder): Element | null {
  // The extension's in-page cards have closed shadow roots: the harness opens them to the test (see shadowOf).
  const shadow = (element: Element): ShadowRoot | null =>
    element.shadowRoot ??
    (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ??
    (element as Element & { nanoBananaTestShadowRoot?: ShadowRoot }).nanoBananaTestShadowRoot ??
    null;
  const all = (root: Document | ShadowRoot | Element, selector: string): Element[] => {
    const found = [...root.querySelectorAll(selector)];
    const own = root instanceof Element ? shadow(root) : null;
    if (own) found.push(...all(own, selector));
    for (const element of root.querySelectorAll('*')) {
      const inner = shadow(element);
      if (inner) found.push(...all(inner, selector));
    }
    return found;
  };
  const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const nameOf = (element: Element): string => {
    const label = element.getAttribute('aria-label');
    if (label) return label.trim();
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) {
      const root = element.getRootNode() as Document | ShadowRoot;
      return labelledBy
        .split(/\s+/)
        .map((id) => text(root.getElementById(id)))
        .join(' ')
        .trim();
    }
    const labels = (element as HTMLInputElement).labels;
    if (labels && labels.length > 0) {
      // A label wrapping its control names it by its own words, not the control's (a <select>'s options).
      const words = labels[0]!.cloneNode(true) as Element;
      for (const control of words.querySelectorAll('select, input, textarea')) control.remove();
      return text(words);
    }
    return text(element);
  };
  const isVisible = (element: Element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 || box.height > 0;
  };
  const scopes = (within?: string): Array<Document | Element> =>
    within ? all(document, within) : [document];
  const matches = (name: string, wanted?: string | { re: string; flags: string }) =>
    wanted === undefined || (typeof wanted === 'string' ? name === wanted : new RegExp(wanted.re, wanted.flags).test(name));
  const ROLE_SELECTORS: Record<string, string> = {
    // A tab is a button element, but not a button to the person: role="tab" is its own role.
    button: 'button:not([role="tab"]), [role="button"], input[type="button"], input[type="submit"]',
    region: '[role="region"], section[aria-label], section[aria-labelledby]',
    dialog: 'dialog, [role="dialog"]',
    status: '[role="status"], output',
    alert: '[role="alert"]',
    progressbar: 'progress, [role="progressbar"]',
    textbox: 'textarea, input:not([type]), input[type="text"], [role="textbox"], [contenteditable="true"]',
    combobox: 'select, [role="combobox"]',
    checkbox: 'input[type="checkbox"], [role="checkbox"], [role="switch"]',
    heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
    link: 'a[href], [role="link"]',
  };
  if ('css' in finder) return all(document, finder.css)[0] ?? null;
  if ('label' in finder) {
    for (const scope of scopes(finder.within)) {
      const found = all(scope, 'input, textarea, select, [contenteditable="true"], [role="textbox"]').find(
        (element) => nameOf(element) === finder.label && isVisible(element),
      );
      if (found) return found;
    }
    return null;
  }
  const selector = ROLE_SELECTORS[finder.role] ?? `[role="${finder.role}"]`;
  for (const scope of scopes(finder.within)) {
    const found = all(scope, selector).find((element) => matches(nameOf(element), finder.name) && isVisible(element));
    if (found) return found;
  }
  return null;
}

/** What a context-menu click reports (chrome.contextMenus.OnClickData): the fields the tests give. */
export interface MenuClickInfo {
  menuItemId: string;
  frameId?: number;
  editable?: boolean;
  pageUrl?: string;
  srcUrl?: string;
  selectionText?: string;
}

/**
 * A context-menu click through the handler the menu calls, as the browser reports it: headless browsers cannot
 * open native context menus. Runs in the extension's background (sent as source: self-contained), through the
 * test build's hooks. Each harness sends it its own way (steps.ts's clickMenuItem, extension.ts's).
 */
export function menuClickInBackground({ tabId, info }: { tabId: number; info: MenuClickInfo }): Promise<void> {
  const hooks = (globalThis as unknown as { nanoBananaTestHooks: { handleMenuClick(info: object, tab: object): Promise<void> } }).nanoBananaTestHooks;
  return hooks.handleMenuClick({ frameId: 0, editable: false, ...info }, { id: tabId });
}
