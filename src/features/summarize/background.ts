// Summarize in the background: menu items that open the side panel on the page or the selection.
import { openSidePanel } from '../../platform/side-panel';
import type { BackgroundContribution } from '../feature';
import { t } from '../../i18n/i18n';

export const summarizeBackground: BackgroundContribution = {
  feature: 'summarize',
  menus: [
    {
      id: 'summarize-selection',
      title: t('summarizeSelection'),
      contexts: ['selection'],
      onClick: ({ tabId, frameId }) => openSidePanel(tabId, { kind: 'summarize-selection', tabId, frameId }),
    },
    {
      id: 'summarize-page',
      title: t('summarizePage'),
      contexts: ['page'],
      onClick: ({ tabId }) => openSidePanel(tabId, { kind: 'summarize-page', tabId }),
    },
  ],
};
