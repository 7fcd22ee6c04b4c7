// Every feature's settings declaration; src/settings/settings.ts assembles them with the extension's own
// into one `Settings`. A new feature adds one entry here.
import { altTextSettings } from './alt-text/settings';
import { rewriteSettings } from './rewrite/settings';
import { summarizeSettings } from './summarize/settings';

export const FEATURE_SETTINGS = [summarizeSettings, rewriteSettings, altTextSettings] as const;
