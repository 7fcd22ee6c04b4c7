// In-page UI lives in a closed shadow root: page styles cannot reach into it, its styles cannot leak out,
// and the page's scripts cannot read it (the alt text before Apply, a rewrite before Replace) or drive it
// (`host.shadowRoot` is null to them). Styles go in through a constructed stylesheet, which pages' CSP
// rules for inline styles do not block.
import cardStyles from '../../assets/card.css?inline';
import { localizeElement } from '../i18n/i18n';
import { guardAgainstCover } from './cover-guard';
import { closestModalDialog, deepActiveElement, isModalDialog } from './focus';

export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
  container: HTMLElement;
  remove(): void;
  /** Runs `stop` when the host is removed (watches of the host's own). */
  onRemove(stop: () => void): void;
}

/**
 * What the host element itself needs. Page rules can match the host (`* { … !important }`), and only an
 * inline !important declaration beats those. Set through the CSSOM, which CSP's `style-src` does not govern.
 */
const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  display: 'block',
  position: 'absolute',
  'z-index': '2147483647',
  margin: '0',
  padding: '0',
  border: '0',
  width: 'auto',
  height: 'auto',
  visibility: 'visible',
  opacity: '1',
  transform: 'none',
  filter: 'none',
  'pointer-events': 'auto',
};

/** Hosts this content script made; a page can copy their markup, not get into this set. */
const ownHosts = new WeakSet<Element>();

export function isOwnUi(element: Element): boolean {
  return ownHosts.has(element);
}

/** Each host's styles of its own use (where it is placed: placeHost, setHostStyle), put back with the others. */
const placements = new WeakMap<HTMLElement, Record<string, string>>();
/** Each host's style attribute as applyHostStyle left it. */
const ownStyles = new WeakMap<HTMLElement, string>();

/** Sets the host's own styles afresh, dropping any others. */
function applyHostStyle(host: HTMLElement): void {
  host.style.cssText = '';
  for (const [property, value] of Object.entries({ ...HOST_STYLE, ...placements.get(host) })) host.style.setProperty(property, value, 'important');
  ownStyles.set(host, host.getAttribute('style') ?? '');
}

export function createShadowHost(name: string, doc: Document = document): ShadowHost {
  const host = doc.createElement(name);
  host.setAttribute('data-nano-banana', '');
  applyHostStyle(host);
  // The page's scripts can set the host's own style too (hide the card over a decoy, so that the person
  // clicks Apply unseen): whatever they change is put back before the next paint, since a mutation
  // observer's callback runs before rendering. The observer lives in this script's world, unseen by the page.
  // (Our own changes come back to it too, and find the attribute as we left it.)
  // The same goes for its place in the top layer (below).
  new MutationObserver(() => {
    if ((host.getAttribute('style') ?? '') !== ownStyles.get(host)) applyHostStyle(host);
    if (host.getAttribute('popover') !== 'manual') host.setAttribute('popover', 'manual');
    showInTopLayer(host);
  }).observe(host, { attributes: true, attributeFilter: ['style', 'popover'] });
  const root = host.attachShadow({ mode: 'closed' });
  ownHosts.add(host);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cardStyles);
  root.adoptedStyleSheets = [sheet];
  const container = doc.createElement('div');
  // The UI's language and direction, not the page's.
  localizeElement(container);
  root.append(container);
  // In the top layer, as a popover that only we close: drawn over all the page has, whatever its z-index, and
  // clear of what the page does to <html> (a see-through or greyed page, Dark Reader's filter mode), so that only
  // what the page puts in the top layer after it can be drawn over it (cover-guard.ts). Should the page take it
  // out (hidePopover), the cover guard puts it back within a tenth of a second;
  // until then, or for good where the page keeps it from showing (cancelling its beforetoggle event), it is drawn
  // as any element of the page: Chromium judges it as one, Firefox's check counts it as covered.
  host.setAttribute('popover', 'manual');
  const stops: (() => void)[] = [];
  let dialogWatch: MutationObserver | undefined;
  const place = () => {
    dialogWatch?.disconnect();
    const parent = hostParent(doc);
    parent.append(host);
    showInTopLayer(host);
    if (parent === doc.documentElement) return;
    // The dialog closed (the card would go with it), closed and opened again (which puts it over the card), or
    // left the page, taking the card along (frameworks often remove a dialog without closing it): the card moves
    // to where it belongs now and is shown last again, before anything is drawn.
    dialogWatch = new MutationObserver((records) => {
      if (!parent.isConnected || records.some((record) => record.type === 'attributes')) place();
    });
    dialogWatch.observe(parent, { attributes: true, attributeFilter: ['open'] });
    // The document does not hear of changes inside shadow roots: each root around the dialog is watched too.
    for (let root: Node = parent.getRootNode(); ; root = (root as ShadowRoot).host.getRootNode()) {
      dialogWatch.observe(root, { childList: true, subtree: true });
      if (root.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) break;
    }
  };
  place();
  stops.push(() => dialogWatch?.disconnect());
  return {
    host,
    root,
    container,
    remove: () => {
      for (const stop of stops.splice(0)) stop();
      host.remove();
    },
    onRemove: (stop) => stops.push(stop),
  };
}

