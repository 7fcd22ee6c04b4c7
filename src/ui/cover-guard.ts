// Clickjacking. A page cannot press the in-page UI's buttons itself (only trusted events act: shadow-host.ts), but
// it can get the person to press them unawares: draw a decoy over a card (with pointer-events: none the click goes
// through to the card), make the whole page transparent, or slip the card under the pointer just before a click.
// So a click on our buttons counts only once the host has been in plain sight for a moment, as browsers do for
// their own permission prompts.
//
// Our hosts are in the top layer (shadow-host.ts), over everything the page draws whatever its z-index, and
// clear of the opacity, clip, mask and blending it may put on <html>; only what the page puts in the top layer
// after them is drawn over them. Chromium says whether anything is drawn over the host or any effect touches it
// (IntersectionObserver v2, `trackVisibility`). Where that is missing (Firefox), what can still reach a host in
// the top layer is checked instead, several times a second and at the click: the page's own top-layer elements
// (modal dialogs, popovers, full screen: which of them was shown last cannot be read, so any counts), and
// <html>'s filter, which Firefox applies to the top layer too. A host the page took out of the top layer counts
// as covered until it is back.

import { isModalDialog } from './focus';

/** How long the host must have been in plain sight before a click on it counts. */
export const MIN_VISIBLE_MS = 500;
/** How often the structural check runs where the browser cannot track visibility (else, whether the host is still in the top layer). */
const CHECK_INTERVAL_MS = 100;
const TOP_LAYER_SELECTORS = [':modal', ':popover-open', ':fullscreen'];
/** Elements the first walk for shadow roots looks at in one task (1-6 ms in Firefox's content scripts, by machine). */
const ELEMENTS_PER_SLICE = 2000;

export interface CoverGuard {
  /** Whether a click (its time: event.timeStamp) came while the host had been in plain sight long enough. */
  allows(event: Event): boolean;
  stop(): void;
}

/**
 * Starts watching `host` (a host of ours, on <html> or in the page's modal dialog); `isOwn` names the extension's
 * other hosts, and `onOutOfSight` runs whenever the host is found not in plain sight or out of the top layer.
 */
export function guardAgainstCover(host: HTMLElement, isOwn: (element: Element) => boolean, onOutOfSight: () => void): CoverGuard {
  let inSightSince: number | null = null;
  const inSightLongEnough = (event: Event) => inSightSince !== null && event.timeStamp - inSightSince >= MIN_VISIBLE_MS;
  if (tracksVisibility()) {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if ((entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible) {
            inSightSince ??= entry.time;
          } else {
            inSightSince = null;
            onOutOfSight();
          }
        }
      },
      // `delay` is the least the browser allows between two reports (100 ms).
      { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
    observer.observe(host);
    // A host the page took out of the top layer may get no report: one comes only on a change of what the
    // browser last saw, and only with a new frame (a host judged covered, then taken out on a still page, got none).
    const demotionCheck = setInterval(() => {
      if (!host.matches(':popover-open')) onOutOfSight();
    }, CHECK_INTERVAL_MS);
    return {
      allows: inSightLongEnough,
      stop: () => {
        observer.disconnect();
        clearInterval(demotionCheck);
      },
    };
  }
  const shadowRoots = new ShadowRoots(host.ownerDocument, isOwn);
  const check = () => {
    if (shadowRoots.complete && !coveredOrUnknown(host, isOwn, shadowRoots.roots)) {
      inSightSince ??= performance.now();
    } else {
      inSightSince = null;
      onOutOfSight();
    }
  };
  check();
  const timer = setInterval(check, CHECK_INTERVAL_MS);
  return {
    allows(event) {
      // A root attached since to an element already walked was not heard of: the whole page is walked for one now.
      shadowRoots.walkAll();
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
 * are added to the page or to any root found. A root attached later to an element already walked is not heard of
 * (the page offers no way to), so the page is walked again at each click on our buttons (walkAll): 0.4-0.6 µs an
 * element in Firefox's Xray world on the machine of 2026-12-07 (62-103 ms over a thread of 168,006 elements;
 * ~3 µs on an older one).
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
    private readonly doc: Document,
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

  /** Walks the whole page (and every root) now, the first walk's remainder included. */
  walkAll(): void {
    this.unwalked.length = 0;
    clearTimeout(this.sliceTimer);
    if (this.doc.documentElement) this.find([this.doc.documentElement], Infinity);
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
      if (shadow && !this.isOwn(current)) {
        if (!this.roots.has(shadow)) {
          this.roots.add(shadow);
          this.observer.observe(shadow, { childList: true, subtree: true });
        }
        for (let child = shadow.firstElementChild; child; child = child.nextElementSibling) pending.push(child);
      }
      for (let child = current.firstElementChild; child; child = child.nextElementSibling) pending.push(child);
    }
  }
}

