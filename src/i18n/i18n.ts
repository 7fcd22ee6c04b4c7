// Every string a person reads comes from public/_locales/<lang>/messages.json through the browser's i18n API,
// in the browser's language. Keys are typed from the English catalogue, so a key missing there fails the
// type check (test/unit/i18n.test.ts checks the other catalogues against it).
import { browser } from 'wxt/browser';
import english from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;
/** Values for a message's $1…$9. */
export type MessageArg = string | number;

/**
 * The message `key` in the browser's language, with `args` put in for $1, $2, …. Where no i18n API is
 * reachable (Chrome's offscreen document has only `runtime`; unit tests in Node) it is the English one:
 * errors made there carry their key (see LocalizedText) and are said again in the person's language by the
 * surface that shows them.
 */
export function t(key: MessageKey, ...args: MessageArg[]): string {
  const substitutions = args.map(String);
  let text = '';
  try {
    // Typed by our catalogue (MessageKey), not by WXT's generated types, which lag until `wxt prepare`.
    const i18n = browser.i18n as { getMessage(name: string, substitutions?: string[]): string } | undefined;
    text = i18n?.getMessage(key, substitutions) ?? '';
  } catch {
    // No i18n API in this context: English below.
  }
  return text || substitute(english[key].message, substitutions);
}

/** A message not yet put into words: what crosses from a context without i18n to the surface that shows it. */
export interface LocalizedText {
  key: MessageKey;
  args: string[];
}

export function localized(key: MessageKey, ...args: MessageArg[]): LocalizedText {
  return { key, args: args.map(String) };
}

/** A LocalizedText that crossed a message boundary: a key English has, and string values. */
export function isLocalizedText(value: unknown): value is LocalizedText {
  if (!value || typeof value !== 'object') return false;
  const { key, args } = value as { key?: unknown; args?: unknown };
  return typeof key === 'string' && Object.hasOwn(english, key) && Array.isArray(args) && args.every((arg) => typeof arg === 'string');
}

export function say(text: LocalizedText): string {
  return t(text.key, ...text.args);
}

/** $1…$9 as the browsers substitute them ($$ is a dollar sign). */
function substitute(message: string, substitutions: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (substitutions[Number(which) - 1] ?? '')));
}

/** The browser's UI language ("fr", "ar", "en-US"); English where no i18n API is reachable. */
export function uiLanguage(): string {
  try {
    return browser.i18n?.getUILanguage() ?? 'en';
  } catch {
    return 'en';
  }
}

/** Languages written right to left (primary subtags). */
const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

/**
 * "rtl" for Arabic, Hebrew, Persian…, from the UI language itself: Chromium's `@@bidi_dir` answered "ltr" in an
 * Arabic UI started through LANGUAGE (languages.test.ts).
 */
export function uiDirection(): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(uiLanguage().split(/[-_]/)[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** An extension page in the person's language: `lang`, `dir` and its title. */
export function localizePage(title: MessageKey = 'extName'): void {
  document.documentElement.lang = uiLanguage();
  document.documentElement.dir = uiDirection();
  document.title = t(title);
}

/** `lang` and `dir` for an in-page card's root, which sits in someone else's page and language. */
export function localizeElement(element: HTMLElement): void {
  element.lang = uiLanguage();
  element.dir = uiDirection();
}
