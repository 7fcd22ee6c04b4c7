// Work a side panel does for a tab stays with that tab: the panel follows the tab in view
// (platform/side-panel.ts, followPanelTab), and switching back shows the tab's own summary or list, finished
// or still running, never another tab's.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

export interface PerTab<T> {
  /** The tab's own value, made on first use. */
  of(tabId: number | undefined): T;
}

export interface PerTabOptions<T> {
  /**
   * The tab went to another page (its address changed other than by its #fragment): what was made for it refers
   * to a page that is gone (passages to show, images to write alt text into), which the next page must not get.
   */
  pageLeft?(value: T): void;
}

/** An address without its #fragment: a jump within the page is the same page. */
function pageAddress(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** One value per tab (a run, a store), made by `make` the first time the tab is shown; forgotten when the tab closes. */
export function usePerTab<T>(make: (tabId: number | undefined) => T, options: PerTabOptions<T> = {}): PerTab<T> {
  const [perTab] = useState(() => {
    const values = new Map<number | undefined, T>();
    /** The page each tab showed when last heard of (browsers report a #fragment jump as loading, like a navigation). */
    const pages = new Map<number, string>();
    return {
      values,
      pages,
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
    };
    const onUpdated = (tabId: number, change: { url?: string }) => {
      if (change.url === undefined) return;
      const page = pageAddress(change.url);
      const before = perTab.pages.get(tabId);
      perTab.pages.set(tabId, page);
      const value = perTab.values.get(tabId);
      if (before !== undefined && before !== page && value !== undefined) options.pageLeft?.(value);
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
