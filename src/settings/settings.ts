// User settings: typed, versioned, with defaults in one place. Bump SETTINGS_VERSION and add a migration
// whenever the shape changes, so existing users keep what they chose.
import { storage } from 'wxt/utils/storage';
import { DEFAULT_IMAGE_MODEL, DEFAULT_TEXT_MODEL } from '../engine/default-models';
import type { DevicePreference } from '../engine/types';
import type { SummaryLength, SummaryType } from '../features/summarize/options';
import type { ToneId } from '../features/rewrite/tones';

export interface Settings {
  /** Where models are downloaded from: the Hugging Face Hub or a mirror in the same layout. */
  modelHost: string;
  textModel: string;
  imageModel: string;
  device: DevicePreference;
  /** Minutes a model may sit unused before it is unloaded to free memory. */
  idleUnloadMinutes: number;
  summaryType: SummaryType | 'quick';
  summaryLength: SummaryLength;
  lastTone: ToneId;
  /** Automatic alt text: everywhere, or only on these sites (hostnames). */
  autoAltTextEverywhere: boolean;
  autoAltTextSites: string[];
}

export const DEFAULT_MODEL_HOST = 'https://huggingface.co';

export const DEFAULT_SETTINGS: Settings = {
  modelHost: DEFAULT_MODEL_HOST,
  textModel: DEFAULT_TEXT_MODEL,
  imageModel: DEFAULT_IMAGE_MODEL,
  device: 'auto',
  idleUnloadMinutes: 10,
  summaryType: 'key-points',
  summaryLength: 'medium',
  lastTone: 'formal',
  autoAltTextEverywhere: false,
  autoAltTextSites: [],
};

export const SETTINGS_VERSION = 1;

const settingsItem = storage.defineItem<Partial<Settings>>('local:settings', {
  fallback: {},
  version: SETTINGS_VERSION,
  migrations: {},
});

/** The stored settings over the defaults, so a setting added later reads as its default. */
export async function getSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
}

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await settingsItem.getValue()), ...patch };
  await settingsItem.setValue(next);
  return { ...DEFAULT_SETTINGS, ...next };
}

export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => onChange({ ...DEFAULT_SETTINGS, ...value }));
}

/** The host URL without a trailing slash; the user may type either form. */
export function normalizeModelHost(host: string): string {
  return host.trim().replace(/\/+$/, '');
}
