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

/** The tab a side panel page works on: `?tabId=` when present, else the active tab of its window. */
export async function sidePanelTabId(search = location.search): Promise<number | undefined> {
  const fromUrl = Number(new URLSearchParams(search).get('tabId'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** The side-panel tab used last (its feature), shown again when the panel opens without a request. */
export const lastSidePanelTab = storage.defineItem<string>('local:sidePanelTab', { fallback: '' });
