import type { EngineStatus } from '../engine/types';
import { ProgressBar } from './ProgressBar';

const STAGE_TEXT = {
  idle: 'Not loaded',
  checking: 'Checking files…',
  downloading: 'Downloading…',
  loading: 'Loading into memory…',
  ready: 'Ready',
  working: 'Working…',
} as const;

/** Which models are loaded and how far their downloads are. */
export function ModelStatus({ status }: { status: EngineStatus | undefined }) {
  if (!status) return <p class="nb-muted">Model status unknown.</p>;
  return (
    <div class="nb-model-status" aria-live="polite">
      {status.models.length === 0 ? <p class="nb-muted">No model loaded. Models load when a feature first needs them.</p> : null}
      {status.models.map((model) => (
        <div key={`${model.task}:${model.modelId}`}>
          <p>
            <strong>{model.modelId}</strong>: {STAGE_TEXT[model.stage]}
            {model.device ? ` (${model.device === 'webgpu' ? 'WebGPU' : 'CPU'})` : ''}
          </p>
          {model.download ? (
            <ProgressBar label={`${model.modelId} download`} loaded={model.download.loaded} total={model.download.total} />
          ) : null}
        </div>
      ))}
      {status.notice ? <p class="nb-notice">{status.notice}</p> : null}
    </div>
  );
}
