// Work a side panel does for a tab stays with that tab: the panel follows the tab in view
// (platform/side-panel.ts, followPanelTab), and switching back shows the tab's own summary or list, finished
// or still running, never another tab's.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

export interface PerTab<T> {
  /** The tab's own value, made on first use. */
  of(tabId: number | undefined): T;
  /** The tab's value if one was made. */
  made(tabId: number): T | undefined;
}

/** One value per tab (a run, a store), made by `make` the first time the tab is shown; forgotten when the tab closes. */
export function usePerTab<T>(make: (tabId: number | undefined) => T): PerTab<T> {
  const [perTab] = useState(() => {
    const values = new Map<number | undefined, T>();
    return {
      values,
      of(tabId: number | undefined): T {
        if (!values.has(tabId)) values.set(tabId, make(tabId));
        return values.get(tabId)!;
      },
      made: (tabId: number) => values.get(tabId),
    };
  });
  useEffect(() => {
    const onRemoved = (tabId: number) => void perTab.values.delete(tabId);
    browser.tabs.onRemoved.addListener(onRemoved);
    return () => browser.tabs.onRemoved.removeListener(onRemoved);
  }, []);
  return perTab;
}
