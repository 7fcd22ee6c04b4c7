// A page not in English summarized by a model trained on English only: the summary surface suggests the
// multilingual preset, once (switching or dismissing answers it for good).
import { MODEL_PRESETS, presetFor, type TextPreset } from '../../engine/presets';
import type { EngineBackend } from '../../engine/types';
import { baseLanguage, languageName } from './languages';

export interface MultilingualSuggestion {
  /** The page's language, its primary subtag ("fr"). */
  language: string;
  /** The chosen model's preset, which reads English only. */
  current: TextPreset;
  /** The multilingual preset to switch to. */
  suggested: TextPreset;
}

const MULTILINGUAL = MODEL_PRESETS.find((preset): preset is TextPreset => preset.task === 'text-generation' && preset.languages === 'multilingual');

/**
 * What to suggest for a page in `pageLang` (declared or detected), or nothing: the page is in English or of
 * unknown language, the model is not an English-only preset of the in-browser engine, or the person already
 * answered the suggestion.
 */
export function multilingualSuggestion(
  pageLang: string | null | undefined,
  settings: { runOn: EngineBackend; textModel: string; multilingualSuggestionAnswered: boolean },
): MultilingualSuggestion | undefined {
  if (settings.multilingualSuggestionAnswered || settings.runOn !== 'browser' || !MULTILINGUAL) return undefined;
  const language = baseLanguage(pageLang);
  // A language we know by name: not a made-up or empty code.
  if (!language || language === 'en' || !languageName(language)) return undefined;
  const current = presetFor(settings.textModel);
  if (current?.task !== 'text-generation' || current.languages !== 'english') return undefined;
  return { language, current, suggested: MULTILINGUAL };
}
