// `npm run extract -- FILE...` on real pages committed in the repo: one JSON line per file.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PAGES_DIR } from '../../test/support/pages';
import { REPO_ROOT } from './corpus';

describe('npm run extract', () => {
  it('prints one JSON object per file with title, byline, lang and text', () => {
    const pages = ['ars-1', 'wikipedia'].map((name) => join(SAMPLE_PAGES_DIR, name, 'source.html'));
    const output = execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/extract.ts'), ...pages], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const lines = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line['file'])).toEqual(pages);
    for (const line of lines) {
      for (const field of ['title', 'byline', 'lang', 'text']) expect(line).toHaveProperty(field);
      expect(String(line['text']).split(/\s+/).length).toBeGreaterThan(300);
    }
    expect(lines[1]!['title']).toMatch(/Mozilla/);
  }, 60_000);
});

describe('npm run extract -- --explain', () => {
  it('prints every block, kept or dropped, with the rule and its scores', () => {
    const fixture = join(REPO_ROOT, 'src/extraction/fixtures/news-article.html');
    const output = execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/extract.ts'), '--explain', fixture], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(output).toMatch(/^chosen: Readability's article \(\d+ words/m);
    expect(output).toMatch(/^KEEP .*kept: in Readability's article \| The council approved the plan/m);
    expect(output).toMatch(/^DROP .*furniture by name <div\.share-bar> \| Share on Facebook/m);
    expect(output).toMatch(/^DROP .*landmark <footer\.site-footer> \| © The Evening Ledger/m);
  }, 60_000);
});
