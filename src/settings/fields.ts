// How a group of settings is declared: its keys' defaults and the check each stored value passes. The
// extension's own settings (settings.ts) and each feature's (src/features/<f>/settings.ts, listed in
// src/features/settings.ts) are declared alike, and settings.ts assembles them into one `Settings`.
// This module imports nothing, so features can declare their settings without reaching settings.ts.

/** The value if it is one the setting may hold (a number clamped into range), else undefined: the default is read. */
export type FieldCheck<T> = (value: unknown) => T | undefined;

export interface SettingsDeclaration<S extends object> {
  /** The feature declaring them; the extension's own settings say 'extension'. */
  feature: string;
  defaults: S;
  /**
   * What each stored field may hold. Stored values come from older versions, hand edits or a bug, and a bad
   * one must never break a surface (the Options page least of all, where the person repairs it): a value
   * that fails its check reads as the default, which is how a value an older version wrote is migrated.
   */
  checks: { [K in keyof S]-?: FieldCheck<S[K]> };
}

export const oneOf =
  <T>(allowed: readonly T[]): FieldCheck<T> =>
  (value) =>
    allowed.includes(value as T) ? (value as T) : undefined;

export const text =
  (maxLength: number, pattern?: RegExp): FieldCheck<string> =>
  (value) =>
    typeof value === 'string' && value.length <= maxLength && (!pattern || pattern.test(value)) ? value : undefined;

export const clamped =
  (min: number, max: number, integer = false): FieldCheck<number> =>
  (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    const within = Math.min(max, Math.max(min, value));
    return integer ? Math.round(within) : within;
  };

export const flag: FieldCheck<boolean> = (value) => (typeof value === 'boolean' ? value : undefined);

/** A list of strings each matching `pattern`, the others dropped, at most `max` of them. */
export const stringList =
  (pattern: RegExp, max: number): FieldCheck<string[]> =>
  (value) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && pattern.test(item)).slice(0, max) : undefined;
