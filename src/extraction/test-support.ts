// Helpers for the extraction tests (not shipped): browser-like documents from happy-dom,
// the hand-made pages in fixtures/, and plain Readability as the baseline to beat.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { Window } from 'happy-dom';
import { collectBlocks } from './blocks';

const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const openWindows: Window[] = [];

/** A live, browser-like document (happy-dom: shadow DOM, slots, CSS visibility) for `html`. */
export function browserPage(html: string, url = 'https://example.test/page'): Document {
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      handleDisabledFileLoadingAsSuccess: true,
    },
  });
  openWindows.push(window);
  window.document.write(html);
  return window.document as unknown as Document;
}

/** Closes the windows browserPage() opened. */
export async function closeBrowserPages(): Promise<void> {
  await Promise.all(openWindows.splice(0).map((window) => window.happyDOM.close()));
}

export interface Fixture {
  name: string;
  html: string;
  /** What a reader would call the page's content, written by hand. */
  expectedText: string;
}

export function readFixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.html$/, ''),
      html: readFileSync(path.join(FIXTURES_DIR, file), 'utf8'),
      expectedText: readFileSync(path.join(FIXTURES_DIR, file.replace(/\.html$/, '.expected.txt')), 'utf8'),
    }));
}

export function readFixture(name: string): Fixture {
  const fixture = readFixtures().find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  return fixture;
}

/** Plain Readability's article text (blocks joined like ours), or '' when it finds none. */
export function readabilityAloneText(doc: Document): string {
  try {
    const article = new Readability<Element>(doc, { serializer: (node) => node as Element }).parse();
    if (!article?.content) return '';
    return collectBlocks(article.content)
      .map((block) => block.text)
      .join('\n\n');
  } catch {
    return '';
  }
}
