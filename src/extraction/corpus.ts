// The shared corpus of real pages (Mozilla Readability's test pages), for tests and benchmarks.
// Node only. Location: `../shared/corpus/readability-pages` next to the repo, or $NANO_BANANA_CORPUS.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_ENV = 'NANO_BANANA_CORPUS';

/** The repository root (this file is src/extraction/corpus.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ExpectedMetadata {
  title?: string | null;
  byline?: string | null;
  dir?: string | null;
  lang?: string | null;
  excerpt?: string | null;
  siteName?: string | null;
  readerable?: boolean;
}

export interface CorpusPage {
  name: string;
  sourcePath: string;
  expectedPath: string;
  metadataPath: string;
}

export function corpusDir(repoRoot: string = REPO_ROOT): string {
  return process.env[CORPUS_ENV] || path.resolve(repoRoot, '../shared/corpus/readability-pages');
}

/** Page directories holding a source.html, sorted by name. Empty if the corpus is absent. */
export function listCorpusPages(dir: string = corpusDir()): CorpusPage[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      sourcePath: path.join(dir, name, 'source.html'),
      expectedPath: path.join(dir, name, 'expected.html'),
      metadataPath: path.join(dir, name, 'expected-metadata.json'),
    }))
    .filter((page) => existsSync(page.sourcePath));
}

export function readSource(page: CorpusPage): string {
  return readFileSync(page.sourcePath, 'utf8');
}

export function readExpectedHtml(page: CorpusPage): string {
  return existsSync(page.expectedPath) ? readFileSync(page.expectedPath, 'utf8') : '';
}

export function readExpectedMetadata(page: CorpusPage): ExpectedMetadata {
  return existsSync(page.metadataPath) ? (JSON.parse(readFileSync(page.metadataPath, 'utf8')) as ExpectedMetadata) : {};
}
