// User settings: typed, versioned, each declared with its default and check (fields.ts) where it belongs:
// the extension's own (engine, model server, downloads) here, each feature's in its folder (listed in
// src/features/settings.ts), all assembled into one `Settings`. Bump SETTINGS_VERSION and add a migration
// whenever the shape changes, so existing users keep what they chose.
import { storage } from 'wxt/utils/storage';
import { DEFAULT_IMAGE_MODEL, DEFAULT_TEXT_MODEL } from '../engine/default-models';
import type { DevicePreference, EngineBackend, ServerApi } from '../engine/types';
import { FEATURE_SETTINGS } from '../features/settings';
import { clamped, oneOf, stringList, text, type FieldCheck, type SettingsDeclaration } from './fields';

/** The extension's own settings, apart from any feature's. */
export interface ExtensionSettings {
  /** Where models run ("Run models on"), and where images are described when that differs. */
  runOn: EngineBackend;
  imagesRunOn: EngineBackend | 'same';
  /** The model server, when models run on one. */
  serverAddress: string;
  serverApi: ServerApi;
  /** Stored in this browser's extension storage; sent to the server address only. */
  serverApiKey: string;
  serverTextModel: string;
  serverImageModel: string;
  /** The server address the person confirmed sending page text to although it is public ('' for none). */
  serverPublicAddressConfirmed: string;
  /** The context window to plan for when the server's API does not say (Ollama is asked to use it). */
  serverContextTokens: number;
  serverTimeoutSeconds: number;
  /** Where models are downloaded from: the Hugging Face Hub or a mirror in the same layout. */
  modelHost: string;
  textModel: string;
  imageModel: string;
  device: DevicePreference;
  /** Minutes a model may sit unused before it is unloaded to free memory. */
  idleUnloadMinutes: number;
  /** Models the person agreed to download, by a click on a Download button; no other model is downloaded. */
  downloadConsent: string[];
}

export const DEFAULT_MODEL_HOST = 'https://huggingface.co';

/** What the features declare, merged: every listed feature's settings. */
type FeatureSettings = UnionToIntersection<SettingsOf<(typeof FEATURE_SETTINGS)[number]>>;
type SettingsOf<D> = D extends SettingsDeclaration<infer S> ? S : never;
type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void ? I : never;

export type Settings = ExtensionSettings & FeatureSettings;

const DEVICES: readonly DevicePreference[] = ['auto', 'wasm', 'webgpu'];
const BACKENDS: readonly EngineBackend[] = ['browser', 'server', 'builtin'];
const SERVER_APIS: readonly ServerApi[] = ['ollama', 'openai'];
const ADDRESS = /^https?:\/\/[^\s/]+/i;
/** Longest idle time a model may be kept: a day (setTimeout cannot wait longer than about 24 days anyway). */
const MAX_IDLE_MINUTES = 24 * 60;

const EXTENSION_SETTINGS: SettingsDeclaration<ExtensionSettings> = {
  feature: 'extension',
  defaults: {
    runOn: 'browser',
    imagesRunOn: 'same',
    serverAddress: 'http://127.0.0.1:11434',
    serverApi: 'ollama',
    serverApiKey: '',
    serverTextModel: '',
    serverImageModel: '',
    serverPublicAddressConfirmed: '',
    serverContextTokens: 8192,
    serverTimeoutSeconds: 120,
    modelHost: DEFAULT_MODEL_HOST,
    textModel: DEFAULT_TEXT_MODEL,
    imageModel: DEFAULT_IMAGE_MODEL,
    device: 'auto',
    idleUnloadMinutes: 10,
    downloadConsent: [],
  },
  checks: {
    runOn: oneOf(BACKENDS),
    imagesRunOn: oneOf([...BACKENDS, 'same' as const]),
    serverAddress: text(2000, ADDRESS),
    serverApi: oneOf(SERVER_APIS),
    serverApiKey: text(1000, /^[\x21-\x7e]*$/),
    serverTextModel: text(300, /^\S*$/),
    serverImageModel: text(300, /^\S*$/),
    serverPublicAddressConfirmed: text(2000),
    serverContextTokens: clamped(512, 1_048_576, true),
    serverTimeoutSeconds: clamped(1, 3600, true),
    modelHost: text(2000, ADDRESS),
    textModel: text(200, /^\S+$/),
    imageModel: text(200, /^\S+$/),
    device: oneOf(DEVICES),
    idleUnloadMinutes: clamped(0.01, MAX_IDLE_MINUTES),
    downloadConsent: stringList(/^\S{1,200}$/, 100),
  },
};

/** Every group of settings: the extension's own, then each feature's. */
export const SETTINGS_DECLARATIONS: ReadonlyArray<SettingsDeclaration<object>> = [EXTENSION_SETTINGS, ...FEATURE_SETTINGS];

export const DEFAULT_SETTINGS = Object.assign({}, ...SETTINGS_DECLARATIONS.map((declaration) => declaration.defaults)) as Settings;

const FIELD_CHECKS = Object.assign({}, ...SETTINGS_DECLARATIONS.map((declaration) => declaration.checks)) as { [K in keyof Settings]: FieldCheck<Settings[K]> };

export const SETTINGS_VERSION = 1;

const settingsItem = storage.defineItem<Partial<Settings>>('local:settings', {
  fallback: {},
  version: SETTINGS_VERSION,
  migrations: {},
});

/** Stored settings, checked field by field over the defaults (a setting added later reads as its default). */
export function validateSettings(stored: unknown): Settings {
  const record = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const settings = { ...DEFAULT_SETTINGS } as Record<keyof Settings, unknown>;
  for (const key of Object.keys(FIELD_CHECKS) as Array<keyof Settings>) {
    const checked = key in record ? FIELD_CHECKS[key](record[key]) : undefined;
    if (checked !== undefined) settings[key] = checked;
  }
  return settings as unknown as Settings;
}

export async function getSettings(): Promise<Settings> {
  return validateSettings(await settingsItem.getValue());
}

/** The last write this page started: writes run one at a time (see updateSettings). */
let lastWrite: Promise<unknown> = Promise.resolve();

/**
 * Stores `patch` over the stored settings. Writes from one page run one at a time, each reading what the one
 * before stored: two quick changes would otherwise both read the old settings, and the later write would put
 * back what the earlier one changed.
 */
export function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const write = lastWrite.then(async () => {
    const next = { ...(await settingsItem.getValue()), ...patch };
    await settingsItem.setValue(next);
    return validateSettings(next);
  });
  lastWrite = write.catch(() => undefined);
  return write;
}

/** Remembers that the person agreed to download `modelId` (they clicked its Download button). */
export async function allowDownload(modelId: string): Promise<void> {
  const { downloadConsent } = await getSettings();
  if (!downloadConsent.includes(modelId)) await updateSettings({ downloadConsent: [...downloadConsent, modelId] });
}

export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => onChange(validateSettings(value)));
}

/** The host URL without a trailing slash; the user may type either form. */
export function normalizeModelHost(host: string): string {
  return host.trim().replace(/\/+$/, '');
}

/** Whether a typed address is one the options page may save as a host or server: an http(s) URL. */
export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
