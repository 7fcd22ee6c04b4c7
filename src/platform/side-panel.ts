// Chrome has a side panel, Firefox a sidebar; both show sidepanel.html.
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

interface FirefoxSidebar {
  sidebarAction: { open(): Promise<void> };
}

/** What the side panel should do once it is open, handed over through session storage. */
export type SidePanelRequest =
  | { kind: 'summarize-page'; tabId: number }
  | { kind: 'summarize-selection'; tabId: number; frameId: number }
  /** Ask for a custom instruction here (never in the page), then rewrite the frame's selection with it. */
  | { kind: 'rewrite-custom'; tabId: number; frameId: number }
  | { kind: 'generate-alt-text'; tabId: number };

export const sidePanelRequest = storage.defineItem<SidePanelRequest | null>('session:sidePanelRequest', {
  fallback: null,
});

/**
 * Opens the panel for a tab. Must be called synchronously inside the user's click handler:
 * browsers only open panels in response to a gesture.
 */
export function openSidePanel(tabId: number, request?: SidePanelRequest): Promise<void> {
  const opened = import.meta.env.FIREFOX
    ? (browser as unknown as FirefoxSidebar).sidebarAction.open()
    : browser.sidePanel.open({ tabId });
  const handedOver = request ? sidePanelRequest.setValue(request) : Promise.resolve();
  return Promise.all([opened, handedOver]).then(() => undefined);
}

/**
 * Tells `onTab` which tab the side panel works on, now and whenever that changes. With `?tabId=` (a panel opened
 * for one tab) that tab alone. Otherwise the active tab of the panel's window, followed as the person switches
 * tabs: Chrome's global panel and Firefox's sidebar stay open across tabs, and must act on the tab in view.
 * Returns a function that stops following.
 */
export function followPanelTab(onTab: (tabId: number) => void, search = location.search): () => void {
  const fromUrl = Number(new URLSearchParams(search).get('tabId'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) {
    onTab(fromUrl);
    return () => undefined;
  }
  let windowId: number | undefined;
  let following = true;
  let activatedSince = false;
  const onActivated = (activated: { tabId: number; windowId: number }) => {
    if (!following || activated.windowId !== windowId) return;
    activatedSince = true;
    onTab(activated.tabId);
  };
  browser.tabs.onActivated.addListener(onActivated);
  // A tab activated before the window is known is not lost: the query below returns the active tab as it is then
  // (and one activated while the query runs is newer than its answer).
  void browser.windows.getCurrent().then(async (current) => {
    windowId = current.id;
    const [tab] = await browser.tabs.query({ active: true, windowId });
    if (following && !activatedSince && tab?.id !== undefined) onTab(tab.id);
  });
  return () => {
    following = false;
    browser.tabs.onActivated.removeListener(onActivated);
  };
}

/** The side-panel tab used last (its feature), shown again when the panel opens without a request. */
export const lastSidePanelTab = storage.defineItem<string>('local:sidePanelTab', { fallback: '' });
