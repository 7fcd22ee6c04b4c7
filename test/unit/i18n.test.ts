// The catalogues (public/_locales/<lang>/messages.json) against each other and against the code: a message
// missing from a language, a key the code uses that English lacks, and an English message nothing uses all fail.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const LOCALES = join(ROOT, 'public/_locales');

type Catalogue = Record<string, { message: string; description?: string }>;
const read = (lang: string): Catalogue => JSON.parse(readFileSync(join(LOCALES, lang, 'messages.json'), 'utf8')) as Catalogue;
const english = read('en');
const languages = readdirSync(LOCALES).filter((lang) => lang !== 'en');

/** The $1…$9 a message takes, sorted. */
const placeholders = (message: string) => [...new Set(message.match(/\$[1-9]/g) ?? [])].sort();

/** Every .ts/.tsx file of the extension's code, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}
const code = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'entrypoints')), join(ROOT, 'wxt.config.ts')].map((path) => ({
  path: path.slice(ROOT.length + 1),
  text: readFileSync(path, 'utf8'),
}));

describe('message catalogues', () => {
  it('has English, Spanish, French, German, Japanese and Arabic', () => {
    expect(languages.sort()).toEqual(['ar', 'de', 'es', 'fr', 'ja']);
  });

  it('gives every English message a non-empty text', () => {
    for (const [key, { message }] of Object.entries(english)) expect(message.trim(), key).not.toBe('');
  });

  it.each(languages)('%s has every English key, no other, each with the same placeholders', (lang) => {
    const catalogue = read(lang);
    expect(Object.keys(catalogue).filter((key) => !(key in english)), `${lang}: keys English does not have`).toEqual([]);
    expect(Object.keys(english).filter((key) => !(key in catalogue)), `${lang}: keys missing`).toEqual([]);
    for (const [key, { message }] of Object.entries(catalogue)) {
      expect(message.trim(), `${lang}/${key}`).not.toBe('');
      expect(placeholders(message), `${lang}/${key}`).toEqual(placeholders(english[key]!.message));
    }
  });

  it('has every key the code asks for in English', () => {
    const asked = code.flatMap(({ path, text }) =>
      [...text.matchAll(/\b(?:t|localized)\(\s*'([A-Za-z0-9_]+)'|__MSG_([A-Za-z0-9_]+)__/g)].map((match) => ({ path, key: match[1] ?? match[2]! })),
    );
    expect(asked.length).toBeGreaterThan(100);
    expect(asked.filter(({ key }) => !(key in english))).toEqual([]);
  });

  it('uses every English message somewhere in the code', () => {
    const all = code.map(({ text }) => text).join('\n');
    expect(Object.keys(english).filter((key) => !all.includes(`'${key}'`) && !all.includes(`__MSG_${key}__`))).toEqual([]);
  });
});
