// Consent before any model download: a surface whose model is not stored says so, with the size, and the
// download starts only from the person's click on "Download <size>" (remembered per model, see settings).
import { useState } from 'preact/hooks';
import { engineQuery } from '../engine/client';
import type { DownloadPlan, ModelTask } from '../engine/types';
import { sendMessage } from '../messaging/protocol';
import { getSettings } from '../settings/settings';
import { errorMessage } from './errors';
import { formatBytes } from './format';
import { t } from '../i18n/i18n';

/** What is left to download, as the button names it: "Download 419 MB". */
export function downloadLabel(plan: DownloadPlan): string {
  return t('downloadButton', formatBytes(Math.max(0, plan.totalBytes - plan.cachedBytes)));
}

/** The task's download, when its model is not stored and the person has not agreed to download it yet. */
export async function downloadToAskFor(task: ModelTask): Promise<DownloadPlan | undefined> {
  const [plan, { downloadConsent }] = await Promise.all([engineQuery('planDownload', task), getSettings()]);
  return plan.cachedBytes < plan.totalBytes && !downloadConsent.includes(plan.modelId) ? plan : undefined;
}

/** Says the model is not stored yet and offers to download it; `onAllowed` runs once the click is remembered. */
export function DownloadNeeded({ plan, onAllowed }: { plan: DownloadPlan; onAllowed: () => void }) {
  const [error, setError] = useState<string>();
  const [asking, setAsking] = useState(false);
  const allow = async () => {
    setAsking(true);
    setError(undefined);
    try {
      await sendMessage('allowDownload', plan.modelId);
      onAllowed();
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setAsking(false);
    }
  };
  const size = formatBytes(Math.max(0, plan.totalBytes - plan.cachedBytes));
  return (
    <div class="nb-download-needed">
      <p>{t('downloadNeeded', plan.modelId, size)}</p>
      <button type="button" class="nb-primary" disabled={asking} onClick={() => void allow()}>
        {downloadLabel(plan)}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
