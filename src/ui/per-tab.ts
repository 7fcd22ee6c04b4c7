// Work a side panel does for a tab stays with that tab: the panel follows the tab in view
// (platform/side-panel.ts, followPanelTab), and switching back shows the tab's own summary or list, finished
// or still running, never another tab's.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToTab } from '../messaging/tabs';

export interface PerTab<T> {
  /** The tab's own value, made on first use. */
  of(tabId: number | undefined): T;
}

export interface PerTabOptions<T> {
  /**
   * The tab went to another page (its address changed other than by its #fragment, or it was reloaded): what was
   * made for it refers to a page that is gone (passages to show, images to write alt text into), which the next
   * page must not get.
   */
  pageLeft?(value: T): void;
}

/** An address without its #fragment: a jump within the page is the same page. */
function pageAddress(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** The document a tab shows (messaging/page-id.ts), or undefined where no content script answers (a browser page). */
function documentOf(tabId: number): Promise<string | undefined> {
  return sendToTab('pageId', undefined, { tabId }).catch(() => undefined);
}

/** One value per tab (a run, a store), made by `make` the first time the tab is shown; forgotten when the tab closes. */
export function usePerTab<T>(make: (tabId: number | undefined) => T, options: PerTabOptions<T> = {}): PerTab<T> {
  const [perTab] = useState(() => {
    const values = new Map<number | undefined, T>();
    /** The page each tab showed when last heard of (browsers report a #fragment jump as loading, like a navigation). */
    const pages = new Map<number, string>();
    /**
     * The document each tab showed once loaded, when known: a reload keeps the address but not the document,
     * and nothing made for the page before may reach the new one.
     */
    const documents = new Map<number, string>();
    return {
      values,
      pages,
      documents,
      of(tabId: number | undefined): T {
        if (!values.has(tabId)) {
          values.set(tabId, make(tabId));
          if (tabId !== undefined) {
            void browser.tabs.get(tabId).then(
              (tab) => {
                if (tab.url !== undefined && !pages.has(tabId)) pages.set(tabId, pageAddress(tab.url));
              },
              () => undefined,
            );
            void documentOf(tabId).then((page) => {
              if (page !== undefined && !documents.has(tabId)) documents.set(tabId, page);
            });
          }
        }
        return values.get(tabId)!;
      },
    };
  });
  useEffect(() => {
    const onRemoved = (tabId: number) => {
      perTab.values.delete(tabId);
      perTab.pages.delete(tabId);
      perTab.documents.delete(tabId);
    };
    const left = (tabId: number) => {
      const value = perTab.values.get(tabId);
      if (value !== undefined) options.pageLeft?.(value);
    };
    const onUpdated = (tabId: number, change: { url?: string; status?: string }) => {
      if (change.url !== undefined) {
        const page = pageAddress(change.url);
        const before = perTab.pages.get(tabId);
        perTab.pages.set(tabId, page);
        if (before !== undefined && before !== page) {
          // Gone already: the next document is learnt once it has loaded, not compared.
          perTab.documents.delete(tabId);
          left(tabId);
        }
      }
      // A loaded page of a tab with work for it: still the same document? (A reload leaves the address as it was.)
      if (change.status === 'complete' && perTab.values.has(tabId)) {
        void documentOf(tabId).then((page) => {
          if (page === undefined) return;
          const before = perTab.documents.get(tabId);
          perTab.documents.set(tabId, page);
          if (before !== undefined && before !== page) left(tabId);
        });
      }
    };
    browser.tabs.onRemoved.addListener(onRemoved);
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      browser.tabs.onRemoved.removeListener(onRemoved);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, []);
  return perTab;
}
