import { storage } from 'wxt/utils/storage';
import type { EngineConfig, ServerConfig, WasmLoadOptions } from '../engine/types';
import { testEngineKnobs } from '../test-hooks';
import { allowDownload, getSettings, normalizeModelHost, type Settings } from './settings';
import { t } from '../i18n/i18n';

/**
 * Engine knobs for measuring, which `npm run bench` sets: not the user's settings, so stored apart from
 * them (`engineTuning`) and never on the options page. Each is described on EngineConfig.
 */
export type EngineTuning = Pick<
  EngineConfig,
  'wasmThreads' | 'wasmGraph' | 'prefillTokensPerSecond' | 'promptCache' | 'captionTokens' | 'captionBatch' | 'disablePrepacking'
>;

const tuningItem = storage.defineItem<EngineTuning>('local:engineTuning', { fallback: {} });

/** The part of the settings the engine needs, read fresh for every request so changes apply at once. */
export async function readEngineConfig(): Promise<EngineConfig> {
  const [settings, tuning] = await Promise.all([getSettings(), tuningItem.getValue()]);
  const { modelHost, textModel, imageModel, device, idleUnloadMinutes, downloadConsent } = settings;
  return {
    textBackend: settings.runOn,
    imageBackend: settings.imagesRunOn === 'same' ? settings.runOn : settings.imagesRunOn,
    server: serverConfigOf(settings),
    modelHost: normalizeModelHost(modelHost),
    textModel: textModel.trim(),
    imageModel: imageModel.trim(),
    device,
    idleUnloadMinutes,
    downloadConsent,
    // Checked like the settings: a bad stored knob reads as its default.
    wasmThreads: typeof tuning?.wasmThreads === 'number' && Number.isFinite(tuning.wasmThreads) ? Math.min(64, Math.max(0, Math.round(tuning.wasmThreads))) : 0,
    wasmGraph: isGraphOptions(tuning?.wasmGraph) ? tuning.wasmGraph : {},
    ...(typeof tuning?.prefillTokensPerSecond === 'number' && tuning.prefillTokensPerSecond > 0 && Number.isFinite(tuning.prefillTokensPerSecond)
      ? { prefillTokensPerSecond: tuning.prefillTokensPerSecond }
      : {}),
    ...(tuning?.promptCache === false ? { promptCache: false } : {}),
    ...(tuning?.disablePrepacking === true ? { disablePrepacking: true } : {}),
    ...(typeof tuning?.captionTokens === 'number' && Number.isInteger(tuning.captionTokens) && tuning.captionTokens > 0 ? { captionTokens: Math.min(tuning.captionTokens, 256) } : {}),
    ...(typeof tuning?.captionBatch === 'number' && Number.isInteger(tuning.captionBatch) && tuning.captionBatch > 0 ? { captionBatch: Math.min(tuning.captionBatch, 16) } : {}),
    ...(__NANO_BANANA_TEST__ ? await testEngineKnobs() : {}),
  };
}

function isGraphOptions(value: unknown): value is Partial<WasmLoadOptions> | false {
  return value === false || (!!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'boolean'));
}

/**
 * Consent from a Download click (any surface, in-page cards included): only for a model the settings name,
 * so no part of a page can add another one.
 */
export async function allowConfiguredDownload(modelId: unknown): Promise<void> {
  const { textModel, imageModel } = await readEngineConfig();
  if (modelId !== textModel && modelId !== imageModel) throw new Error(t('errNotChosenModel'));
  await allowDownload(modelId);
}

/** The model server as the settings describe it (the Options page tests it with the same). */
export function serverConfigOf(settings: Settings): ServerConfig {
  const address = normalizeModelHost(settings.serverAddress);
  return {
    address,
    api: settings.serverApi,
    apiKey: settings.serverApiKey,
    textModel: settings.serverTextModel,
    imageModel: settings.serverImageModel,
    contextTokens: settings.serverContextTokens,
    timeoutSeconds: settings.serverTimeoutSeconds,
    publicAddressConfirmed: address !== '' && normalizeModelHost(settings.serverPublicAddressConfirmed) === address,
  };
}
