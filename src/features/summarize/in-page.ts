/**
 * Content-script side of "show in page": scrolls a key point's passage into view and highlights
 * it for a moment.
 *
 * The highlight uses the CSS Custom Highlight API, which paints a range without touching the
 * page's elements; where it is missing (Firefox before 140) the element gets a temporary outline.
 */

const HIGHLIGHT_NAME = 'nano-banana-passage';
const HIGHLIGHT_MS = 2500;
const HIGHLIGHT_COLOR = 'rgba(255, 214, 0, 0.45)';

let clearCurrent: (() => void) | null = null;
let clearTimer: ReturnType<typeof setTimeout> | undefined;

export function highlightPassage(element: Element): void {
  clearCurrent?.();
  clearTimeout(clearTimer);
  const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  element.scrollIntoView({ behavior: reduceMotion ? 'auto' : 'smooth', block: 'center' });
  // The element may be in a same-origin iframe: use that frame's highlight registry.
  const view = element.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  const clear = view && supportsHighlights(view) ? paintHighlight(element, view) : outline(element);
  clearCurrent = clear;
  clearTimer = setTimeout(() => {
    clear();
    if (clearCurrent === clear) clearCurrent = null;
  }, HIGHLIGHT_MS);
}

function supportsHighlights(view: Window & typeof globalThis): boolean {
  return typeof view.Highlight === 'function' && typeof view.CSS?.highlights === 'object';
}

function paintHighlight(element: Element, view: Window & typeof globalThis): () => void {
  addHighlightStyle(element.ownerDocument);
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  view.CSS.highlights.set(HIGHLIGHT_NAME, new view.Highlight(range));
  return () => view.CSS.highlights.delete(HIGHLIGHT_NAME);
}

const styledDocuments = new WeakSet<Document>();

/** A `::highlight()` rule is the only way to give the highlight a color; it matches nothing else. */
function addHighlightStyle(document: Document): void {
  if (styledDocuments.has(document)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`::highlight(${HIGHLIGHT_NAME}) { background-color: ${HIGHLIGHT_COLOR}; }`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  styledDocuments.add(document);
}

/** Outlines the element, then puts back whatever inline outline it had. */
function outline(element: Element): () => void {
  const style = (element as Partial<ElementCSSInlineStyle>).style; // not instanceof: iframes have their own HTMLElement
  if (!style) return () => {};
  const { outline: previousOutline, outlineOffset: previousOffset } = style;
  style.outline = `3px solid ${HIGHLIGHT_COLOR}`;
  style.outlineOffset = '2px';
  return () => {
    style.outline = previousOutline;
    style.outlineOffset = previousOffset;
  };
}
