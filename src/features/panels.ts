// Every feature's side-panel tab, in tab order. A new feature adds one line here.
import { altTextPanel } from './alt-text/panel';
import type { PanelContribution } from './feature';
import { rewritePanel } from './rewrite/panel';
import { summarizePanel } from './summarize/panel';

export const FEATURE_PANELS: PanelContribution[] = [summarizePanel, rewritePanel, altTextPanel];
