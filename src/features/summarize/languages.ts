/** English names of languages, for telling the model which language to write in. */

const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  ar: 'Arabic',
  bg: 'Bulgarian',
  bn: 'Bengali',
  ca: 'Catalan',
  cs: 'Czech',
  da: 'Danish',
  de: 'German',
  el: 'Greek',
  en: 'English',
  es: 'Spanish',
  et: 'Estonian',
  fa: 'Persian',
  fi: 'Finnish',
  fr: 'French',
  he: 'Hebrew',
  hi: 'Hindi',
  hr: 'Croatian',
  hu: 'Hungarian',
  id: 'Indonesian',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  lt: 'Lithuanian',
  lv: 'Latvian',
  ms: 'Malay',
  nb: 'Norwegian',
  nl: 'Dutch',
  no: 'Norwegian',
  pl: 'Polish',
  pt: 'Portuguese',
  ro: 'Romanian',
  ru: 'Russian',
  sk: 'Slovak',
  sl: 'Slovenian',
  sr: 'Serbian',
  sv: 'Swedish',
  sw: 'Swahili',
  ta: 'Tamil',
  th: 'Thai',
  tl: 'Tagalog',
  tr: 'Turkish',
  uk: 'Ukrainian',
  ur: 'Urdu',
  vi: 'Vietnamese',
  zh: 'Chinese',
};

/** Chinese variants written in traditional characters. */
const TRADITIONAL_CHINESE = /^zh-(hant|tw|hk|mo)\b/;

/** The primary subtag of a language code, lower-cased: "pt-BR" → "pt", "EN_us" → "en". */
export function baseLanguage(code: string | null | undefined): string | null {
  return normalize(code).split(/[-_]/)[0] || null;
}

/** "fr" → "French"; null for an unknown or missing code. */
export function languageName(code: string | null | undefined): string | null {
  const base = baseLanguage(code);
  if (!base) return null;
  if (base === 'zh' && TRADITIONAL_CHINESE.test(normalize(code))) return 'Traditional Chinese';
  return LANGUAGE_NAMES[base] ?? null;
}

function normalize(code: string | null | undefined): string {
  return code?.trim().toLowerCase() ?? '';
}
