// A card drawn next to something on the page (a selection, an image), in a shadow root.
// One card at a time; Escape or Close removes it and gives focus back to where it was.
import { render, type ComponentChildren } from 'preact';
import { createShadowHost, type ShadowHost } from './shadow-host';

let current: { shadow: ShadowHost; restoreFocus: Element | null } | undefined;

export interface CardHandle {
  close(): void;
}

export function openInPageCard(
  anchor: DOMRect,
  label: string,
  content: (handle: CardHandle) => ComponentChildren,
): CardHandle {
  closeInPageCard();
  const shadow = createShadowHost('nano-banana-card');
  const restoreFocus = document.activeElement;
  current = { shadow, restoreFocus };
  const handle: CardHandle = { close: closeInPageCard };
  placeNear(shadow.host, anchor);
  shadow.root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape') {
      event.stopPropagation();
      closeInPageCard();
    }
  });
  render(
    <section class="card" role="dialog" aria-label={label}>
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
  render(null, shadow.container);
  shadow.remove();
  if (restoreFocus instanceof HTMLElement) restoreFocus.focus({ preventScroll: true });
}

/** Below the anchor when there is room, else above; always inside the viewport horizontally. */
function placeNear(host: HTMLElement, anchor: DOMRect) {
  const margin = 8;
  const width = Math.min(420, window.innerWidth - 24);
  const left = Math.max(margin, Math.min(anchor.left, window.innerWidth - width - margin));
  const below = window.innerHeight - anchor.bottom > 220 || anchor.top < 220;
  host.style.left = `${left + window.scrollX}px`;
  host.style.top = below ? `${anchor.bottom + window.scrollY + margin}px` : '';
  if (!below) host.style.top = `${Math.max(margin, anchor.top + window.scrollY - 240)}px`;
}
