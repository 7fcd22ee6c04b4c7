import { useEffect, useState } from 'preact/hooks';
import { copyText } from './clipboard';

/** "Copy", which says "Copied." until the text changes. */
export function CopyButton({ text, disabled = false }: { text: string; disabled?: boolean }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [text]);
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => void copyText(text).then(() => setCopied(true))}>
        Copy
      </button>
      {copied ? <span role="status">Copied.</span> : null}
    </>
  );
}
