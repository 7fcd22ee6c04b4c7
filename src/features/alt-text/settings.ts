// The alt-text feature's settings (listed in src/features/settings.ts): where alt text is written
// automatically.
import { flag, stringList, type SettingsDeclaration } from '../../settings/fields';

export interface AltTextSettings {
  /** Automatic alt text: everywhere, or only on these sites (hostnames). */
  autoAltTextEverywhere: boolean;
  autoAltTextSites: string[];
}

export const altTextSettings: SettingsDeclaration<AltTextSettings> = {
  feature: 'alt-text',
  defaults: { autoAltTextEverywhere: false, autoAltTextSites: [] },
  checks: { autoAltTextEverywhere: flag, autoAltTextSites: stringList(/^[a-z0-9.-]{1,253}$/i, 1000) },
};
