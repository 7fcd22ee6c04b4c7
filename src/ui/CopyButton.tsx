import { useEffect, useState } from 'preact/hooks';
import { copyText } from '../platform/clipboard';
import { t } from '../i18n/i18n';

/** "Copy", which says "Copied." until the text changes. */
export function CopyButton({ text, disabled = false }: { text: string; disabled?: boolean }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [text]);
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => void copyText(text).then(() => setCopied(true))}>
        {t('copy')}
      </button>
      {copied ? <span role="status">{t('copied')}</span> : null}
    </>
  );
}
