// Clickjacking. A page cannot press the in-page UI's buttons itself (only trusted events act: shadow-host.ts), but
// it can get the person to press them unawares: draw a decoy over a card (with pointer-events: none the click goes
// through to the card), make the whole page transparent, or slip the card under the pointer just before a click.
// So a click on our buttons counts only once the host has been in plain sight for a moment, as browsers do for
// their own permission prompts.
//
// Chromium tells us so itself: IntersectionObserver v2 (`trackVisibility`) reports whether anything is drawn
// over the element or any effect (opacity, filter, transform) touches it. Where that is missing (Firefox), the
// ways a page can draw over a host of ours are checked instead, several times a second and at the click: the
// root's own effects, what the page put after our host in <html>, and the page's top-layer elements (modal
// dialogs, popovers, full screen), which paint over everything. By paint order, not by boxes: our host sits at
// the highest z-index, so only what comes after it in the tree at that same z-index, or the top layer, can be
// drawn over it, and where such a thing draws (its ::after, its overflowing text, its outline) no box tells.

/** How long the host must have been in plain sight before a click on it counts. */
export const MIN_VISIBLE_MS = 500;
/** How often the structural check runs where the browser cannot track visibility. */
const CHECK_INTERVAL_MS = 100;
/** Elements of a later sibling looked at before it is taken as covering (a big widget the page appended late). */
const MAX_ELEMENTS_CHECKED = 2000;
const TOP_LAYER_SELECTORS = [':modal', ':popover-open', ':fullscreen'];
/** Elements the first walk for shadow roots looks at in one task (~6 ms in Firefox's content scripts). */
const ELEMENTS_PER_SLICE = 2000;

export interface CoverGuard {
  /** Whether a click (its time: event.timeStamp) came while the host had been in plain sight long enough. */
  allows(event: Event): boolean;
  stop(): void;
}

/** Starts watching `host` (a host of ours, child of <html>); `isOwn` names the extension's other hosts. */
export function guardAgainstCover(host: HTMLElement, isOwn: (element: Element) => boolean): CoverGuard {
  let inSightSince: number | null = null;
  const inSightLongEnough = (event: Event) => inSightSince !== null && event.timeStamp - inSightSince >= MIN_VISIBLE_MS;
  if (tracksVisibility()) {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if ((entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible) inSightSince ??= entry.time;
          else inSightSince = null;
        }
      },
      // `delay` is the least the browser allows between two reports (100 ms).
      { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
    observer.observe(host);
    return { allows: inSightLongEnough, stop: () => observer.disconnect() };
  }
  const shadowRoots = new ShadowRoots(host.ownerDocument, isOwn);
  const check = () => {
    if (!shadowRoots.complete || coveredOrUnknown(host, isOwn, shadowRoots.roots)) inSightSince = null;
    else inSightSince ??= performance.now();
  };
  check();
  const timer = setInterval(check, CHECK_INTERVAL_MS);
  return {
    allows(event) {
      check();
      return inSightLongEnough(event);
    },
    stop: () => {
      clearInterval(timer);
      shadowRoots.stop();
    },
  };
}

/** mayBeCovered, failing closed: a page that makes the check throw has a click refused, not let through. */
function coveredOrUnknown(host: HTMLElement, isOwn: (element: Element) => boolean, shadowRoots: Iterable<ShadowRoot>): boolean {
  try {
    return mayBeCovered(host, isOwn, shadowRoots);
  } catch {
    return true;
  }
}

/**
 * The page's shadow roots, closed ones included where the content script may see them (Firefox's
 * `openOrClosedShadowRoot`): a popover inside one is in the top layer, yet the document's own
 * `querySelectorAll(':popover-open')` does not find it. Found by one walk of the page, then kept up with as nodes
 * are added to the page or to any root found. A root attached later to an element already walked is missed: the
 * page offers no way to hear of one, and walking the page again costs ~3 µs an element in a content script (30
 * ms for a long Wikipedia article, 0.4 s for a thread of 168,000 elements).
 */
