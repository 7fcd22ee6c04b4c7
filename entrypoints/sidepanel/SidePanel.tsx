import { useEffect, useState } from 'preact/hooks';
import { AltTextPanel } from '../../src/features/alt-text/AltTextPanel';
import { RewritePad } from '../../src/features/rewrite/RewritePad';
import { SummaryPanel } from '../../src/features/summarize/SummaryPanel';
import { sidePanelRequest, sidePanelTabId, type SidePanelRequest } from '../../src/platform/side-panel';
import { ModelStatus } from '../../src/ui/ModelStatus';
import { useEngineStatus } from '../../src/ui/useEngineStatus';

/** The side panel works on one tab: `?tabId=` when given, else the active tab of its window. */
export function SidePanel() {
  const [tabId, setTabId] = useState<number>();
  const [request, setRequest] = useState<SidePanelRequest>();
  const status = useEngineStatus();

  useEffect(() => {
    void sidePanelTabId().then(setTabId);
  }, []);

  // Requests handed over by the context menu or the popup, now or while the panel is open.
  useEffect(() => {
    const take = (pending: SidePanelRequest | null) => {
      if (!pending) return;
      setTabId(pending.tabId);
      setRequest(pending);
      void sidePanelRequest.setValue(null);
    };
    void sidePanelRequest.getValue().then(take);
    return sidePanelRequest.watch(take);
  }, []);

  return (
    <main>
      <h1>Nano Banana</h1>
      <SummaryPanel tabId={tabId} request={request} />
      <RewritePad request={request} />
      <AltTextPanel tabId={tabId} request={request} />
      <section aria-labelledby="model-heading">
        <h2 id="model-heading">Model</h2>
        <ModelStatus status={status} />
      </section>
    </main>
  );
}
