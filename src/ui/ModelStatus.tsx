import type { EngineStage, EngineStatus } from '../engine/types';
import { isLocalizedText, say, t, type MessageKey } from '../i18n/i18n';

const STAGE_TEXT = {
  idle: 'stageIdle',
  checking: 'stageChecking',
  downloading: 'stageDownloading',
  loading: 'stageLoading',
  ready: 'stageReady',
} as const satisfies Record<string, MessageKey>;

/**
 * A model answering a request reads as Ready: each request's working → ready flip is no news to a screen
 * reader (the surface that asked announces its own result), while loading, downloading and notices are.
 */
function stageText(stage: EngineStage): string {
  return t(STAGE_TEXT[stage === 'working' ? 'ready' : stage]);
}

/**
 * Which models are loaded and at what stage. A download's progress is shown once, by the surface that waits
 * for it (with speed and Cancel), not here as well; and this live region then changes only with the model's
 * state, not with each request.
 */
export function ModelStatus({ status }: { status: EngineStatus | undefined }) {
  if (!status) return <p class="nb-muted">{t('modelStatusUnknown')}</p>;
  return (
    <div class="nb-model-status" aria-live="polite">
      {status.models.length === 0 ? <p class="nb-muted">{t('noModelLoaded')}</p> : null}
      {status.models.map((model) => (
        <div key={`${model.task}:${model.modelId}`}>
          <p>
            <strong>{model.modelId}</strong>: {stageText(model.stage)}
            {model.device ? ` (${t(model.device === 'webgpu' ? 'deviceWebgpu' : 'deviceCpu')})` : ''}
          </p>
        </div>
      ))}
      {isLocalizedText(status.notice) ? <p class="nb-notice">{say(status.notice)}</p> : null}
    </div>
  );
}
