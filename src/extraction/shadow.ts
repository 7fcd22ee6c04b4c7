// An element's shadow root, closed ones included where the content script may see them: a page that hides
// text by giving its element a closed shadow root (its light children then show only where a <slot> puts
// them) must be read as it is shown, not as its light DOM says. Page scripts see only open roots.

interface ShadowRootApis {
  /** Firefox's content scripts. */
  openOrClosedShadowRoot?: ShadowRoot | null;
}

/** Chrome's content scripts see closed shadow roots through chrome.dom. */
declare const chrome: { dom?: { openOrClosedShadowRoot?(element: Element): ShadowRoot | null } } | undefined;

/** The elements attachShadow() accepts, besides custom elements (a name with a hyphen). */
const SHADOW_HOST_TAGS = new Set(['article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main', 'nav', 'p', 'section', 'span']);

/**
 * `element`'s shadow root: open or closed in a content script, open only elsewhere (page scripts, Node).
 * Only custom elements and SHADOW_HOST_TAGS can host one at all (attachShadow and declarative roots refuse the
 * rest), so the tag is read first: in a content script's world, the first read of `shadowRoot` costs ~0.3 µs an
 * element (50 ms over a thread's 168,000 cells, rows and links). Closed roots are asked for of custom elements,
 * whose own content a closed root often is (a widget that renders its text there, with no children of its own),
 * and of the other elements that can host one where it would hide something: those with children of their own
 * (Chrome's chrome.dom call costs ~2 µs an element, 0.4 s on a page of 200,000, most of them divs and spans).
 */
export function shadowRootOf(element: Element): ShadowRoot | null {
  const tag = element.localName;
  const custom = tag.includes('-');
  if (!custom && !SHADOW_HOST_TAGS.has(tag)) return null;
  const open = element.shadowRoot;
  if (open) return open;
  // hasChildNodes(), not firstChild: in a content script's isolated world, every node handed back to script
  // costs a wrapper lookup (firstChild: ~0.1 s over 210,000 elements, hasChildNodes ~0.01 s).
  if (!custom && !element.hasChildNodes()) return null;
  const firefox = (element as Element & ShadowRootApis).openOrClosedShadowRoot;
  if (firefox !== undefined) return firefox;
  if (typeof chrome !== 'undefined' && chrome?.dom?.openOrClosedShadowRoot) {
    try {
      return chrome.dom.openOrClosedShadowRoot(element) ?? null;
    } catch {
      return null;
    }
  }
  return null;
}
