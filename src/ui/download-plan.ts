// What a model's download would be, asking the network as little as possible.
import { engineQuery } from '../engine/client';
import { downloadBytesFor, presetFor } from '../engine/presets';
import type { CachedModel, DownloadPlan, ModelTask } from '../engine/types';

/**
 * A preset from its known file sizes (for the CPU; WebGPU's files differ a little) less what the cache holds
 * of it; any other model by asking the model host for its files' sizes. A model whose download was cancelled
 * half-way is in the cache's list but not stored: only a plan with nothing left says "Stored".
 */
export async function plannedDownload(task: ModelTask, modelId: string, cached: CachedModel[]): Promise<DownloadPlan> {
  const stored = cached.find((model) => model.modelId === modelId)?.bytes ?? 0;
  const preset = presetFor(modelId);
  if (preset) {
    const totalBytes = downloadBytesFor(preset, 'wasm', { shaderF16: false });
    return { modelId, totalBytes: Math.max(totalBytes, stored), cachedBytes: stored };
  }
  return engineQuery('planDownload', task);
}

export const remainingBytes = (plan: DownloadPlan) => Math.max(0, plan.totalBytes - plan.cachedBytes);
