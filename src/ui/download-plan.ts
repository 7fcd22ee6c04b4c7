// What a model's download would be, asking the network as little as possible.
import { engineQuery } from '../engine/client';
import { downloadBytesFor, presetFor } from '../engine/presets';
import type { CachedModel, DownloadPlan, ModelTask } from '../engine/types';

/**
 * A model stored whole from the cache's list; a preset from its known file sizes (for the CPU; WebGPU's files
 * differ a little) less what the cache holds of it (a download cancelled half-way); any other model by asking
 * the model host for its files' sizes.
 */
export async function plannedDownload(task: ModelTask, modelId: string, cached: CachedModel[]): Promise<DownloadPlan> {
  const stored = cached.find((model) => model.modelId === modelId);
  if (stored?.complete) return { modelId, totalBytes: stored.bytes, cachedBytes: stored.bytes };
  const preset = presetFor(modelId);
  if (preset) {
    const totalBytes = downloadBytesFor(preset, 'wasm', { shaderF16: false });
    return { modelId, totalBytes: Math.max(totalBytes, stored?.bytes ?? 0), cachedBytes: Math.min(totalBytes, stored?.bytes ?? 0) };
  }
  return engineQuery('planDownload', task);
}

export const remainingBytes = (plan: DownloadPlan) => Math.max(0, plan.totalBytes - plan.cachedBytes);
