// The in-page rewrite card: opened by the context menu (or the shortcut) next to the selection,
// streams the rewrite, and offers Copy, Replace (in editable fields) and another tone.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DownloadProgress } from '../../engine/types';
import { copyText } from '../../ui/clipboard';
import { errorMessage } from '../../ui/errors';
import { openInPageCard, type CardHandle } from '../../ui/in-page-card';
import { ProgressBar } from '../../ui/ProgressBar';
import { captureSelection, replaceCaptured, type CapturedSelection, type ReplaceFailureReason } from './replace';
import { rewriteText } from './rewrite';
import { TONES, toneLabel, type ToneId } from './tones';

const CAPTURE_ERRORS = {
  empty: 'Select some text first, then choose Rewrite.',
  'not-found': 'Select some text first, then choose Rewrite.',
  password: 'Nano Banana never reads password fields, so it cannot rewrite them.',
} as const;

const REPLACE_FAILURES: Record<ReplaceFailureReason, string> = {
  'selection-changed': 'The text around your selection changed, so Replace would have to guess where it goes. Copy the rewrite instead.',
  'field-edited': 'The field was edited after you asked for the rewrite, so Replace would have to guess. Copy the rewrite instead.',
  'not-editable': 'This text cannot be edited here. Copy the rewrite instead.',
  detached: 'The field is gone from the page. Copy the rewrite instead.',
  'empty-replacement': 'The rewrite is empty, so it would only delete your text. Try again or another tone.',
};

/** Captures the selection at once (before our card takes focus), then opens the card. */
export function startRewriteCard(tone: ToneId, instruction?: string): void {
  const captured = captureSelection(document);
  const anchor = selectionRect() ?? new DOMRect(window.innerWidth / 2 - 200, 80, 0, 0);
  openInPageCard(anchor, 'Rewrite', (card) =>
    'error' in captured ? (
      <CardMessage card={card} message={CAPTURE_ERRORS[captured.error]} />
    ) : (
      <RewriteCard card={card} captured={captured} initialTone={tone} initialInstruction={instruction} />
    ),
  );
}

function selectionRect(): DOMRect | undefined {
  const active = document.activeElement;
  if (active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement) return active.getBoundingClientRect();
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0) return undefined;
  const rect = selection.getRangeAt(0).getBoundingClientRect();
  return rect.width || rect.height ? rect : undefined;
}

function CardMessage({ card, message }: { card: CardHandle; message: string }) {
  return (
    <>
      <h2>Rewrite</h2>
      <p class="error" role="alert">
        {message}
      </p>
      <div class="actions">
        <button type="button" onClick={card.close} ref={(button) => button?.focus()}>
          Close
        </button>
      </div>
    </>
  );
}

interface CardProps {
  card: CardHandle;
  captured: CapturedSelection;
  initialTone: ToneId;
  initialInstruction?: string;
}

function RewriteCard({ card, captured, initialTone, initialInstruction }: CardProps) {
  const [tone, setTone] = useState(initialTone);
  const [instruction, setInstruction] = useState(initialInstruction ?? '');
  const [askingInstruction, setAskingInstruction] = useState(initialTone === 'custom' && !initialInstruction);
  const [text, setText] = useState('');
  const [state, setState] = useState<'working' | 'done' | 'stopped' | 'error' | 'replaced'>('working');
  const [message, setMessage] = useState<string>();
  const [download, setDownload] = useState<DownloadProgress>();
  const [part, setPart] = useState<string>();
  const controller = useRef<AbortController | undefined>(undefined);
  const firstAction = useRef<HTMLButtonElement>(null);

  const run = async (chosenTone: ToneId, chosenInstruction?: string) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setTone(chosenTone);
    setText('');
    setMessage(undefined);
    setState('working');
    try {
      const final = await rewriteText({
        text: captured.text,
        tone: chosenTone,
        instruction: chosenInstruction,
        onText: setText,
        onPart: (k, n) => setPart(n > 1 ? `Part ${k} of ${n}` : undefined),
        onDownload: setDownload,
        signal: abort.signal,
      });
      setText(final);
      setState('done');
    } catch (reason) {
      if (abort.signal.aborted) {
        setState('stopped');
        return;
      }
      setMessage(errorMessage(reason));
      setState('error');
    } finally {
      setDownload(undefined);
      setPart(undefined);
    }
  };

  useEffect(() => {
    if (!askingInstruction) void run(initialTone, initialInstruction);
    return () => controller.current?.abort();
  }, []);

  useEffect(() => {
    if (state === 'done') firstAction.current?.focus();
  }, [state]);

  if (askingInstruction) {
    return (
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!instruction.trim()) return;
          setAskingInstruction(false);
          void run('custom', instruction.trim());
        }}
      >
        <h2>Rewrite: custom instruction</h2>
        <label>
          Instruction
          <input
            type="text"
            value={instruction}
            ref={(input) => input?.focus()}
            placeholder="For example: make it sound like a pirate"
            onInput={(event) => setInstruction(event.currentTarget.value)}
          />
        </label>
        <div class="actions">
          <button type="submit">Rewrite</button>
          <button type="button" onClick={card.close}>
            Close
          </button>
        </div>
      </form>
    );
  }

  const replace = () => {
    const result = replaceCaptured(captured, text);
    if (result.ok) {
      setState('replaced');
      setMessage('Replaced. Press Ctrl+Z (⌘Z on a Mac) in the field to undo.');
    } else {
      setMessage(REPLACE_FAILURES[result.reason]);
    }
  };

  return (
    <>
      <h2>{toneLabel(tone)}</h2>
      {download ? <ProgressBar label={`Downloading ${download.modelId}`} loaded={download.loaded} total={download.total} /> : null}
      {part ? <p class="muted">{part}</p> : null}
      <div class="output" role="region" aria-label="Rewritten text" aria-live="polite" aria-busy={state === 'working' ? 'true' : 'false'}>
        {text || (state === 'working' ? 'Rewriting…' : '')}
      </div>
      {message ? (
        <p class={state === 'error' ? 'error' : 'muted'} role={state === 'error' ? 'alert' : 'status'}>
          {message}
        </p>
      ) : null}
      <div class="actions">
        {state === 'working' ? (
          <button type="button" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : null}
        {text && state !== 'working' ? (
          <button type="button" ref={firstAction} onClick={() => void copyText(text).then(() => setMessage('Copied.'))}>
            Copy
          </button>
        ) : null}
        {captured.editable && state === 'done' ? (
          <button type="button" onClick={replace}>
            Replace
          </button>
        ) : null}
        <label>
          Try another tone
          <select
            value=""
            disabled={state === 'working'}
            onChange={(event) => {
              const next = event.currentTarget.value as ToneId;
              if (next === 'custom') setAskingInstruction(true);
              else if (next) void run(next);
            }}
          >
            <option value="">Choose…</option>
            {TONES.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={card.close}>
          Close
        </button>
      </div>
    </>
  );
}
