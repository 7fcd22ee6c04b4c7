import { t } from '../i18n/i18n';

/** "Stop", shown beside a panel's main action while its work runs. */
export function StopButton({ busy, onStop }: { busy: boolean; onStop: () => void }) {
  return busy ? (
    <button type="button" onClick={onStop}>
      {t('stop')}
    </button>
  ) : null;
}
