// Whether a person can see an image now. Only what a person sees is captioned: a hostile page could
// otherwise hide an image (transparent, zero-size, off the page, under another element) and have the
// extension describe pixels for it.
import { isOwnUi } from '../../ui/shadow-host';
import { mapImageOf } from './candidates';

export type Invisibility = 'transparent' | 'zero-size' | 'outside-page' | 'covered' | 'clipped';

/** Below this opacity (of the image times its ancestors') nothing can be made out. */
const MIN_OPACITY = 0.1;
/** Below this many CSS pixels in either direction nothing can be made out. */
const MIN_SIDE_PX = 2;

/** Whether the element cannot be seen now, and why; a map area is seen through the image that uses its map. */
export function invisibility(element: Element): Invisibility | undefined {
  const img = element.localName === 'area' ? mapImageOf(element) : element;
  if (!img) return 'outside-page';
  const view = img.ownerDocument.defaultView;
  if (!view) return 'outside-page';
  let opacity = 1;
  for (let element: Element | null = img; element; element = parentOrHost(element)) {
    const style = view.getComputedStyle(element);
    opacity *= Number(style.opacity || 1);
    if (style.clip && style.clip !== 'auto' && /rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)/.test(style.clip)) return 'clipped';
  }
  if (opacity < MIN_OPACITY) return 'transparent';
  const box = img.getBoundingClientRect();
  if (box.width < MIN_SIDE_PX || box.height < MIN_SIDE_PX) return 'zero-size';
  const doc = img.ownerDocument.documentElement;
  const left = box.left + view.scrollX;
  const top = box.top + view.scrollY;
  if (left + box.width <= 0 || top + box.height <= 0 || left >= doc.scrollWidth || top >= doc.scrollHeight) return 'outside-page';
  if (coveredAt(img, [[0.5, 0.5]])) return 'covered';
  // An image in a frame is seen only if the frame is: a page could hide the frame instead of the image.
  // (`frameElement` is null where the parent is of another origin, whose own checks do not reach here.)
  const frame = view.frameElement;
  return frame ? invisibility(frame) : undefined;
}

/**
 * Whether something other than the image (or what contains it) is on top at any of the given points of
 * its box (fractions of width and height). Points outside the viewport cannot be tested and are skipped.
 */
export function coveredAt(img: Element, points: Array<[number, number]>): boolean {
  const doc = img.ownerDocument;
  const view = doc.defaultView;
  if (!view) return true;
  const box = img.getBoundingClientRect();
  for (const [fx, fy] of points) {
    const x = box.left + box.width * fx;
    const y = box.top + box.height * fy;
    if (x < 0 || y < 0 || x >= view.innerWidth || y >= view.innerHeight) continue;
    const top = doc.elementsFromPoint(x, y).find((element) => !isOwnUi(element));
    // What lies inside the image (an SVG's shapes) is the image.
    if (top && top !== img && !top.contains(img) && !img.contains(top) && !isHostOf(top, img)) return true;
  }
  return false;
}

/** Every point that must show the image itself before a screenshot of it may be taken. */
export const SCREENSHOT_PROBES: Array<[number, number]> = [
  [0.5, 0.5],
  [0.1, 0.1],
  [0.9, 0.1],
  [0.1, 0.9],
  [0.9, 0.9],
];

function isHostOf(element: Element, img: Element): boolean {
  for (let current: Element | null = img; current; current = parentOrHost(current)) if (current === element) return true;
  return false;
}

function parentOrHost(element: Element): Element | null {
  if (element.parentElement) return element.parentElement;
  const root = element.getRootNode();
  // Not `instanceof ShadowRoot`: an element of a same-origin frame comes from another window.
  return 'host' in root ? (root as ShadowRoot).host : null;
}
