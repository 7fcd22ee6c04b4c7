import { useState } from 'preact/hooks';
import { engineQuery, engineStream } from '../engine/client';
import { EngineError } from '../engine/errors';
import type { DownloadPlan, DownloadProgress, ModelTask } from '../engine/types';
import { sendMessage } from '../messaging/protocol';
import { ErrorNotice } from './ErrorNotice';
import { formatBytes } from './format';
import { DownloadProgressBar } from './ProgressBar';

/** A button that downloads and loads a task's model, saying first how big it is, with progress. */
export function ModelDownload({ task, buttonLabel }: { task: ModelTask; buttonLabel: string }) {
  const [plan, setPlan] = useState<DownloadPlan>();
  const [progress, setProgress] = useState<DownloadProgress>();
  const [state, setState] = useState<'idle' | 'working' | 'done'>('idle');
  const [error, setError] = useState<string>();

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
      setError(reason instanceof EngineError || reason instanceof Error ? reason.message : String(reason));
      setState('idle');
    }
  };

  return (
    <div class="nb-row">
      <button type="button" onClick={() => void start()} disabled={state === 'working'}>
        {buttonLabel}
      </button>
      {plan ? (
        <span class="nb-hint">
          {plan.modelId}: {formatBytes(plan.totalBytes)}
          {plan.cachedBytes >= plan.totalBytes ? ', already stored' : ''}
        </span>
      ) : null}
      {state === 'working' ? <DownloadProgressBar progress={progress} /> : null}
      {state === 'done' ? <span role="status">{plan?.modelId} is ready.</span> : null}
      {error ? <ErrorNotice message={error} /> : null}
    </div>
  );
}
