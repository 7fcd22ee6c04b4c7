// The rewrite feature's settings (listed in src/features/settings.ts): the tone and custom instruction
// used last, which the keyboard shortcut uses again.
import { text, type SettingsDeclaration } from '../../settings/fields';
import { isToneId, MAX_INSTRUCTION_CHARS, type ToneId } from './tones';

export interface RewriteSettings {
  lastTone: ToneId;
  /** The custom instruction used last (typed in the side panel); the shortcut reuses it with the custom tone. */
  lastInstruction: string;
}

export const rewriteSettings: SettingsDeclaration<RewriteSettings> = {
  feature: 'rewrite',
  defaults: { lastTone: 'formal', lastInstruction: '' },
  checks: { lastTone: (value) => (isToneId(value) ? value : undefined), lastInstruction: text(MAX_INSTRUCTION_CHARS) },
};
