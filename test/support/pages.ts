// Real pages for tests (Node only): a few committed in the repo, and the optional full shared corpus.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Six Readability test pages committed in the repo (see its README): always there. */
export const SAMPLE_PAGES_DIR = path.join(REPO_ROOT, 'test/fixtures/readability-pages');

/** The full shared corpus: `../shared/corpus/readability-pages` beside the repo, or $NANO_BANANA_CORPUS. */
export const SHARED_CORPUS_DIR =
  process.env.NANO_BANANA_CORPUS || path.resolve(REPO_ROOT, '../shared/corpus/readability-pages');

export const hasSharedCorpus = existsSync(SHARED_CORPUS_DIR);

/**
 * The title of a suite over the full corpus. Without the corpus it says why the suite is skipped,
 * and prints the same line, so an absent corpus never passes unnoticed.
 */
export function sharedCorpusSuite(title: string): string {
  if (hasSharedCorpus) return `${title} (${SHARED_CORPUS_DIR})`;
  const why = `skipped: the shared corpus is not at ${SHARED_CORPUS_DIR} (set NANO_BANANA_CORPUS to run it)`;
  console.warn(`${title}: ${why}`);
  return `${title}: ${why}`;
}
