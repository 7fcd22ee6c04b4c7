// The side panel's rewrite pad: paste or type text, pick a tone, get the rewrite. It is also where a
// custom instruction for text selected in the page is typed: keys typed in the page could be read by it.
import type { AnsweredBy } from '../../engine/types';
import { answeredByLine } from '../../ui/answered-by';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DownloadPlan, DownloadProgress, EngineErrorCode } from '../../engine/types';
import { sendToTab } from '../../messaging/tabs';
import type { SidePanelRequest } from '../../platform/side-panel';
import { getSettings, updateSettings } from '../../settings/settings';
import { CopyButton } from '../../ui/CopyButton';
import { DownloadNeeded } from '../../ui/DownloadNeeded';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { engineErrorCode, errorMessage, neededDownload } from '../../ui/errors';
import { DownloadProgressBar } from '../../ui/ProgressBar';
import { rewriteText } from './rewrite';
import { ToneOptions } from './ToneOptions';
import type { ToneId } from './tones';

export function RewritePad({ request }: { request?: SidePanelRequest }) {
  const [text, setText] = useState('');
  const [tone, setTone] = useState<ToneId>('formal');
  const [instruction, setInstruction] = useState('');
  const [result, setResult] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; code?: EngineErrorCode }>();
  const [download, setDownload] = useState<DownloadProgress>();
  const [needsDownload, setNeedsDownload] = useState<DownloadPlan>();
  const [part, setPart] = useState<string>();
  const [answeredBy, setAnsweredBy] = useState<AnsweredBy>();
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => void getSettings().then((settings) => setTone(settings.lastTone)), []);

  const rewrite = async () => {
    const abort = new AbortController();
    controller.current = abort;
    setBusy(true);
    setError(undefined);
    setNeedsDownload(undefined);
    setResult('');
    setAnsweredBy(undefined);
    try {
      await updateSettings({ lastTone: tone });
      const final = await rewriteText({
        text,
        tone,
        instruction: tone === 'custom' ? instruction : undefined,
        onText: setResult,
        onPart: (k, n) => setPart(n > 1 ? `Rewriting part ${k} of ${n}…` : undefined),
        onDownload: setDownload,
        onAnsweredBy: setAnsweredBy,
        signal: abort.signal,
      });
      setResult(final);
    } catch (reason) {
      if (abort.signal.aborted) return;
      const plan = neededDownload(reason);
      if (plan) setNeedsDownload(plan);
      else setError({ message: errorMessage(reason), code: engineErrorCode(reason) });
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
      {request?.kind === 'rewrite-custom' ? <SelectionInstruction key={JSON.stringify(request)} target={request} /> : null}
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
        <button type="button" class="nb-primary" onClick={() => void rewrite()} disabled={busy || !text.trim() || needsInstruction}>
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
      {result && answeredBy ? <p class="nb-hint">{answeredByLine(answeredBy)}</p> : null}
      <DownloadProgressBar progress={download} />
      {needsDownload ? <DownloadNeeded plan={needsDownload} onAllowed={() => void rewrite()} /> : null}
      {error ? (
        <ErrorNotice message={error.message} code={error.code}>
          <button type="button" onClick={() => void rewrite()}>
            Try again
          </button>
        </ErrorNotice>
      ) : null}
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

const MAX_INSTRUCTION_CHARS = 500;

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
      setMessage('The rewrite appears next to your selection on the page.');
    } catch (reason) {
      setError(errorMessage(reason));
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <label for="selection-instruction">Instruction for the selected text</label>
      <input
        id="selection-instruction"
        ref={input}
        type="text"
        maxLength={MAX_INSTRUCTION_CHARS}
        placeholder="For example: make it sound like a pirate"
        value={instruction}
        onInput={(event) => setInstruction(event.currentTarget.value)}
      />
      <div class="nb-actions">
        <button type="submit" disabled={!instruction.trim()}>
          Rewrite selection
        </button>
      </div>
      {message ? <p class="nb-hint" role="status">{message}</p> : null}
      {error ? <ErrorNotice message={error} /> : null}
    </form>
  );
}
