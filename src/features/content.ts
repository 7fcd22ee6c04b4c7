// Every feature's part in the page. A new feature adds one line here.
import { altTextContent } from './alt-text/content';
import type { ContentContribution } from './feature';
import { rewriteContent } from './rewrite/content';
import { summarizeContent } from './summarize/content';

export const FEATURE_CONTENTS: ContentContribution[] = [summarizeContent, rewriteContent, altTextContent];
