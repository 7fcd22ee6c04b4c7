// Clickjacking. A page cannot press the in-page UI's buttons itself (only trusted events act: shadow-host.ts), but
// it can get the person to press them unawares: draw a decoy over a card (with pointer-events: none the click goes
// through to the card), make the whole page transparent, or slip the card under the pointer just before a click.
// So a click on our buttons counts only once the host has been in plain sight for a moment, as browsers do for
// their own permission prompts.
//
// Chromium tells us so itself: IntersectionObserver v2 (`trackVisibility`) reports whether anything is drawn
// over the element or any effect (opacity, filter, transform) touches it. Where that is missing (Firefox), the
// ways a page can draw over a host of ours are checked instead, several times a second and at the click: the
// root's own effects, what the page put after our host in <html> (later siblings paint over it at the same
// z-index), and the page's top-layer elements (modal dialogs, popovers, full screen), which paint over everything.

/** How long the host must have been in plain sight before a click on it counts. */
export const MIN_VISIBLE_MS = 500;
/** How often the structural check runs where the browser cannot track visibility. */
const CHECK_INTERVAL_MS = 100;
/** Elements of a later sibling looked at before it is taken as covering (a big widget the page appended late). */
const MAX_ELEMENTS_CHECKED = 2000;
const TOP_LAYER_SELECTORS = [':modal', ':popover-open', ':fullscreen'];

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
  const check = () => {
    if (coveredOrUnknown(host, isOwn)) inSightSince = null;
    else inSightSince ??= performance.now();
  };
  check();
  const timer = setInterval(check, CHECK_INTERVAL_MS);
  return {
    allows(event) {
      check();
      return inSightLongEnough(event);
    },
    stop: () => clearInterval(timer),
  };
}

/** mayBeCovered, failing closed: a page that makes the check throw has a click refused, not let through. */
function coveredOrUnknown(host: HTMLElement, isOwn: (element: Element) => boolean): boolean {
  try {
    return mayBeCovered(host, isOwn);
  } catch {
    return true;
  }
}

function tracksVisibility(): boolean {
  return typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
}

/**
 * Whether the page may be drawing over `host`, or fading it, by any means the browser leaves it (the host's own
 * styles are held by shadow-host.ts). Errs on the side of "covered": a click it wrongly refuses is asked again.
 */
export function mayBeCovered(host: HTMLElement, isOwn: (element: Element) => boolean): boolean {
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
  // <html>'s ::after comes after every child, our host included.
  const after = view.getComputedStyle(root, '::after').content;
  if (after !== 'none' && after !== 'normal') return true;
  for (let later = host.nextElementSibling; later; later = later.nextElementSibling) {
    if (!isOwn(later) && drawsOver(later, box)) return true;
  }
  for (const selector of TOP_LAYER_SELECTORS) {
    let inTopLayer: NodeListOf<Element>;
    try {
      inTopLayer = doc.querySelectorAll(selector);
    } catch {
      continue; // a selector this browser does not know: nothing of that kind can be shown
    }
    for (const element of inTopLayer) if (!isOwn(element) && drawsOver(element, box)) return true;
  }
  return false;
}

/**
 * Whether any box of `element` or of what it holds overlaps `box`. Shadow roots are looked into: open ones, and
 * closed ones where the content script may (Firefox's `openOrClosedShadowRoot`).
 */
function drawsOver(element: Element, box: DOMRect): boolean {
  const pending: Element[] = [element];
  let budget = MAX_ELEMENTS_CHECKED;
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const rect of current.getClientRects()) if (overlaps(rect, box)) return true;
    const shadow = (current as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? current.shadowRoot;
    for (const parent of shadow ? [current, shadow] : [current]) {
      for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
        if (--budget < 0) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

function overlaps(a: DOMRect, b: DOMRect): boolean {
  return a.width > 0 && a.height > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
