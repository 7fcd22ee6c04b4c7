// User settings: typed, versioned, with defaults in one place. Bump SETTINGS_VERSION and add a migration
// whenever the shape changes, so existing users keep what they chose.
import { storage } from 'wxt/utils/storage';
import { DEFAULT_IMAGE_MODEL, DEFAULT_TEXT_MODEL } from '../engine/default-models';
import type { DevicePreference, EngineBackend, ServerApi } from '../engine/types';
import { SUMMARY_LENGTHS, SUMMARY_READINGS, SUMMARY_TYPES, type SummaryLength, type SummaryReading, type SummaryType } from '../features/summarize/options';
import { isToneId, type ToneId } from '../features/rewrite/tones';

export interface Settings {
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
  summaryType: SummaryType | 'quick';
  summaryLength: SummaryLength;
  /** Long pages on a CPU: the model reads their key passages first, or always the whole page. */
  summaryReading: SummaryReading;
  lastTone: ToneId;
  /** The custom instruction used last (typed in the side panel); the shortcut reuses it with the custom tone. */
  lastInstruction: string;
  /** Automatic alt text: everywhere, or only on these sites (hostnames). */
  autoAltTextEverywhere: boolean;
  autoAltTextSites: string[];
  /** Models the person agreed to download, by a click on a Download button; no other model is downloaded. */
  downloadConsent: string[];
}

export const DEFAULT_MODEL_HOST = 'https://huggingface.co';

export const DEFAULT_SETTINGS: Settings = {
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
  summaryType: 'key-points',
  summaryLength: 'medium',
  summaryReading: 'key-passages',
  lastTone: 'formal',
  lastInstruction: '',
  autoAltTextEverywhere: false,
  autoAltTextSites: [],
  downloadConsent: [],
};

export const SETTINGS_VERSION = 1;

const settingsItem = storage.defineItem<Partial<Settings>>('local:settings', {
  fallback: {},
  version: SETTINGS_VERSION,
  migrations: {},
});

const DEVICES: readonly DevicePreference[] = ['auto', 'wasm', 'webgpu'];
const BACKENDS: readonly EngineBackend[] = ['browser', 'server', 'builtin'];
const SERVER_APIS: readonly ServerApi[] = ['ollama', 'openai'];
const ADDRESS = /^https?:\/\/[^\s/]+/i;
export const MAX_INSTRUCTION_CHARS = 500;
/** Longest idle time a model may be kept: a day (setTimeout cannot wait longer than about 24 days anyway). */
const MAX_IDLE_MINUTES = 24 * 60;

type FieldCheck<T> = (value: unknown) => T | undefined;

const oneOf =
  <T>(allowed: readonly T[]): FieldCheck<T> =>
  (value) =>
    allowed.includes(value as T) ? (value as T) : undefined;
const text =
  (maxLength: number, pattern?: RegExp): FieldCheck<string> =>
  (value) =>
    typeof value === 'string' && value.length <= maxLength && (!pattern || pattern.test(value)) ? value : undefined;
const clamped =
  (min: number, max: number, integer = false): FieldCheck<number> =>
  (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    const within = Math.min(max, Math.max(min, value));
    return integer ? Math.round(within) : within;
  };
const flag: FieldCheck<boolean> = (value) => (typeof value === 'boolean' ? value : undefined);

/**
 * What each stored field may hold. Stored values come from older versions, hand edits or a bug, and a bad
 * one must never break a surface (the Options page least of all, where the person repairs it): a value
 * that fails its check reads as the default, and numbers are clamped into range.
 */
const FIELD_CHECKS: { [K in keyof Settings]: FieldCheck<Settings[K]> } = {
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
  summaryType: oneOf(SUMMARY_TYPES),
  summaryLength: oneOf(SUMMARY_LENGTHS),
  summaryReading: oneOf(SUMMARY_READINGS),
  lastTone: (value) => (isToneId(value) ? value : undefined),
  lastInstruction: text(MAX_INSTRUCTION_CHARS),
  autoAltTextEverywhere: flag,
  autoAltTextSites: (value) =>
    Array.isArray(value) ? value.filter((site): site is string => typeof site === 'string' && /^[a-z0-9.-]{1,253}$/i.test(site)).slice(0, 1000) : undefined,
  downloadConsent: (value) =>
    Array.isArray(value) ? value.filter((model): model is string => typeof model === 'string' && /^\S{1,200}$/.test(model)).slice(0, 100) : undefined,
};

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

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await settingsItem.getValue()), ...patch };
  await settingsItem.setValue(next);
  return validateSettings(next);
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
