// The extension's in-page cards live in closed shadow roots, so the page cannot read or drive them, and
// neither can Playwright's locators (they pierce open roots only). The DevTools protocol sees closed roots:
// this hands them to the test as element handles, and offers the few Locator calls the tests use on them,
// waiting for the element like a Locator does.
import type { CDPSession, ElementHandle, Frame, JSHandle, Page } from 'playwright-core';
import { vi } from 'vitest';
import { pauseBeforeInPageClick } from './driven';

type Scope = Page | Frame;

interface DomNode {
  backendNodeId: number;
  localName?: string;
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

const STASH = '__nanoBananaTestShadowRoots';

async function sessionFor(scope: Scope): Promise<{ session: CDPSession; page: Page }> {
  const page = 'page' in scope ? scope.page() : scope;
  try {
    return { session: await page.context().newCDPSession(scope), page };
  } catch {
    // A same-process frame is part of its page's session.
    return { session: await page.context().newCDPSession(page), page };
  }
}

/**
 * Calls `functionDeclaration` (with `args`) on the shadow root of every element whose local name `isHost`
 * accepts, in the session's document and its same-process frames: DevTools sees closed roots too.
 */
async function forEachShadowRoot(session: CDPSession, isHost: (localName: string) => boolean, functionDeclaration: string, args: unknown[] = []): Promise<void> {
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const found: number[] = [];
  const visit = (node: DomNode) => {
    if (node.localName && isHost(node.localName)) found.push(...(node.shadowRoots ?? []).map((shadow) => shadow.backendNodeId));
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) visit(child);
  };
  visit(root);
  for (const backendNodeId of found) {
    const { object } = await session.send('DOM.resolveNode', { backendNodeId });
    await session.send('Runtime.callFunctionOn', { objectId: object.objectId!, functionDeclaration, arguments: args.map((value) => ({ value })) });
  }
}

/** The shadow roots of every `hostName` element in the scope's document (and same-process frames). */
export async function shadowRootsOf(scope: Scope, hostName: string): Promise<ElementHandle<Node>[]> {
  const { session } = await sessionFor(scope);
  // One key per call: roots found in other frames of the session are left under a key nobody reads.
  const key = `${STASH}${Math.random().toString(36).slice(2)}`;
  try {
    await forEachShadowRoot(session, (host) => host === hostName, `function (key) { const view = this.ownerDocument.defaultView; (view[key] ??= []).push(this); }`, [key]);
  } finally {
    await session.detach().catch(() => undefined);
  }
  const list: JSHandle = await scope.evaluateHandle((key) => {
    const roots = (window as unknown as Record<string, unknown[]>)[key] ?? [];
    delete (window as unknown as Record<string, unknown>)[key];
    return roots;
  }, key);
  const properties = await list.getProperties();
  const roots: ElementHandle<Node>[] = [];
  for (const [key, handle] of properties) {
    const element = handle.asElement();
    if (/^\d+$/.test(key) && element) roots.push(element);
  }
  return roots;
}

function quote(text: string, exact: boolean | undefined): string {
  return `${JSON.stringify(text)}${exact ? 's' : 'i'}`;
}

/** A Locator-like view of elements inside the closed shadow roots of `hostName` elements. */
export class ShadowLocator {
  constructor(
    private readonly scope: Scope,
    private readonly hostName: string,
    private readonly selector: string,
  ) {}

  private within(selector: string): ShadowLocator {
    return new ShadowLocator(this.scope, this.hostName, this.selector ? `${this.selector} >> ${selector}` : selector);
  }

  getByRole(role: string, options: { name?: string; exact?: boolean } = {}): ShadowLocator {
    const name = options.name === undefined ? '' : `[name=${quote(options.name, options.exact)}]`;
    return this.within(`internal:role=${role}${name}`);
  }

  getByLabel(label: string, options: { exact?: boolean } = {}): ShadowLocator {
    return this.within(`internal:label=${quote(label, options.exact)}`);
  }

  getByText(text: string, options: { exact?: boolean } = {}): ShadowLocator {
    return this.within(`internal:text=${quote(text, options.exact)}`);
  }

  async all(): Promise<ElementHandle<Node>[]> {
    const matches: ElementHandle<Node>[] = [];
    for (const root of await shadowRootsOf(this.scope, this.hostName)) matches.push(...(await root.$$(this.selector)));
    return matches;
  }

  async count(): Promise<number> {
    return (await this.all()).length;
  }

  /** The single matching element, waited for as a Locator waits (10 s unless told). */
  async element(timeout = 10_000): Promise<ElementHandle<HTMLElement>> {
    return vi.waitFor(
      async () => {
        const matches = await this.all();
        if (matches.length !== 1) throw new Error(`${matches.length} elements match ${this.selector} in <${this.hostName}>`);
        return matches[0] as ElementHandle<HTMLElement>;
      },
      { timeout, interval: 100 },
    );
  }

  async waitFor({ state = 'visible', timeout = 10_000 }: { state?: 'attached' | 'visible' | 'detached' | 'hidden'; timeout?: number } = {}): Promise<void> {
    if (state === 'detached' || state === 'hidden') {
      await vi.waitFor(async () => {
        if ((await this.count()) !== 0) throw new Error(`${this.selector} is still there`);
      }, { timeout, interval: 100 });
      return;
    }
    await this.element(timeout);
  }

  /** Clicks as a person does: once the card has been in sight a moment (IN_PAGE_UI_PAUSE_MS). */
  async click(): Promise<void> {
    await this.element();
    await pauseBeforeInPageClick();
    await (await this.element()).click();
  }

  async innerText(): Promise<string> {
    return (await this.element()).innerText();
  }

  async textContent(): Promise<string | null> {
    return (await this.element()).textContent();
  }