class ShadowRoots {
  readonly roots = new Set<ShadowRoot>();
  /** What the first walk has still to look in: a slice at a time, so that a big page does not stall. */
  private readonly unwalked: Element[] = [];
  private sliceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) this.find([node as Element], Infinity);
    }
  });

  constructor(
    doc: Document,
    private readonly isOwn: (element: Element) => boolean,
  ) {
    this.observer.observe(doc, { childList: true, subtree: true });
    if (doc.documentElement) this.unwalked.push(doc.documentElement);
    this.walkSlice();
  }

  /** Whether the first walk is done (until then, a root the page had may not be known yet). */
  get complete(): boolean {
    return this.unwalked.length === 0;
  }

  stop(): void {
    this.observer.disconnect();
    clearTimeout(this.sliceTimer);
  }

  private walkSlice(): void {
    this.find(this.unwalked, ELEMENTS_PER_SLICE);
    if (!this.complete) this.sliceTimer = setTimeout(() => this.walkSlice());
  }

  /** Adds the roots in and under the `pending` elements' subtrees, our own hosts' left out, up to `budget` elements. */
  private find(pending: Element[], budget: number): void {
    for (; pending.length > 0 && budget > 0; budget--) {
      const current = pending.pop()!;
      const shadow = shadowRootOf(current);
      if (shadow && !this.roots.has(shadow) && !this.isOwn(current)) {
        this.roots.add(shadow);
        this.observer.observe(shadow, { childList: true, subtree: true });
        for (let child = shadow.firstElementChild; child; child = child.nextElementSibling) pending.push(child);
      }
      for (let child = current.firstElementChild; child; child = child.nextElementSibling) pending.push(child);
    }
  }
}

function shadowRootOf(element: Element): ShadowRoot | null {
  return (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? element.shadowRoot;
}

function tracksVisibility(): boolean {
  return typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
}

/**
 * Whether the page may be drawing over `host`, or fading it, by any means the browser leaves it (the host's own
 * styles are held by shadow-host.ts). Errs on the side of "covered": a click it wrongly refuses is asked again.
 */
export function mayBeCovered(host: HTMLElement, isOwn: (element: Element) => boolean, shadowRoots: Iterable<ShadowRoot> = []): boolean {
  const doc = host.ownerDocument;
  const view = doc.defaultView;
  const root = doc.documentElement;
  if (!view || host.parentElement !== root) return true;
  const box = host.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return true;
  const rootStyle = view.getComputedStyle(root);
  if (
    Number(rootStyle.opacity) < 1 ||
    rootStyle.filter !== 'none' ||
    rootStyle.clipPath !== 'none' ||
    rootStyle.maskImage !== 'none' ||
    rootStyle.mixBlendMode !== 'normal'
  ) {
    return true;
  }
  const ownLevel = zIndex(view.getComputedStyle(host).zIndex);
  // <html>'s ::after comes after every child, our host included.
  if (pseudoPaintsAtLevel(view, root, '::after', ownLevel)) return true;
  for (let later = host.nextElementSibling; later; later = later.nextElementSibling) {
    if (!isOwn(later) && mayPaintAtLevel(later, view, ownLevel)) return true;
  }
  // Any of the page's top-layer elements, wherever it draws (a box of no size may have a ::before filling the
  // window). Full screen is asked of the document too, which names the element even from inside a shadow root.
  if (doc.fullscreenElement && !isOwn(doc.fullscreenElement)) return true;
  for (const scope of [doc, ...shadowRoots]) {
    for (const selector of TOP_LAYER_SELECTORS) {
      let inTopLayer: NodeListOf<Element>;
      try {
        inTopLayer = scope.querySelectorAll(selector);
      } catch {
        continue; // a selector this browser does not know: nothing of that kind can be shown
      }
      for (const element of inTopLayer) if (!isOwn(element)) return true;
    }
  }
  return false;
}

/**
 * Whether `element`, what it holds, or their ::before and ::after may paint at z-index `level` or above. Shadow
 * roots are looked into: open ones, and closed ones where the content script may (Firefox's
 * `openOrClosedShadowRoot`). Counts a z-index that has no effect (the element not positioned) too: erring
 * towards "covered" is safe.
 */
function mayPaintAtLevel(element: Element, view: Window, level: number): boolean {
  const pending: Element[] = [element];
  let budget = MAX_ELEMENTS_CHECKED;
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (zIndex(view.getComputedStyle(current).zIndex) >= level) return true;
    if (PAINTING_PSEUDO_ELEMENTS.some((pseudo) => pseudoPaintsAtLevel(view, current, pseudo, level))) return true;
    const shadow = shadowRootOf(current);
    for (const parent of shadow ? [current, shadow] : [current]) {
      for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
        if (--budget < 0) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

const PAINTING_PSEUDO_ELEMENTS = ['::before', '::after'];

function pseudoPaintsAtLevel(view: Window, element: Element, pseudo: string, level: number): boolean {
  const style = view.getComputedStyle(element, pseudo);
  return style.content !== 'none' && style.content !== 'normal' && zIndex(style.zIndex) >= level;
}

/** A computed z-index as a number ("auto": none, below any positive level). */
function zIndex(value: string): number {
  const level = Number.parseInt(value, 10);
  return Number.isNaN(level) ? -Infinity : level;
}
