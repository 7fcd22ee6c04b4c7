import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FEATURE_PANELS } from '../../src/features/panels';
import { followPanelTab, lastSidePanelTab, sidePanelRequest, type SidePanelRequest } from '../../src/platform/side-panel';
import { ModelStatus } from '../../src/ui/ModelStatus';
import { Tabs } from '../../src/ui/Tabs';
import { useEngineStatus } from '../../src/ui/useEngineStatus';
import { t } from '../../src/i18n/i18n';

/** The side panel works on one tab: `?tabId=` when given, else the active tab of its window (followed). */
export function SidePanel() {
  const [tabId, setTabId] = useState<number>();
  const [request, setRequest] = useState<SidePanelRequest>();
  const [shown, setShown] = useState(FEATURE_PANELS[0]!.feature);
  const requested = useRef(false);
  const status = useEngineStatus();

  useEffect(() => followPanelTab(setTabId), []);

  // The page the panel works on, by its title: the panel follows the tab in view, and says which it is.
  const [pageTitle, setPageTitle] = useState<string>();
  useEffect(() => {
    setPageTitle(undefined);
    if (tabId === undefined) return;
    let current = true; // an answer about the tab shown before comes too late to show
    const show = (tab: { title?: string; url?: string }) => {
      if (current) setPageTitle(tab.title || tab.url);
    };
    browser.tabs.get(tabId).then(show, () => undefined);
    const onUpdated = (updated: number, change: { title?: string }, tab: { title?: string; url?: string }) => {
      if (updated === tabId && change.title !== undefined) show(tab);
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      current = false;
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, [tabId]);

  useEffect(() => {
    // The tab used last, unless a request already chose one.
    void lastSidePanelTab.getValue().then((last) => {
      if (!requested.current && FEATURE_PANELS.some((panel) => panel.feature === last)) setShown(last);
    });
  }, []);

  const show = (feature: string) => {
    setShown(feature);
    void lastSidePanelTab.setValue(feature);
  };

  // Requests handed over by the context menu or the popup, now or while the panel is open: each opens its tab.
  useEffect(() => {
    const take = (pending: SidePanelRequest | null) => {
      if (!pending) return;
      requested.current = true;
      setTabId(pending.tabId);
      setRequest(pending);
      const panel = FEATURE_PANELS.find((candidate) => candidate.requests.includes(pending.kind));
      if (panel) show(panel.feature);
      void sidePanelRequest.setValue(null);
    };
    void sidePanelRequest.getValue().then(take);
    return sidePanelRequest.watch(take);
  }, []);

  return (
    <main>
      <h1>{t('extName')}</h1>
      {pageTitle ? <p class="nb-hint nb-panel-page">{t('panelPage', pageTitle)}</p> : null}
      <Tabs
        label={t('featureTabs')}
        selected={shown}
        onSelect={show}
        items={FEATURE_PANELS.map(({ feature, label, Panel }) => ({ id: feature, label: t(label), content: <Panel tabId={tabId} request={request} /> }))}
      />
      <section aria-labelledby="model-heading">
        <h2 id="model-heading">{t('modelHeading')}</h2>
        <ModelStatus status={status} />
      </section>
    </main>
  );
}
