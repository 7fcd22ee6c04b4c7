// Summarize in the background: menu items that open the side panel on the page or the selection.
import { openSidePanel } from '../../platform/side-panel';
import type { BackgroundContribution } from '../feature';

export const summarizeBackground: BackgroundContribution = {
  feature: 'summarize',
  menus: [
    {
      id: 'summarize-selection',
      title: 'Summarize selection',
      contexts: ['selection'],
      onClick: ({ tabId, frameId }) => openSidePanel(tabId, { kind: 'summarize-selection', tabId, frameId }),
    },
    {
      id: 'summarize-page',
      title: 'Summarize page',
      contexts: ['page'],
      onClick: ({ tabId }) => openSidePanel(tabId, { kind: 'summarize-page', tabId }),
    },
  ],
};
