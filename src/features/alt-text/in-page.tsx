// The card the image context menu opens: the generated alt text, with Copy and Apply (and "Read all text"
// when the alt quotes only the start of the image's text). The text is shown, not edited, here: keys typed
// in the page reach the page's own listeners (editing is the side panel's).
import { useEffect, useState } from 'preact/hooks';
import { copyFromPage } from '../../platform/clipboard';
import { DownloadNeeded } from '../../ui/DownloadNeeded';
import { openInPageCard, type CardHandle } from '../../ui/in-page-card';
import { DownloadProgressBar } from '../../ui/ProgressBar';
import { useStore } from '../../ui/useStore';
import { AltTextCardRun } from './alt-text-run';
import { findImages, imageSource } from './candidates';
import { applyAltText, describeImage, GENERATED_ATTRIBUTE, undoAltText } from './page-alt-text';
import { t } from '../../i18n/i18n';

export function showAltTextCard(srcUrl: string): void {
  const img = findImages(document).find((candidate) => imageSource(candidate) === srcUrl || (candidate as HTMLImageElement).src === srcUrl);
  const anchor = img?.getBoundingClientRect() ?? new DOMRect(window.innerWidth / 2 - 200, 80, 0, 0);
  openInPageCard(anchor, t('altText'), (card) =>
    img ? <AltTextCard card={card} img={img} /> : <p class="error" role="alert">{t('altImageNotFound')}</p>,
  );
}

function AltTextCard({ card, img }: { card: CardHandle; img: Element }) {
  const [run] = useState(
    () =>
      new AltTextCardRun({
        describe: (options) => describeImage(img, options),
        apply: (text) => applyAltText(img, text),
        undo: () => undoAltText(img),
      }),
  );
  const { phase, text, allText, note, error, download, needsDownload } = useStore(run);
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    void run.describe();
    return () => run.stop();
  }, []);

  return (
    <>
      <h2>{t('altText')}</h2>
      <DownloadProgressBar progress={download} />
      {phase === 'working' ? <p class="muted" role="status">{t('describingImage')}</p> : null}
      {needsDownload ? <DownloadNeeded plan={needsDownload} onAllowed={() => void run.describe()} /> : null}
      {phase === 'ready' || phase === 'applied' ? (
        <div class="output" role="textbox" aria-readonly="true" aria-label={t('generatedAltText')} tabIndex={0} ref={(box) => box?.focus()}>
          {text}
        </div>
      ) : null}
      {showAll && allText ? (
        <div class="output" role="textbox" aria-readonly="true" aria-label={t('allTextInImage')} tabIndex={0} ref={(box) => box?.focus()}>
          {allText}
        </div>
      ) : null}
      {phase === 'error' && error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : note ? (
        <p class="muted" role="status">
          {note}
        </p>
      ) : null}
      <div class="actions">
        {text ? (
          <button type="button" onClick={() => void copyFromPage(text).then(() => run.note(t('copied')), () => run.note(t('copyFailed')))}>
            {t('copy')}
          </button>
        ) : null}
        {phase === 'ready' && text.trim() ? (
          <button type="button" onClick={() => run.apply()}>
            {t('apply')}
          </button>
        ) : null}
        {phase === 'applied' && img.hasAttribute(GENERATED_ATTRIBUTE) ? (
          <button type="button" onClick={() => run.undo()}>
            {t('undo')}
          </button>
        ) : null}
        {allText && !showAll ? (
          <button type="button" onClick={() => setShowAll(true)}>
            {t('readAllText')}
          </button>
        ) : null}
        <button type="button" onClick={card.close}>
          {t('close')}
        </button>
      </div>
    </>
  );
}
