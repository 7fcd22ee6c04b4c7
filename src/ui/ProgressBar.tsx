import type { DownloadProgress } from '../engine/types';
import { formatBytes } from './format';
import { t } from '../i18n/i18n';

interface Props {
  label: string;
  loaded: number;
  total: number;
}

/** A labelled byte progress bar; its accessible name is the visible label. */
export function ProgressBar({ label, loaded, total }: Props) {
  const done = t('bytesOf', formatBytes(loaded), formatBytes(total));
  const id = `progress-${label.replace(/\W+/g, '-')}`;
  return (
    <div class="nb-progress">
      <span id={id}>{label}</span>
      <progress
        aria-labelledby={id}
        aria-valuetext={done}
        max={Math.max(total, 1)}
        value={Math.min(loaded, total)}
      />
      <span class="nb-progress-bytes">{done}</span>
    </div>
  );
}

/** A model download's progress, named after the model, or nothing when there is no download. */
export function DownloadProgressBar({ progress }: { progress: DownloadProgress | undefined }) {
  return progress ? <ProgressBar label={t('downloadingModel', progress.modelId)} loaded={progress.loaded} total={progress.total} /> : null;
}
