// The side panel's rewrite pad: paste or type text, pick a tone, get the rewrite.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DownloadProgress } from '../../engine/types';
import { getSettings, updateSettings } from '../../settings/settings';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { errorMessage } from '../../ui/errors';
import { DownloadProgressBar } from '../../ui/ProgressBar';
import { rewriteText } from './rewrite';
import { ToneOptions } from './ToneOptions';
import type { ToneId } from './tones';

export function RewritePad() {
  const [text, setText] = useState('');
  const [tone, setTone] = useState<ToneId>('formal');
  const [instruction, setInstruction] = useState('');
  const [result, setResult] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [download, setDownload] = useState<DownloadProgress>();
  const [part, setPart] = useState<string>();
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => void getSettings().then((settings) => setTone(settings.lastTone)), []);

  const rewrite = async () => {
    const abort = new AbortController();
    controller.current = abort;
    setBusy(true);
    setError(undefined);
    setResult('');
    try {
      await updateSettings({ lastTone: tone });
      const final = await rewriteText({
        text,
        tone,
        instruction: tone === 'custom' ? instruction : undefined,
        onText: setResult,
        onPart: (k, n) => setPart(n > 1 ? `Rewriting part ${k} of ${n}…` : undefined),
        onDownload: setDownload,
        signal: abort.signal,
      });
      setResult(final);
    } catch (reason) {
      if (!abort.signal.aborted) setError(errorMessage(reason));
    } finally {
      setBusy(false);
      setDownload(undefined);
      setPart(undefined);
    }
  };

  const needsInstruction = tone === 'custom' && !instruction.trim();

  return (
    <section aria-labelledby="rewrite-heading">
      <h2 id="rewrite-heading">Rewrite</h2>
      <label for="rewrite-input">Text to rewrite</label>
      <textarea id="rewrite-input" value={text} onInput={(event) => setText(event.currentTarget.value)} />
      <div class="nb-row">
        <label class="nb-inline">
          Tone
          <select value={tone} onChange={(event) => setTone(event.currentTarget.value as ToneId)}>
            <ToneOptions />
          </select>
        </label>
      </div>
      {tone === 'custom' ? (
        <>
          <label for="rewrite-instruction">Instruction</label>
          <input
            id="rewrite-instruction"
            type="text"
            placeholder="For example: make it sound like a pirate"
            value={instruction}
            onInput={(event) => setInstruction(event.currentTarget.value)}
          />
        </>
      ) : null}
      <div class="nb-actions">
        <button type="button" onClick={() => void rewrite()} disabled={busy || !text.trim() || needsInstruction}>
          Rewrite
        </button>
        {busy ? (
          <button type="button" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : null}
        {result && !busy ? <CopyButton text={result} /> : null}
      </div>
      {part ? <p class="nb-hint">{part}</p> : null}
      <DownloadProgressBar progress={download} />
      {error ? <ErrorNotice message={error} /> : null}
      <div
        class="nb-output"
        role="region"
        aria-label="Rewritten text"
        aria-live="polite"
        aria-busy={busy ? 'true' : 'false'}
        style={{ whiteSpace: 'pre-wrap' }}
        data-placeholder="The rewrite appears here."
      >
        {result}
      </div>
    </section>
  );
}