  async getAttribute(name: string): Promise<string | null> {
    return (await this.element()).getAttribute(name);
  }

  async inputValue(): Promise<string> {
    return (await this.element()).inputValue();
  }

  async isVisible(): Promise<boolean> {
    const matches = await this.all();
    return matches.length === 1 && (await matches[0]!.isVisible());
  }

  async boundingBox() {
    return (await this.element()).boundingBox();
  }

  /**
   * Chooses an option with the keyboard, as a person does: the card acts on trusted events only, and
   * Playwright's selectOption sends script events.
   */
  async selectOption(option: { label: string }): Promise<void> {
    const select = await this.element();
    const steps = await select.evaluate((element, label) => {
      const options = [...(element as unknown as HTMLSelectElement).options];
      const target = options.findIndex((candidate) => candidate.label === label);
      if (target < 0) throw new Error(`No option ${label}`);
      return target - (element as unknown as HTMLSelectElement).selectedIndex;
    }, option.label);
    await select.focus();
    for (let i = 0; i < Math.abs(steps); i++) await select.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
  }

  async fill(value: string): Promise<void> {
    await (await this.element()).fill(value);
  }

  async focus(): Promise<void> {
    await (await this.element()).focus();
  }

  async press(key: string): Promise<void> {
    await (await this.element()).press(key);
  }

  async evaluate<R>(fn: (element: HTMLElement) => R | Promise<R>): Promise<R> {
    return (await this.element()).evaluate(fn);
  }
}

/** The in-page card with this accessible name (Nano Banana shows one at a time). */
export function inPageCard(scope: Scope, name: string): ShadowLocator {
  return new ShadowLocator(scope, 'nano-banana-card', '').getByRole('dialog', { name, exact: true });
}

/** The element focused in the scope, looking into open shadow roots and the extension's closed ones: [local name, text or value]. */
export async function focusedElement(scope: Scope): Promise<[string, string]> {
  const inPage = await scope.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const closedHost = active && active.shadowRoot === null && active.localName.startsWith('nano-banana-') ? active.localName : '';
    const value = active && 'value' in active ? String((active as HTMLInputElement).value) : (active?.textContent ?? '');
    return { closedHost, described: [active?.localName ?? '', active?.localName === 'button' ? (active.textContent ?? '') : value] as [string, string] };
  });
  if (!inPage.closedHost) return inPage.described;
  for (const root of await shadowRootsOf(scope, inPage.closedHost)) {
    const found = await root.evaluate((node) => {
      const active = (node as ShadowRoot).activeElement;
      if (!active) return undefined;
      const value = 'value' in active ? String((active as HTMLInputElement).value) : (active.textContent ?? '');
      return [active.localName, active.localName === 'button' ? (active.textContent ?? '') : value] as [string, string];
    });
    if (found) return found;
  }
  return inPage.described;
}

/** Records, card by card, every distinct text a card's output region shows from now on (see recordCardTexts). */
export function recordCardOutputs(page: Page, outputLabel: string): Promise<() => Promise<string[][]>> {
  return recordCardTexts(page, `[aria-label="${outputLabel}"]`);
}

/**
 * Records, card by card, every distinct text the element matching `selector` in a card shows from now on, so
 * a test can read states that pass too quickly to poll for. Runs in the extension's own content-script world
 * (through DevTools), which sees the closed roots through `chrome.dom.openOrClosedShadowRoot` and notices a
 * new card before its first word streams in.
 */
export async function recordCardTexts(page: Page, selector: string): Promise<() => Promise<string[][]>> {
  const session = await page.context().newCDPSession(page);
  const contexts: Array<{ id: number; name: string; auxData?: { frameId?: string; type?: string } }> = [];
  session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await session.send('Runtime.enable');
  const { frameTree } = await session.send('Page.getFrameTree');
  const world = contexts.find((context) => context.auxData?.frameId === frameTree.frame.id && context.auxData?.type === 'isolated' && context.name === 'Nano Banana');
  if (!world) throw new Error('The extension’s content script world is not in this page');
  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', { contextId: world.id, expression, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  };
  await evaluate(`(() => {
    const cards = [];
    globalThis.nanoBananaTestOutputs = cards;
    const watch = (host) => {
      const root = chrome.dom.openOrClosedShadowRoot(host);
      if (!root) return;
      const snapshots = [];
      cards.push(snapshots);
      const record = () => {
        const text = root.querySelector(${JSON.stringify(selector)})?.textContent ?? '';
        if (text && snapshots.at(-1) !== text) snapshots.push(text);
      };
      record();
      new MutationObserver(record).observe(root, { subtree: true, childList: true, characterData: true });
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) for (const node of mutation.addedNodes) if (node.localName === 'nano-banana-card') watch(node);
    }).observe(document.documentElement, { childList: true });
  })()`);
  return async () => {
    const outputs = await evaluate<string[][]>('globalThis.nanoBananaTestOutputs');
    await session.detach().catch(() => undefined);
    return outputs;
  };
}

/**
 * For the browser-neutral scenarios (driven.ts), which find elements with a function run in the page: gives
 * each Nano Banana host in the page (and its same-process frames) a `nanoBananaTestShadowRoot` property
 * holding its closed root. Test-only, and the page could read it: not for tests where the page plays the attacker.
 */
export async function exposeClosedShadowRoots(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    await forEachShadowRoot(
      session,
      (host) => host.startsWith('nano-banana-'),
      `function () { if (!this.host.nanoBananaTestShadowRoot) Object.defineProperty(this.host, 'nanoBananaTestShadowRoot', { value: this, configurable: true }); }`,
    );
  } finally {
    await session.detach().catch(() => undefined);
  }
}
