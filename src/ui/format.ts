import { t } from '../i18n/i18n';

/** Bytes as people read them: "12.3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return t('bytesB', bytes);
  const units = ['bytesKB', 'bytesMB', 'bytesGB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return t(units[unit]!, value.toFixed(value < 10 ? 1 : 0));
}

/** A rough time left: "40 s", "3 min", "1.5 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return t('durationSeconds', Math.max(1, Math.round(seconds)));
  if (seconds < 3600) return t('durationMinutes', Math.round(seconds / 60));
  return t('durationHours', (seconds / 3600).toFixed(1));
}
