// Where the focus is, through the shadow roots of web components (editors, dialogs), which the document's own
// activeElement stops at: it names the outermost host. Open roots only: closed ones are as opaque to us here as
// they are to the page.

/** The focused element, looking inside open shadow roots. */
export function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The open modal <dialog> holding `element`, across shadow root boundaries, or null. */
export function closestModalDialog(element: Element | null): Element | null {
  for (let node = element; node; node = node.parentElement ?? hostOf(node)) {
    if (isModalDialog(node)) return node;
  }
  return null;
}

/** Whether `element` is a <dialog> open as a modal (showModal). */
export function isModalDialog(element: Element): boolean {
  if (element.localName !== 'dialog') return false;
  try {
    return element.matches(':modal');
  } catch {
    return false; // a browser without :modal
  }
}

function hostOf(element: Element): Element | null {
  const root = element.getRootNode();
  return root.nodeType === Node.DOCUMENT_FRAGMENT_NODE ? ((root as ShadowRoot).host ?? null) : null;
}
