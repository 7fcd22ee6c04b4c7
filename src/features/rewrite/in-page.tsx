// The in-page rewrite card: opened by the context menu (or the shortcut) next to the selection,
// streams the rewrite, and offers Stop, Copy, Replace (in editable fields) and another tone.
// Keyboard: focus moves into the card once there is something to act on; Escape closes it and gives focus
// back. Screen readers hear the state changes through a status line and the result through its live region.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { updateSettings } from '../../settings/settings';
import { answeredByLine } from '../../ui/answered-by';
import { copyFromPage } from '../../platform/clipboard';
import { DownloadNeeded } from '../../ui/DownloadNeeded';
import { openInPageCard, type CardHandle } from '../../ui/in-page-card';
import { DownloadProgressBar } from '../../ui/ProgressBar';
import { useStore } from '../../ui/useStore';
import { captureSelection, replaceCaptured, type CapturedSelection, type ReplaceFailureReason } from './replace';
import { rewriteText } from './rewrite';
import { partLine, RewriteRun } from './rewrite-run';
import { ToneOptions } from './ToneOptions';
import { TONES, toneLabel, type ToneId } from './tones';
import { t, type MessageKey } from '../../i18n/i18n';

const CAPTURE_ERRORS = {
  empty: 'rewriteSelectFirst',
  'not-found': 'rewriteSelectFirst',
  password: 'rewritePassword',
} as const satisfies Record<string, MessageKey>;

const REPLACE_FAILURES: Record<ReplaceFailureReason, MessageKey> = {
  'selection-changed': 'replaceSelectionChanged',
  'field-edited': 'replaceFieldEdited',
  'not-editable': 'replaceNotEditable',
  detached: 'replaceDetached',
  'empty-replacement': 'replaceEmpty',
};

/** Captures the selection at once (before our card takes focus), then opens the card. */
export function startRewriteCard(tone: ToneId, instruction?: string): void {
  const captured = captureSelection(document);
  const anchor = selectionRect() ?? new DOMRect(window.innerWidth / 2 - 200, 80, 0, 0);
  const missingInstruction = tone === 'custom' && !instruction?.trim();
  openInPageCard(anchor, t('rewrite'), (card) =>
    'error' in captured ? (
      <CardMessage card={card} message={t(CAPTURE_ERRORS[captured.error])} />
    ) : missingInstruction ? (
      // Instructions are typed in the side panel, never in the page, where the page's scripts could read the keys.
      <CardMessage card={card} message={t('rewriteNoInstruction')} />
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
      <h2>{t('rewrite')}</h2>
      <p class="error" role="alert">
        {message}
      </p>
      <div class="actions">
        <button type="button" onClick={card.close} ref={close}>
          {t('close')}
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
const CARD_TONES = TONES.filter((tone) => tone.id !== 'custom').map((tone) => tone.id);

function RewriteCard({ card, captured, initialTone, instruction }: CardProps) {
  const [run] = useState(() => new RewriteRun({ rewrite: rewriteText }));
  const { phase, tone = initialTone, text, part, download, needsDownload, error, answeredBy, note, replaceRefused } = useStore(run);
  const [nextTone, setNextTone] = useState<ToneId>(CARD_TONES.find((id) => id !== initialTone)!);
  const copyButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const output = useRef<HTMLDivElement>(null);
  const working = phase === 'working' || phase === 'idle';
  const failed = phase === 'error' || phase === 'needs-download';

  const rewrite = (chosenTone: ToneId, chosenInstruction?: string) => void run.rewrite({ text: captured.text, tone: chosenTone, instruction: chosenInstruction });

  useEffect(() => {
    rewrite(initialTone, instruction);
    return () => run.stop();
  }, []);

  // Focus comes into the card once there is something to act on: the rewrite (Copy), or the way out.
  useLayoutEffect(() => {
    if (phase === 'done' || phase === 'stopped' || failed) (copyButton.current ?? closeButton.current)?.focus();
  }, [phase]);

  // The newest words stay in view while they stream in.
  useEffect(() => {
    const region = output.current;
    if (region && working) region.scrollTop = region.scrollHeight;
  }, [text]);

  const replace = () => {
    const result = replaceCaptured(captured, text);
    if (result.ok) {
      run.replaced(t('replaced'));
      return;
    }
    run.refuseReplace(t(REPLACE_FAILURES[result.reason]));
    copyButton.current?.focus();
  };

  const tryAnotherTone = () => {
    // The tone used last is the one the keyboard shortcut uses next.
    void updateSettings({ lastTone: nextTone }).catch(() => undefined);
    rewrite(nextTone);
  };

  const heading = tone === 'custom' ? t('customHeading', instruction ?? '') : toneLabel(tone);
  const status = working
    ? (partLine(part) ?? t('rewriting'))
    : failed
      ? ''
      : (note ?? (phase === 'done' ? t('rewriteReady') : phase === 'stopped' ? t('statusStopped') : ''));

  return (
    <>
      {/* Stop sits beside the heading, where the growing text below cannot move it away from the pointer. */}
      <div class="card-header">
        <h2>{heading}</h2>
        {working ? (
          <button type="button" onClick={() => run.stop()}>
            {t('stop')}
          </button>
        ) : null}
      </div>
      <DownloadProgressBar progress={download} />
      <div
        class="output"
        ref={output}
        role="region"
        aria-label={t('rewrittenRegion')}
        aria-live="polite"
        aria-busy={working ? 'true' : 'false'}
      >
        {text}
      </div>
      {text && answeredBy && !working ? <p class="muted">{answeredByLine(answeredBy)}</p> : null}
      <p class="muted" role="status">
        {status}
      </p>
      {phase === 'needs-download' && needsDownload ? (
        <DownloadNeeded plan={needsDownload} onAllowed={() => rewrite(tone, tone === 'custom' ? instruction : undefined)} />
      ) : phase === 'error' && error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="actions">
        {text && !working ? (
          <button type="button" ref={copyButton} onClick={() => void copyFromPage(text).then(() => run.note(t('copied')), () => run.note(t('copyFailed')))}>
            {t('copy')}
          </button>
        ) : null}
        {captured.editable && phase === 'done' && !replaceRefused ? (
          <button type="button" onClick={replace}>
            {t('replace')}
          </button>
        ) : null}
      </div>
      <div class="actions">
        <label>
          {t('anotherTone')}
          <select value={nextTone} onChange={(event) => setNextTone(event.currentTarget.value as ToneId)}>
            <ToneOptions only={CARD_TONES} />
          </select>
        </label>
        <button type="button" onClick={tryAnotherTone}>
          {t('tryAnotherTone')}
        </button>
        <button type="button" ref={closeButton} onClick={card.close}>
          {t('close')}
        </button>
      </div>
    </>
  );
}
