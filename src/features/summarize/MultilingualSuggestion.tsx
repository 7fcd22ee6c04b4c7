// The multilingual model suggested on a page not in English (language-suggestion.ts decides when).
import { useEffect, useState } from 'preact/hooks';
import { t, uiLanguage } from '../../i18n/i18n';
import { getSettings, updateSettings } from '../../settings/settings';
import { multilingualSuggestion, type MultilingualSuggestion as Suggestion } from './language-suggestion';

interface Props {
  /** The summarized page's language, once read. */
  pageLang: string | null | undefined;
  /** After the switch: the summary's own next step (a pending download offer now names the new model). */
  onSwitched(): void;
}

export function MultilingualSuggestion({ pageLang, onSwitched }: Props) {
  const [suggestion, setSuggestion] = useState<Suggestion>();
  const [switchedTo, setSwitchedTo] = useState<string>();

  useEffect(() => {
    if (!pageLang) return;
    let current = true;
    void getSettings().then((settings) => {
      if (current) setSuggestion(multilingualSuggestion(pageLang, settings));
    });
    return () => {
      current = false;
    };
  }, [pageLang]);

  const answer = async (textModel?: string) => {
    setSuggestion(undefined);
    await updateSettings({ multilingualSuggestionAnswered: true, ...(textModel ? { textModel } : {}) });
  };

  if (switchedTo) return <p role="status">{t('multilingualSwitched', switchedTo)}</p>;
  if (!suggestion) return null;
  const { language, current, suggested } = suggestion;
  return (
    <div class="nb-notice nb-suggestion">
      <p>{t('multilingualSuggestion', languageInUi(language), t(current.label), t(suggested.label))}</p>
      <div class="nb-actions">
        <button
          type="button"
          onClick={() =>
            void answer(suggested.id).then(() => {
              setSwitchedTo(t(suggested.label));
              onSwitched();
            })
          }
        >
          {t('multilingualUse', t(suggested.label))}
        </button>
        <button type="button" onClick={() => void answer()}>
          {t('multilingualDismiss')}
        </button>
      </div>
    </div>
  );
}

/** "fr" named in the person's language ("French", "français"). */
function languageInUi(language: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage()], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}
