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
