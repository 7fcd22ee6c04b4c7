import { describe, expect, it } from 'vitest';
import { DEFAULT_TEXT_MODEL } from '../../engine/default-models';
import { MODEL_PRESETS } from '../../engine/presets';
import { multilingualSuggestion } from './language-suggestion';

const MULTILINGUAL = MODEL_PRESETS.find((preset) => preset.task === 'text-generation' && preset.languages === 'multilingual')!;
const browserDefault = { runOn: 'browser' as const, textModel: DEFAULT_TEXT_MODEL, multilingualSuggestionAnswered: false };

describe('multilingualSuggestion', () => {
  it('suggests the multilingual preset for a French page and the English-only default model', () => {
    const suggestion = multilingualSuggestion('fr', browserDefault);
    expect(suggestion?.language).toBe('fr');
    expect(suggestion?.current.id).toBe(DEFAULT_TEXT_MODEL);
    expect(suggestion?.suggested.id).toBe(MULTILINGUAL.id);
    expect(multilingualSuggestion('pt-BR', browserDefault)?.language).toBe('pt');
  });

  it('suggests nothing for English or unknown pages', () => {
    for (const lang of ['en', 'en-GB', 'EN_us', null, undefined, '', 'xx']) expect(multilingualSuggestion(lang, browserDefault)).toBeUndefined();
  });

  it('suggests nothing once answered, for a multilingual or unknown model, or off the in-browser engine', () => {
    expect(multilingualSuggestion('fr', { ...browserDefault, multilingualSuggestionAnswered: true })).toBeUndefined();
    expect(multilingualSuggestion('fr', { ...browserDefault, textModel: MULTILINGUAL.id })).toBeUndefined();
    expect(multilingualSuggestion('fr', { ...browserDefault, textModel: 'someone/custom-model' })).toBeUndefined();
    expect(multilingualSuggestion('fr', { ...browserDefault, runOn: 'server' })).toBeUndefined();
    expect(multilingualSuggestion('fr', { ...browserDefault, runOn: 'builtin' })).toBeUndefined();
  });
});
