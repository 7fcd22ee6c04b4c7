// Chrome's built-in AI in Options: whether Chrome has its models (the Prompt API's, and its Summarizer's and
// Rewriter's where it has those APIs), and the click Chrome needs before it downloads them (create() needs
// user activation, which only a page the person clicks in has).
import { useEffect, useState } from 'preact/hooks';
import { builtinApi, builtinDownloads, type BuiltinAvailability } from '../engine/builtin-engine';
import { errorMessage } from '../ui/errors';
import { t } from '../i18n/i18n';

const WAITING: readonly BuiltinAvailability[] = ['downloadable', 'downloading'];

export function BuiltinSettings() {
  const [availability, setAvailability] = useState<BuiltinAvailability[]>();
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<string>();
  const downloads = builtinDownloads();
  const check = () => Promise.all(downloads.map((download) => download.availability())).then(setAvailability, (reason: unknown) => setError(errorMessage(reason)));

  useEffect(() => void check(), []);

  const download = async () => {
    setError(undefined);
    setProgress(0);
    try {
      // All in this click: Chrome starts a download only while the click's user activation lasts.
      const missing = downloads.filter((_, i) => WAITING.includes(availability![i]!));
      const loaded = missing.map(() => 0);
      await Promise.all(
        missing.map((entry, i) =>
          entry.download((monitor) =>
            monitor.addEventListener('downloadprogress', (event) => {
              loaded[i] = (event as Event & { loaded: number }).loaded;
              setProgress(loaded.reduce((sum, part) => sum + part, 0) / loaded.length);
            }),
          ),
        ),
      );
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setProgress(undefined);
      await check();
    }
  };

  if (!builtinApi()) {
    return (
      <p class="nb-notice" role="status">
        {t('builtinNone')}
      </p>
    );
  }
  const [prompt, ...writers] = availability ?? [];
  const waiting = availability?.some((state) => WAITING.includes(state)) ?? false;
  return (
    <section aria-labelledby="builtin-heading">
      <h2 id="builtin-heading">{t('runOnBuiltin')}</h2>
      <p class="nb-hint" role="status">
        {prompt === 'available' && !waiting ? t('builtinReady') : null}
        {prompt === 'unavailable' ? t('builtinUnavailable') : null}
        {prompt && WAITING.includes(prompt) ? t('builtinDownloadOnce') : null}
        {prompt === 'available' && writers.some((state) => WAITING.includes(state)) ? t('builtinWritersWaiting') : null}
      </p>
      {waiting ? (
        <button type="button" onClick={() => void download()} disabled={progress !== undefined}>
          {t('builtinDownload')}
        </button>
      ) : null}
      {progress !== undefined ? <progress aria-label={t('builtinProgress')} max={1} value={progress} /> : null}
      {error ? (
        <p class="nb-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
