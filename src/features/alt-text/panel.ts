// The alt-text feature's side-panel tab.
import type { PanelContribution } from '../feature';
import { AltTextPanel } from './AltTextPanel';

export const altTextPanel: PanelContribution = {
  feature: 'alt-text',
  label: 'altText',
  requests: ['generate-alt-text'],
  Panel: AltTextPanel,
};
