// The card the image context menu opens: the generated alt text, with Copy and Apply (and "Read all text"
// when the alt quotes only the start of the image's text). The text is shown, not edited, here: keys typed
// in the page reach the page's own listeners (editing is the side panel's).
import { useEffect, useState } from 'preact/hooks';
import type { DownloadPlan, DownloadProgress } from '../../engine/types';
import { copyText } from '../../ui/clipboard';
import { DownloadNeeded } from '../../ui/DownloadNeeded';
import { errorMessage, neededDownload } from '../../ui/errors';
import { openInPageCard, type CardHandle } from '../../ui/in-page-card';
import { DownloadProgressBar } from '../../ui/ProgressBar';
import { findImages, imageSource } from './candidates';
import { applyAltText, describeImage, GENERATED_ATTRIBUTE, undoAltText } from './page-alt-text';

export function showAltTextCard(srcUrl: string): void {
  const img = findImages(document).find((candidate) => imageSource(candidate) === srcUrl || (candidate as HTMLImageElement).src === srcUrl);
  const anchor = img?.getBoundingClientRect() ?? new DOMRect(window.innerWidth / 2 - 200, 80, 0, 0);
  openInPageCard(anchor, 'Alt text', (card) =>
    img ? <AltTextCard card={card} img={img} /> : <p class="error" role="alert">That image could not be found in the page.</p>,
  );
}

function AltTextCard({ card, img }: { card: CardHandle; img: Element }) {
  const [text, setText] = useState('');
  const [allText, setAllText] = useState<string>();
  const [showAll, setShowAll] = useState(false);
  const [state, setState] = useState<'working' | 'ready' | 'applied' | 'error'>('working');
  const [message, setMessage] = useState<string>();
  const [download, setDownload] = useState<DownloadProgress>();
  const [needsDownload, setNeedsDownload] = useState<DownloadPlan>();
  // Bumped by the Download click: describes the image again, now that the model may be downloaded.
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState('working');
    setMessage(undefined);
    setNeedsDownload(undefined);
    describeImage(img, { onDownload: setDownload, signal: controller.signal })
      .then((result) => {
        setText(result.text);
        setAllText(result.allText);
        setState('ready');
      })
      .catch((reason: unknown) => {
        if (controller.signal.aborted) return;
        const plan = neededDownload(reason);
        if (plan) setNeedsDownload(plan);
        else setMessage(errorMessage(reason));
        setState('error');
      })
      .finally(() => setDownload(undefined));
    return () => controller.abort();
  }, [attempt]);

  return (
    <>
      <h2>Alt text</h2>
      <DownloadProgressBar progress={download} />
      {state === 'working' ? <p class="muted" role="status">Describing the image…</p> : null}
      {needsDownload ? <DownloadNeeded plan={needsDownload} onAllowed={() => setAttempt((count) => count + 1)} /> : null}
      {state !== 'working' && state !== 'error' ? (
        <div class="output" role="textbox" aria-readonly="true" aria-label="Generated alt text" tabIndex={0} ref={(box) => box?.focus()}>
          {text}
        </div>
      ) : null}
      {showAll && allText ? (
        <div class="output" role="textbox" aria-readonly="true" aria-label="All text in the image" tabIndex={0} ref={(box) => box?.focus()}>
          {allText}
        </div>
      ) : null}
      {message ? (
        <p class={state === 'error' ? 'error' : 'muted'} role={state === 'error' ? 'alert' : 'status'}>
          {message}
        </p>
      ) : null}
      <div class="actions">
        {text ? (
          <button type="button" onClick={() => void copyText(text).then(() => setMessage('Copied.'))}>
            Copy
          </button>
        ) : null}
        {state === 'ready' && text.trim() ? (
          <button
            type="button"
            onClick={() => {
              applyAltText(img, text.trim());
              setState('applied');
              setMessage('Applied: screen readers now read this description.');
            }}
          >
            Apply
          </button>
        ) : null}
        {state === 'applied' && img.hasAttribute(GENERATED_ATTRIBUTE) ? (
          <button
            type="button"
            onClick={() => {
              undoAltText(img);
              setState('ready');
              setMessage('The original alt text is back.');
            }}
          >
            Undo
          </button>
        ) : null}
        {allText && !showAll ? (
          <button type="button" onClick={() => setShowAll(true)}>
            Read all text
          </button>
        ) : null}
        <button type="button" onClick={card.close}>
          Close
        </button>
      </div>
    </>
  );
}
