// Whether a page may look different since it was read, so a reading taken ahead (the side panel open on the
// page) is used at the click only while it still shows what the person sees. The page is hostile: it may
// hide text after it was read, hoping the summary uses the reading with it. So "may look different" is
// generous, and anything that can change what is rendered without a DOM change is compared too:
//   - DOM changes (nodes, text, any attribute) in the document, its open shadow roots and same-origin frames;
//   - the style rules (CSSOM edits such as insertRule, a rule's style, adoptedStyleSheets, a sheet disabled
//     make no DOM change), and shadow roots attached since (closed ones too, where the browser lets us see them);
//   - running or pending animations and transitions (a delayed animation can hide text later);
//   - what changes which rules apply: the viewport's size (media queries), the URL's fragment (:target), focus
//     moved by the page (:focus-within), popovers and <details> toggled, full screen, printing.
// All of it is read in the content script's own world: the page cannot see the observers or listeners, and the
// watch writes nothing. It stops at the first change, so a busy page costs it one callback.

import { shadowRootOf } from './shadow';

export interface PageWatch {
  /** True once the page may look different from when the watch started. */
  changed(): boolean;
  stop(): void;
}

const STATE_EVENTS = ['resize', 'hashchange', 'popstate', 'fullscreenchange', 'beforeprint', 'pageshow'] as const;
/** Capturing listeners on the window see these from anywhere in the page (focus events cross shadow roots). */
const CAPTURED_EVENTS = ['focusin', 'focusout', 'toggle'] as const;

export interface WatchOptions {
  /**
   * Subtrees the reading leaves out whatever they hold (the extension's own UI; extract.ts, leftOutOfHugePage):
   * shadow roots inside them are not looked for. Changes to the subtree itself (moved, re-tagged) are still DOM
   * changes seen.
   */
  skip?: (element: Element) => boolean;
}

/** Starts watching `doc` (call it in the same task as the reading it guards: no page script runs in between). */
export function watchPage(doc: Document, options: WatchOptions = {}): PageWatch {
  const view = doc.defaultView;
  let dirty = false;
  const observers: MutationObserver[] = [];
  const roots = renderRoots(doc, options.skip);
  const fingerprint = styleFingerprint(roots);
  const markChanged = () => {
    dirty = true;
    stop();
  };
  // The window losing or gaining focus (a click in the side panel) is the person's doing, not the page's.
  const onEvent = (event: Event) => {
    if ((event.type === 'focusin' || event.type === 'focusout') && !doc.hasFocus()) return;
    markChanged();
  };
  const stop = () => {
    for (const observer of observers.splice(0)) observer.disconnect();
    for (const type of STATE_EVENTS) view?.removeEventListener(type, onEvent);
    for (const type of CAPTURED_EVENTS) view?.removeEventListener(type, onEvent, true);
  };
  const MutationObserverOf = (view as (Window & typeof globalThis) | null)?.MutationObserver ?? globalThis.MutationObserver;
  for (const root of roots) {
    const observer = new MutationObserverOf(markChanged);
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    observers.push(observer);
  }
  for (const type of STATE_EVENTS) view?.addEventListener(type, onEvent);
  for (const type of CAPTURED_EVENTS) view?.addEventListener(type, onEvent, true);
  if (hasAnimations(doc)) markChanged();
  return {
    changed() {
      if (dirty) return true;
      if (hasAnimations(doc) || styleFingerprint(renderRoots(doc, options.skip)) !== fingerprint) markChanged();
      return dirty;
    },
    stop,
  };
}

/**
 * The document, every shadow root in it and every same-origin frame's document, nested ones included,
 * outside the subtrees `skip` names.
 */
export function renderRoots(doc: Document, skip?: (element: Element) => boolean): (Document | ShadowRoot)[] {
  const roots: (Document | ShadowRoot)[] = [doc];
  for (let index = 0; index < roots.length; index++) {
    const root = roots[index]!;
    const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node as Element;
      if (skip?.(element)) {
        toLastDescendant(walker); // nextNode() then goes on after the subtree
        continue;
      }
      const shadow = shadowRootOf(element);
      if (shadow) roots.push(shadow);
      if (element.localName === 'iframe' || element.localName === 'frame') {
        const inner = frameDocument(element as HTMLIFrameElement);
        if (inner) roots.push(inner);
      }
    }
  }
  return roots;
}

/** Moves the walker to the last element in its current node's subtree. */
function toLastDescendant(walker: TreeWalker): void {
  while (walker.lastChild() !== null);
}

/** The style rules in force, and where shadow roots are: one string to compare. */
export function styleFingerprint(roots: (Document | ShadowRoot)[]): string {
  const parts: string[] = [];
  for (const root of roots) {
    parts.push('host' in root ? `#shadow ${(root as ShadowRoot).mode}` : '#document');
    const sheets = [...Array.from(root.styleSheets ?? []), ...(root.adoptedStyleSheets ?? [])];
    for (const sheet of sheets) parts.push(sheetText(sheet));
  }
  return parts.join('\n');
}

function sheetText(sheet: CSSStyleSheet): string {
  const head = `@sheet ${sheet.disabled ? 'off' : 'on'} ${sheet.media?.mediaText ?? ''} ${sheet.href ?? ''}`;
  try {
    // A grouping rule's cssText includes the rules inside it.
    return `${head}\n${Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n')}`;
  } catch {
    // A cross-origin sheet cannot be read, nor changed by the page's scripts.
    return `${head} (unreadable)`;
  }
}

function hasAnimations(doc: Document): boolean {
  const animations = typeof doc.getAnimations === 'function' ? doc.getAnimations() : [];
  return animations.some((animation) => animation.playState === 'running' || animation.pending);
}

function frameDocument(frame: HTMLIFrameElement): Document | null {
  try {
    return frame.contentDocument;
  } catch {
    return null;
  }
}
