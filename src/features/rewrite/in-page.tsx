// The in-page rewrite card: opened by the context menu (or the shortcut) next to the selection,
// streams the rewrite, and offers Stop, Copy, Replace (in editable fields) and another tone.
// Keyboard: focus moves into the card once there is something to act on; Escape closes it and gives focus
// back. Screen readers hear the state changes through a status line and the result through its live region.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { DownloadPlan, DownloadProgress } from '../../engine/types';
import { updateSettings } from '../../settings/settings';
import { copyText } from '../../ui/clipboard';
import { DownloadNeeded } from '../../ui/DownloadNeeded';
import { errorMessage, neededDownload } from '../../ui/errors';
import { openInPageCard, type CardHandle } from '../../ui/in-page-card';
import { DownloadProgressBar } from '../../ui/ProgressBar';
import { captureSelection, replaceCaptured, type CapturedSelection, type ReplaceFailureReason } from './replace';
import { rewriteText } from './rewrite';
import { ToneOptions } from './ToneOptions';
import { TONES, toneLabel, type ToneId } from './tones';

const CAPTURE_ERRORS = {
  empty: 'Select some text first, then choose Rewrite.',
  'not-found': 'Select some text first, then choose Rewrite.',
  password: 'Nano Banana never reads password, card number or one-time code fields, so it cannot rewrite them.',
} as const;

/** Instructions are typed in the side panel, never in the page, where the page's scripts could read the keys. */
const NO_INSTRUCTION = 'Custom instructions are typed in the side panel: right-click the selection and choose Rewrite ▸ Custom instruction….';

const REPLACE_FAILURES: Record<ReplaceFailureReason, string> = {
  'selection-changed': 'The text around your selection changed, so Replace would have to guess where it goes. Copy the rewrite instead.',
  'field-edited': 'The field was edited after you asked for the rewrite, so Replace would have to guess. Copy the rewrite instead.',
  'not-editable': 'This text cannot be edited here. Copy the rewrite instead.',
  detached: 'The field is gone from the page. Copy the rewrite instead.',
  'empty-replacement': 'The rewrite is empty, so it would only delete your text. Try again or another tone.',
};

type CardState = 'working' | 'done' | 'stopped' | 'error' | 'replaced';

