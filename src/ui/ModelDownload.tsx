import { useEffect, useState } from 'preact/hooks';
import { engineQuery, engineStream } from '../engine/client';
import type { DownloadPlan, DownloadProgress, ModelTask } from '../engine/types';
import { sendMessage } from '../messaging/protocol';
import { DownloadRow } from './DownloadRow';
import { ErrorNotice } from './ErrorNotice';
import { errorMessage } from './errors';
import { formatBytes } from './format';
import { t } from '../i18n/i18n';

interface Props {
  task: ModelTask;
  /** The model the task uses now. */
  modelId: string;
  buttonLabel: string;
  /** Changes when the stored models may have changed (a delete), so "Stored" is asked again. */
  refreshKey?: unknown;
}

/**
 * A button that downloads and loads a task's model, with progress; a model already stored says so, with its
 * size, instead of offering a download.
 */
export function ModelDownload({ task, modelId, buttonLabel, refreshKey }: Props) {
  const [stored, setStored] = useState<DownloadPlan>();
  const [plan, setPlan] = useState<DownloadPlan>();
  const [progress, setProgress] = useState<DownloadProgress>();
  const [state, setState] = useState<'idle' | 'working' | 'done'>('idle');
  const [error, setError] = useState<string>();

  // The cache's own list says what is stored whole: asking it asks no host.
  useEffect(() => {
    void engineQuery('cachedModels')
      .then((models) => {
        const model = models.find((candidate) => candidate.modelId === modelId && candidate.complete);
        return model ? { modelId, totalBytes: model.bytes, cachedBytes: model.bytes } : undefined;
      })
      .then(setStored, () => setStored(undefined));
  }, [modelId, refreshKey, state]);

  const start = async () => {
    setError(undefined);
    setState('working');
    try {
      const planned = await engineQuery('planDownload', task);
      setPlan(planned);
      // This click is the person's consent to download the model (the engine downloads nothing without it).
      await sendMessage('allowDownload', planned.modelId);
      await engineStream('download', { task }, { onProgress: setProgress });
      setState('done');
    } catch (reason) {
      setError(errorMessage(reason));
      setState('idle');
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <div class="nb-row">
      {stored && state === 'idle' ? (
        <p>{t('modelStored', modelId, formatBytes(stored.totalBytes))}</p>
      ) : (
        <button type="button" onClick={() => void start()} disabled={state === 'working'}>
          {buttonLabel}
        </button>
      )}
      {plan && state !== 'idle' ? (
        <span class="nb-hint">
          {t(plan.cachedBytes >= plan.totalBytes ? 'modelSizeStored' : 'modelSize', plan.modelId, formatBytes(plan.totalBytes))}
        </span>
      ) : null}
      {progress && progress.loaded < progress.total ? <DownloadRow progress={progress} /> : null}
      {state === 'done' ? <span role="status">{t('modelReady', plan?.modelId ?? modelId)}</span> : null}
      {error ? <ErrorNotice message={error} /> : null}
    </div>
  );
}
