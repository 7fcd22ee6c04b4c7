import type { EngineConfig } from '../engine/types';
import { getSettings, normalizeModelHost } from './settings';

/** The part of the settings the engine needs, read fresh for every request so changes apply at once. */
export async function readEngineConfig(): Promise<EngineConfig> {
  const { modelHost, textModel, imageModel, device, idleUnloadMinutes, wasmThreads, wasmGraph } = await getSettings();
  return {
    modelHost: normalizeModelHost(modelHost),
    textModel: textModel.trim(),
    imageModel: imageModel.trim(),
    device,
    idleUnloadMinutes,
    wasmThreads,
    wasmGraph,
  };
}