/** Captures the selection at once (before our card takes focus), then opens the card. */
export function startRewriteCard(tone: ToneId, instruction?: string): void {
  const captured = captureSelection(document);
  const anchor = selectionRect() ?? new DOMRect(window.innerWidth / 2 - 200, 80, 0, 0);
  const missingInstruction = tone === 'custom' && !instruction?.trim();
  openInPageCard(anchor, 'Rewrite', (card) =>
    'error' in captured ? (
      <CardMessage card={card} message={CAPTURE_ERRORS[captured.error]} />
    ) : missingInstruction ? (
      <CardMessage card={card} message={NO_INSTRUCTION} />
    ) : (
      <RewriteCard card={card} captured={captured} initialTone={tone} instruction={instruction?.trim()} />
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
  const close = useRef<HTMLButtonElement>(null);
  // Layout effect: focus lands in the same task the card appears, so an Escape pressed at once reaches it.
  useLayoutEffect(() => close.current?.focus(), []);
  return (
    <>
      <h2>Rewrite</h2>
      <p class="error" role="alert">
        {message}
      </p>
      <div class="actions">
        <button type="button" onClick={card.close} ref={close}>
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
  /** The custom tone's instruction, typed in the side panel. */
  instruction?: string;
}

/** The tones the card offers itself: a custom one needs an instruction, which the side panel asks for. */
const CARD_TONES = TONES.filter((t) => t.id !== 'custom').map((t) => t.id);

function RewriteCard({ card, captured, initialTone, instruction }: CardProps) {
  const [tone, setTone] = useState(initialTone);
  const [text, setText] = useState('');
  const [state, setState] = useState<CardState>('working');
  const [message, setMessage] = useState<string>();
  const [download, setDownload] = useState<DownloadProgress>();
  const [needsDownload, setNeedsDownload] = useState<DownloadPlan>();
  const [part, setPart] = useState<{ k: number; n: number }>();
  const [replaceRefused, setReplaceRefused] = useState(false);
  const [nextTone, setNextTone] = useState<ToneId>(CARD_TONES.find((id) => id !== initialTone)!);
  const controller = useRef<AbortController | undefined>(undefined);
  const copyButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const output = useRef<HTMLDivElement>(null);

  const run = async (chosenTone: ToneId, chosenInstruction?: string) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    // A run replaced by a newer one (another tone) must not touch the card any more.
    const isCurrent = () => controller.current === abort;
    setTone(chosenTone);
    setText('');
    setMessage(undefined);
    setNeedsDownload(undefined);
    setReplaceRefused(false);
    setPart(undefined);
    setState('working');
    try {
      const final = await rewriteText({
        text: captured.text,
        tone: chosenTone,
        instruction: chosenInstruction,
        onText: (shown) => isCurrent() && setText(shown),
        onPart: (k, n) => isCurrent() && setPart(n > 1 ? { k, n } : undefined),
        onDownload: (progress) => isCurrent() && setDownload(progress),
        signal: abort.signal,
      });
      if (!isCurrent()) return;
      setText(final);
      setState('done');
    } catch (reason) {
      if (!isCurrent()) return;
      if (abort.signal.aborted) {
        setState('stopped');
        return;
      }
      setNeedsDownload(neededDownload(reason));
      setMessage(errorMessage(reason));
      setState('error');
    } finally {
      if (isCurrent()) {
        setDownload(undefined);
        setPart(undefined);
      }
    }
  };

  useEffect(() => {
    void run(initialTone, instruction);
    return () => controller.current?.abort();
  }, []);

  // Focus comes into the card once there is something to act on: the rewrite (Copy), or the way out.
  useLayoutEffect(() => {
    if (state === 'done' || state === 'stopped' || state === 'error') (copyButton.current ?? closeButton.current)?.focus();
  }, [state]);

  // The newest words stay in view while they stream in.
  useEffect(() => {
    const region = output.current;
    if (region && state === 'working') region.scrollTop = region.scrollHeight;
  }, [text]);

  const replace = () => {
    const result = replaceCaptured(captured, text);
    if (result.ok) {
      setState('replaced');
      setMessage('Replaced. Press Ctrl+Z (⌘Z on a Mac) in the field to undo.');
      return;
    }
    setReplaceRefused(true);
    setMessage(REPLACE_FAILURES[result.reason]);
    copyButton.current?.focus();
  };

  const tryAnotherTone = () => {
    // The tone used last is the one the keyboard shortcut uses next.
    void updateSettings({ lastTone: nextTone }).catch(() => undefined);
    void run(nextTone);
  };

  const heading = tone === 'custom' ? `Custom: ${instruction ?? ''}` : toneLabel(tone);
  const status =
    state === 'working'
      ? part
        ? `Rewriting part ${part.k} of ${part.n}…`
        : 'Rewriting…'
      : state === 'error'
        ? ''
        : (message ?? (state === 'done' ? 'Rewrite ready.' : state === 'stopped' ? 'Stopped.' : ''));

  return (
    <>
      {/* Stop sits beside the heading, where the growing text below cannot move it away from the pointer. */}
      <div class="card-header">
        <h2>{heading}</h2>
        {state === 'working' ? (
          <button type="button" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : null}
      </div>
      <DownloadProgressBar progress={download} />
      <div
        class="output"
        ref={output}
        role="region"
        aria-label="Rewritten text"
        aria-live="polite"
        aria-busy={state === 'working' ? 'true' : 'false'}
      >
        {text}
      </div>
      <p class="muted" role="status">
        {status}
      </p>
      {state === 'error' && needsDownload ? (
        <DownloadNeeded plan={needsDownload} onAllowed={() => void run(tone, tone === 'custom' ? instruction : undefined)} />
      ) : state === 'error' && message ? (
        <p class="error" role="alert">
          {message}
        </p>
      ) : null}
      <div class="actions">
        {text && state !== 'working' ? (
          <button type="button" ref={copyButton} onClick={() => void copyText(text).then(() => setMessage('Copied.'))}>
            Copy
          </button>
        ) : null}
        {captured.editable && state === 'done' && !replaceRefused ? (
          <button type="button" onClick={replace}>
            Replace
          </button>
        ) : null}
      </div>
      <div class="actions">
        <label>
          Another tone
          <select value={nextTone} onChange={(event) => setNextTone(event.currentTarget.value as ToneId)}>
            <ToneOptions only={CARD_TONES} />
          </select>
        </label>
        <button type="button" onClick={tryAnotherTone}>
          Try another tone
        </button>
        <button type="button" ref={closeButton} onClick={card.close}>
          Close
        </button>
      </div>
    </>
  );
}
