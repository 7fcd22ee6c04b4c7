// A card drawn next to something on the page (a selection, an image), in a shadow root.
// One card at a time. It is a non-modal dialog: Escape or Close removes it and gives focus back to where
// it was; keys typed in it stay in it, so page shortcuts do not fire while the user types in the card.
import { render, type ComponentChildren } from 'preact';
import { t } from '../i18n/i18n';
import { deepActiveElement } from './focus';
import { acceptOnlyTrustedEvents, createShadowHost, ignoreClicksWhileCovered, placeHost, type ShadowHost } from './shadow-host';
import { Store } from './store';
import { useStore } from './useStore';

let current: { shadow: ShadowHost; restoreFocus: Element | null } | undefined;

export interface CardHandle {
  close(): void;
}

/** Keyboard events that would otherwise bubble out of the shadow root to the page's own handlers. */
const CONTAINED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;


export function openInPageCard(
  anchor: DOMRect,
  label: string,
  content: (handle: CardHandle) => ComponentChildren,
): CardHandle {
  closeInPageCard();
  const restoreFocus = deepActiveElement(document);
  const shadow = createShadowHost('nano-banana-card');
  current = { shadow, restoreFocus };
  const handle: CardHandle = { close: closeInPageCard };
  placeNear(shadow.host, anchor);
  acceptOnlyTrustedEvents(shadow.root);
  const coveredClick = new Store({ ignored: false });
  ignoreClicksWhileCovered(shadow, () => coveredClick.set({ ignored: true }));
  // Registered after the guard, so only clicks that count get here.
  shadow.root.addEventListener('click', () => coveredClick.state.ignored && coveredClick.set({ ignored: false }), { capture: true });
  for (const type of CONTAINED_EVENTS) {
    shadow.root.addEventListener(type, (event) => {
      event.stopPropagation();
      if (type === 'keydown' && (event as KeyboardEvent).key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        closeInPageCard();
      }
    });
  }
  render(
    <section class="card" role="dialog" aria-label={label}>
      <CoveredClickNotice store={coveredClick} />
      {content(handle)}
    </section>,
    shadow.container,
  );
  return handle;
}

export function closeInPageCard(): void {
  if (!current) return;
  const { shadow, restoreFocus } = current;
  current = undefined;
  const focusWasInCard = document.activeElement === shadow.host;
  render(null, shadow.container);
  shadow.remove();
  // Back to where the user was, unless they have moved on to something else in the page.
  const focusLost = focusWasInCard || document.activeElement === document.body || document.activeElement === null;
  if (focusLost && restoreFocus instanceof HTMLElement && restoreFocus.isConnected) restoreFocus.focus({ preventScroll: true });
}

/**
 * Says a click was ignored: the card had only just come into sight, or the page covered it (cover-guard.ts).
 * Gone at the next click that counts.
 */
function CoveredClickNotice({ store }: { store: Store<{ ignored: boolean }> }) {
  const { ignored } = useStore(store);
  return ignored ? (
    <p class="error" role="alert">
      {t('coveredClickIgnored')}
    </p>
  ) : null;
}

/** Below the anchor when there is room, else above; always inside the viewport horizontally. */
function placeNear(host: HTMLElement, anchor: DOMRect) {
  const margin = 8;
  const width = Math.min(420, window.innerWidth - 24);
  const left = Math.max(margin, Math.min(anchor.left, window.innerWidth - width - margin));
  const below = window.innerHeight - anchor.bottom > 220 || anchor.top < 220;
  const top = below ? anchor.bottom + margin : Math.max(margin, anchor.top - 240);
  placeHost(host, left + window.scrollX, top + window.scrollY);
}