/**
 * Where a host goes: into the page's modal dialog while one is open (everything outside it is inert then: a card
 * there could not be clicked), else on <html> (not <body>: a contenteditable body, as iframe-based rich editors
 * have, would take the card in as content). The modal dialog holding the focus, in a web component's shadow
 * root too (where the document's own query does not look), else the document's one open modal dialog.
 */
function hostParent(doc: Document): Element {
  const focused = closestModalDialog(deepActiveElement(doc));
  if (focused) return focused;
  const modals = [...doc.querySelectorAll('dialog')].filter(isModalDialog);
  return modals.length === 1 ? modals[0]! : doc.documentElement;
}

/** Puts a connected host of ours back in the top layer, where it is not (and the browser has one). */
function showInTopLayer(host: HTMLElement): void {
  if (!host.isConnected || !('showPopover' in host) || host.matches(':popover-open')) return;
  try {
    host.showPopover();
  } catch {
    // Not shown (a document that cannot show popovers): the host stays where it is, and is judged there.
  }
}

/** Positions the host in document coordinates, winning over page rules like the other host styles. */
export function placeHost(host: HTMLElement, left: number, top: number): void {
  setHostStyle(host, { left: `${left}px`, top: `${top}px` });
}

/** Adds styles of this host's own (its place) to the ones every host has, kept the same way. */
export function setHostStyle(host: HTMLElement, styles: Record<string, string>): void {
  placements.set(host, { ...placements.get(host), ...styles });
  applyHostStyle(host);
}

/** Events the UI acts on: only the person's own (trusted) ones reach its controls, never a script's. */
const GUARDED_EVENTS = ['click', 'input', 'change', 'submit', 'keydown', 'keyup', 'keypress'] as const;

/** Stops the page's scripts from driving the UI in `root` with synthetic events (`el.click()`, dispatchEvent). */
export function acceptOnlyTrustedEvents(root: ShadowRoot): void {
  for (const type of GUARDED_EVENTS) {
    root.addEventListener(
      type,
      (event) => {
        if (event.isTrusted) return;
        event.stopImmediatePropagation();
        event.preventDefault();
      },
      { capture: true },
    );
  }
}

/**
 * Clicks on the host's buttons count only once it has been in plain sight for a moment (cover-guard.ts: a page
 * can draw a decoy over it for the person to click through). A click that does not count is stopped before
 * any control sees it, and `onIgnored` tells the person. A host found out of sight is put back in the top layer,
 * should the page have taken it out.
 */
export function ignoreClicksWhileCovered(shadow: ShadowHost, onIgnored: () => void): void {
  const guard = guardAgainstCover(shadow.host, isOwnUi, () => showInTopLayer(shadow.host));
  shadow.onRemove(guard.stop);
  shadow.root.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted || !event.composedPath().some(isButton) || guard.allows(event)) return;
      event.stopImmediatePropagation();
      event.preventDefault();
      onIgnored();
    },
    { capture: true },
  );
}

function isButton(target: EventTarget): boolean {
  const node = target as Node;
  return node.nodeType === 1 && ((node as Element).localName === 'button' || (node as Element).getAttribute('role') === 'button');
}
