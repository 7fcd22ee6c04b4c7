// What the engines whose models live elsewhere share (a model server, Chrome's built-in AI): nothing of
// theirs is downloaded or stored by us, and each task's status only goes between working and ready.
import type { Engine } from './engine';
import type { CachedModel, EngineBackend, EngineStatus, ModelStatus, ModelTask } from './types';

/** What alt text asks a model that sees images; the answer is cleaned up like a captioning model's. */
export const CAPTION_PROMPT = 'Describe this image in one short sentence, for alt text. Answer with the description only.';

export abstract class HostedEngine implements Pick<Engine, 'status' | 'onStatus' | 'cachedModels' | 'deleteCachedModel' | 'clearCachedCaptions'> {
  private readonly statuses = new Map<ModelTask, ModelStatus>();
  private readonly listeners = new Set<(status: EngineStatus) => void>();

  protected constructor(private readonly backend: EngineBackend) {}

  status(): EngineStatus {
    return { models: [...this.statuses.values()], threads: 1, crossOriginIsolated: globalThis.crossOriginIsolated === true };
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async cachedModels(): Promise<CachedModel[]> {
    return [];
  }

  async deleteCachedModel(): Promise<void> {}

  async clearCachedCaptions(): Promise<void> {}

  /** Runs `work` with the task's status 'working', then 'ready'. */
  protected async working<T>(task: ModelTask, modelId: string, work: () => Promise<T>): Promise<T> {
    this.setStage(task, modelId, 'working');
    try {
      return await work();
    } finally {
      this.setStage(task, modelId, 'ready');
    }
  }

  private setStage(task: ModelTask, modelId: string, stage: ModelStatus['stage']): void {
    this.statuses.set(task, { modelId, task, stage, backend: this.backend });
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}
