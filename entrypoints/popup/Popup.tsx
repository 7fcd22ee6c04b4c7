import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AutoAltTextSwitch } from '../../src/features/alt-text/AutoAltTextSwitch';
import { openSidePanel } from '../../src/platform/side-panel';
import { ModelStatus } from '../../src/ui/ModelStatus';
import { useEngineStatus } from '../../src/ui/useEngineStatus';
import { t } from '../../src/i18n/i18n';

interface ActiveTab {
  id: number;
  url?: string;
}

export function Popup() {
  const [tab, setTab] = useState<ActiveTab>();
  const status = useEngineStatus();

  useEffect(() => {
    // `?tabId=` names the tab when the popup is opened as a page (the e2e tests do), as in the side panel.
    const named = Number(new URLSearchParams(location.search).get('tabId'));
    const found =
      Number.isInteger(named) && named > 0
        ? browser.tabs.get(named).then((one) => [one])
        : browser.tabs.query({ active: true, currentWindow: true });
    void found.then(([active]) => {
      if (active?.id !== undefined) setTab({ id: active.id, url: active.url });
    });
  }, []);

  // Opening the panel must happen synchronously in the click: browsers require the user's gesture.
  const openPanel = (kind: 'summarize-page' | 'generate-alt-text') => {
    if (!tab) return;
    void openSidePanel(tab.id, { kind, tabId: tab.id }).then(() => window.close());
  };

  const readable = tab?.url ? /^https?:/.test(tab.url) : false;

  return (
    <main style={{ width: '300px' }}>
      <h1>{t('extName')}</h1>
      <div class="nb-actions">
        <button type="button" class="nb-primary" disabled={!readable} onClick={() => openPanel('summarize-page')}>
          {t('summarizeThisPage')}
        </button>
        <button type="button" disabled={!readable} onClick={() => openPanel('generate-alt-text')}>
          {t('generateAltText')}
        </button>
      </div>
      {tab && !readable ? <p class="nb-hint">{t('popupWebPagesOnly')}</p> : null}
      {tab?.url && readable ? <AutoAltTextSwitch pageUrl={tab.url} /> : null}
      <h2>{t('modelHeading')}</h2>
      <ModelStatus status={status} />
      <p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('options')}
        </button>
      </p>
    </main>
  );
}