/**
 * Firefox's content scripts answer null, not undefined, for an element without a root: `shadowRoot` is read only
 * where that call is missing. Each read from an Xray world costs: the walk over the thread above took 110-150 ms
 * reading both for every element (Marionette's system sandbox, four rounds).
 */
function shadowRootOf(element: Element): ShadowRoot | null {
  const openOrClosed = (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
  return openOrClosed !== undefined ? openOrClosed : element.shadowRoot;
}

function tracksVisibility(): boolean {
  return typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
}

/**
 * Whether the page may be drawing over `host`, or fading it, by any means the browser leaves it (the host's own
 * styles are held by shadow-host.ts). Errs on the side of "covered": a click it wrongly refuses is asked again.
 */
function mayBeCovered(host: HTMLElement, isOwn: (element: Element) => boolean, shadowRoots: Iterable<ShadowRoot> = []): boolean {
  const doc = host.ownerDocument;
  const view = doc.defaultView;
  if (!view || !host.matches(':popover-open')) return true;
  // On <html>, or in the page's open modal dialog (shadow-host.ts); anywhere else, the page moved it.
  const parent = host.parentElement;
  const inDialog = parent !== null && parent !== doc.documentElement;
  if (inDialog && !isModalDialog(parent)) return true;
  const box = host.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return true;
  if (!filterKeepsTextReadable(view.getComputedStyle(doc.documentElement).filter)) return true;
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
      // The dialog holding the host is beneath it: the host is shown again each time the dialog is (shadow-host.ts).
      for (const element of inTopLayer) if (!isOwn(element) && !(inDialog && element === parent)) return true;
    }
  }
  return false;
}

/** The least contrast, by WCAG's measure, a filter must leave between black and white (that of body text). */
const MIN_CONTRAST = 4.5;

type Rgb = [number, number, number];

/**
 * Whether a computed `filter` leaves text readable: each function applied to black and to white as the Filter
 * Effects spec defines it, the two must stay at least MIN_CONTRAST apart. Greying, sepia, inverting, hue turns
 * and moderate brightness or contrast pass (Dark Reader's filter mode, a site greyed for mourning); fading,
 * darkening or flattening does not, nor any blur, shadow, SVG filter or function not known here.
 */
export function filterKeepsTextReadable(filter: string): boolean {
  if (filter === 'none' || filter === '') return true;
  let black: Rgb = [0, 0, 0];
  let white: Rgb = [1, 1, 1];
  const functions = /([a-z-]+)\(\s*([^()]*?)\s*\)\s*/gy;
  let match: RegExpExecArray | null;
  let read = 0;
  while ((match = functions.exec(filter)) !== null) {
    read = functions.lastIndex;
    const effect = colourEffect(match[1]!, match[2]!);
    if (!effect) return false;
    black = effect(black);
    white = effect(white);
  }
  if (read !== filter.length) return false;
  return contrast(black, white) >= MIN_CONTRAST;
}

