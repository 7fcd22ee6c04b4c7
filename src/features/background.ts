// Every feature's background contribution, in menu order. A new feature adds one line here.
import { altTextBackground } from './alt-text/background';
import type { BackgroundContribution } from './feature';
import { rewriteBackground } from './rewrite/background';
import { summarizeBackground } from './summarize/background';

export const FEATURE_BACKGROUNDS: BackgroundContribution[] = [rewriteBackground, summarizeBackground, altTextBackground];
