// The side panel's rewrite pad: paste or type text, pick a tone, get the rewrite. It is also where a
// custom instruction for text selected in the page is typed: keys typed in the page could be read by it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { answeredByLine } from '../../ui/answered-by';
import { sendToTab } from '../../messaging/tabs';
import type { SidePanelRequest } from '../../platform/side-panel';
import { getSettings, updateSettings } from '../../settings/settings';
import { CopyButton } from '../../ui/CopyButton';
import { DownloadNeeded } from '../../ui/DownloadNeeded';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { errorMessage } from '../../ui/errors';
import { DownloadProgressBar } from '../../ui/ProgressBar';
import { useStore } from '../../ui/useStore';
import { rewriteText } from './rewrite';
import { partLine, RewriteRun } from './rewrite-run';
import { ToneOptions } from './ToneOptions';
import { MAX_INSTRUCTION_CHARS, type ToneId } from './tones';
import { t } from '../../i18n/i18n';
import { StopButton } from '../../ui/StopButton';

export function RewritePad({ request }: { request?: SidePanelRequest }) {
  const [text, setText] = useState('');
  const [tone, setTone] = useState<ToneId>('formal');
  const [instruction, setInstruction] = useState('');
  const [run] = useState(() => new RewriteRun({ rewrite: rewriteText }));
  const { phase, text: result, part, download, needsDownload, error, errorCode, answeredBy } = useStore(run);
  const busy = phase === 'working';

  useEffect(() => void getSettings().then((settings) => setTone(settings.lastTone)), []);

  const rewrite = () =>
    run.rewrite({ text, tone, instruction: tone === 'custom' ? instruction : undefined }, () => updateSettings({ lastTone: tone }));

  const needsInstruction = tone === 'custom' && !instruction.trim();

  return (
    <section aria-labelledby="rewrite-heading">
      <h2 id="rewrite-heading">{t('rewrite')}</h2>
      {request?.kind === 'rewrite-custom' ? <SelectionInstruction key={JSON.stringify(request)} target={request} /> : null}
      <label for="rewrite-input">{t('textToRewrite')}</label>
      <textarea id="rewrite-input" value={text} onInput={(event) => setText(event.currentTarget.value)} />
      <div class="nb-row">
        <label class="nb-inline">
          {t('tone')}
          <select value={tone} onChange={(event) => setTone(event.currentTarget.value as ToneId)}>
            <ToneOptions />
          </select>
        </label>
      </div>
      {tone === 'custom' ? (
        <>
          <label for="rewrite-instruction">{t('instruction')}</label>
          <input
            id="rewrite-instruction"
            type="text"
            placeholder={t('instructionPlaceholder')}
            value={instruction}
            onInput={(event) => setInstruction(event.currentTarget.value)}
          />
        </>
      ) : null}
      <div class="nb-actions">
        <button type="button" class="nb-primary" onClick={() => void rewrite()} disabled={busy || !text.trim() || needsInstruction}>
          {t('rewrite')}
        </button>
        <StopButton busy={busy} onStop={() => run.stop()} />
        {result && !busy ? <CopyButton text={result} /> : null}
      </div>
      {busy && part ? <p class="nb-hint">{partLine(part)}</p> : null}
      {result && answeredBy ? <p class="nb-hint">{answeredByLine(answeredBy)}</p> : null}
      <DownloadProgressBar progress={download} />
      {needsDownload ? <DownloadNeeded plan={needsDownload} onAllowed={() => void rewrite()} /> : null}
      {error ? (
        <ErrorNotice message={error} code={errorCode}>
          <button type="button" onClick={() => void rewrite()}>
            {t('tryAgain')}
          </button>
        </ErrorNotice>
      ) : null}
      <div
        class="nb-output"
        role="region"
        aria-label={t('rewrittenRegion')}
        aria-live="polite"
        aria-busy={busy ? 'true' : 'false'}
        style={{ whiteSpace: 'pre-wrap' }}
        data-placeholder={t('rewritePlaceholder')}
      >
        {result}
      </div>
    </section>
  );
}

/** The custom instruction for the page's selection; the rewrite itself appears next to the selection. */
function SelectionInstruction({ target }: { target: { tabId: number; frameId: number } }) {
  const [instruction, setInstruction] = useState('');
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    void getSettings().then((settings) => setInstruction((typed) => typed || settings.lastInstruction));
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const chosen = instruction.trim();
    if (!chosen) return;
    setError(undefined);
    try {
      await updateSettings({ lastTone: 'custom', lastInstruction: chosen });
      await sendToTab('rewriteSelection', { tone: 'custom', instruction: chosen }, target);
      setMessage(t('rewriteNextToSelection'));
    } catch (reason) {
      setError(errorMessage(reason));
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <label for="selection-instruction">{t('instructionForSelection')}</label>
      <input
        id="selection-instruction"
        ref={input}
        type="text"
        maxLength={MAX_INSTRUCTION_CHARS}
        placeholder={t('instructionPlaceholder')}
        value={instruction}
        onInput={(event) => setInstruction(event.currentTarget.value)}
      />
      <div class="nb-actions">
        <button type="submit" disabled={!instruction.trim()}>
          {t('rewriteSelection')}
        </button>
      </div>
      {message ? <p class="nb-hint" role="status">{message}</p> : null}
      {error ? <ErrorNotice message={error} /> : null}
    </form>
  );
}
