// A model download as every extension page shows it: bytes, speed and time left, "Stalled — retrying" when
// the engine is resuming a broken-off file, and Cancel. Screen readers hear how far it is at most every
// ANNOUNCE_EVERY_MS, not on every chunk.
import { useEffect, useRef, useState } from 'preact/hooks';
import { engineQuery } from '../engine/client';
import type { DownloadProgress } from '../engine/types';
import { errorMessage } from './errors';
import { formatBytes, formatDuration } from './format';
import { ProgressBar } from './ProgressBar';
import { t } from '../i18n/i18n';

/** How often the download's progress is spoken, at most. */
export const ANNOUNCE_EVERY_MS = 5000;

/** What the row says under its bar. */
export function downloadDetail(progress: DownloadProgress, bytesPerSecond: number): string {
  if (progress.retrying) {
    return t('downloadStalled');
  }
  if (bytesPerSecond <= 0) return t('downloadStarting');
  const left = (progress.total - progress.loaded) / bytesPerSecond;
  return t('downloadRate', formatBytes(bytesPerSecond), formatDuration(left));
}

export function DownloadRow({ progress, cancellable = true }: { progress: DownloadProgress; cancellable?: boolean }) {
  const rate = useRate(progress.loaded);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string>();
  const percent = progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : 0;
  const spoken = useThrottled(progress.retrying ? t('downloadStalledSpoken', progress.modelId) : t('downloadPercentSpoken', progress.modelId, percent), ANNOUNCE_EVERY_MS);
  const cancel = () => {
    setCancelling(true);
    engineQuery('cancelDownload', progress.modelId).catch((reason: unknown) => {
      setError(errorMessage(reason));
      setCancelling(false);
    });
  };
  return (
    <div class="nb-download">
      <ProgressBar label={t('downloadingModel', progress.modelId)} loaded={progress.loaded} total={progress.total} />
      <p class={progress.retrying ? 'nb-notice' : 'nb-hint'}>{downloadDetail(progress, rate)}</p>
      {cancellable ? (
        <button type="button" disabled={cancelling} onClick={cancel}>
          {t('cancelDownload')}
        </button>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
      <p class="nb-visually-hidden" aria-live="polite">
        {spoken}
      </p>
    </div>
  );
}

/** Bytes per second over the last few seconds. */
function useRate(loaded: number): number {
  const samples = useRef<Array<{ at: number; loaded: number }>>([]);
  const now = Date.now();
  samples.current = [...samples.current.filter((sample) => now - sample.at < 5000), { at: now, loaded }];
  const first = samples.current[0]!;
  const seconds = (now - first.at) / 1000;
  return seconds > 0.5 ? Math.max(0, loaded - first.loaded) / seconds : 0;
}

/** `value`, changed at most once per `intervalMs` (the last value wins): what a live region may say. */
function useThrottled(value: string, intervalMs: number): string {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  useEffect(() => {
    const wait = lastAt.current + intervalMs - Date.now();
    const show = () => {
      lastAt.current = Date.now();
      setShown(value);
    };
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value]);
  return shown;
}
