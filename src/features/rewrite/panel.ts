// The rewrite feature's side-panel tab: the rewrite pad, and where custom instructions are typed.
import type { PanelContribution } from '../feature';
import { RewritePad } from './RewritePad';

export const rewritePanel: PanelContribution = {
  feature: 'rewrite',
  label: 'rewrite',
  requests: ['rewrite-custom'],
  Panel: RewritePad,
};
