// The summarize feature's side-panel tab.
import type { PanelContribution } from '../feature';
import { SummaryPanel } from './SummaryPanel';

export const summarizePanel: PanelContribution = {
  feature: 'summarize',
  label: 'summarize',
  requests: ['summarize-page', 'summarize-selection'],
  Panel: SummaryPanel,
};
