import { useEffect, useState } from 'preact/hooks';
import { copyText } from '../platform/clipboard';
import { t } from '../i18n/i18n';

/** "Copy", which says "Copied." (or that it could not copy) until the text changes. */
export function CopyButton({ text, disabled = false }: { text: string; disabled?: boolean }) {
  const [outcome, setOutcome] = useState<'copied' | 'copyFailed'>();
  useEffect(() => setOutcome(undefined), [text]);
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => void copyText(text).then(() => setOutcome('copied'), () => setOutcome('copyFailed'))}>
        {t('copy')}
      </button>
      {outcome ? <span role="status">{t(outcome)}</span> : null}
    </>
  );
}