/** What a filter function does to a colour, or null for one that is not a colour change known here. */
function colourEffect(name: string, argument: string): ((colour: Rgb) => Rgb) | null {
  if (name === 'hue-rotate') {
    const turn = angleInRadians(argument);
    return turn === null ? null : matrix(hueRotation(turn));
  }
  const amount = amountOf(argument);
  if (amount === null) return null;
  const clamped = Math.min(amount, 1);
  switch (name) {
    case 'grayscale':
      return matrix(between(UNCHANGED, GREY, clamped));
    case 'sepia':
      return matrix(between(UNCHANGED, SEPIA, clamped));
    case 'saturate':
      return matrix(between(UNSATURATED, UNCHANGED, amount));
    case 'invert':
      return channels((c) => clamped + c * (1 - 2 * clamped));
    case 'brightness':
      return channels((c) => c * amount);
    case 'contrast':
      return channels((c) => (c - 0.5) * amount + 0.5);
    case 'opacity':
      // Faded over a ground the page chooses: only full opacity is sure to leave the text as it was.
      return amount >= 1 ? (colour) => colour : null;
    case 'blur':
      return amount === 0 ? (colour) => colour : null;
    default:
      return null;
  }
}

/** A function's argument as a number: `0.5`, `50%`; blur's `0px` counts as 0. Null where it is not one. */
function amountOf(argument: string): number | null {
  const found = /^(-?[\d.]+(?:e-?\d+)?)(%|px)?$/.exec(argument || '1');
  if (!found) return null;
  const value = Number(found[1]) / (found[2] === '%' ? 100 : 1);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

function angleInRadians(argument: string): number | null {
  const found = /^(-?[\d.]+(?:e-?\d+)?)(deg|rad|grad|turn)?$/.exec(argument || '0');
  if (!found) return null;
  const value = Number(found[1]);
  const perUnit = { deg: Math.PI / 180, rad: 1, grad: Math.PI / 200, turn: 2 * Math.PI }[found[2] ?? 'deg']!;
  return Number.isFinite(value) ? value * perUnit : null;
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

function channels(change: (channel: number) => number): (colour: Rgb) => Rgb {
  return (colour) => colour.map((channel) => clamp(change(channel))) as Rgb;
}

function matrix(rows: Matrix): (colour: Rgb) => Rgb {
  return (colour) => rows.map((row) => clamp(row[0] * colour[0] + row[1] * colour[1] + row[2] * colour[2])) as Rgb;
}

// The matrices of the Filter Effects spec: grayscale(a) and sepia(a) go from no change to their full effect,
// saturate(s) from grey (0) through no change (1) and beyond.
type Matrix = [Rgb, Rgb, Rgb];
const UNCHANGED: Matrix = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
const GREY: Matrix = [[0.2126, 0.7152, 0.0722], [0.2126, 0.7152, 0.0722], [0.2126, 0.7152, 0.0722]];
const SEPIA: Matrix = [[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]];
const UNSATURATED: Matrix = [[0.213, 0.715, 0.072], [0.213, 0.715, 0.072], [0.213, 0.715, 0.072]];

/** The matrix `amount` of the way from `from` to `to`. */
function between(from: Matrix, to: Matrix, amount: number): Matrix {
  return from.map((row, i) => row.map((value, j) => value + (to[i]![j]! - value) * amount)) as Matrix;
}

function hueRotation(angle: number): Matrix {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [
    [0.213 + cos * 0.787 - sin * 0.213, 0.715 - cos * 0.715 - sin * 0.715, 0.072 - cos * 0.072 + sin * 0.928],
    [0.213 - cos * 0.213 + sin * 0.143, 0.715 + cos * 0.285 + sin * 0.14, 0.072 - cos * 0.072 - sin * 0.283],
    [0.213 - cos * 0.213 - sin * 0.787, 0.715 - cos * 0.715 + sin * 0.715, 0.072 + cos * 0.928 + sin * 0.072],
  ];
}

/** WCAG's contrast ratio of two sRGB colours. */
function contrast(a: Rgb, b: Rgb): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
