// Test hooks exist only in test builds: a production build (`npm run build`, no NANO_BANANA_TEST_BUILD)
// carries none, while the test build the other suites load does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../support/extension';
import { builtScripts, scriptsWithTestHooks } from '../support/test-build';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

describe('test hooks', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'nano-banana-production-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('are in the test build the end-to-end suites load', () => {
    expect(scriptsWithTestHooks(EXTENSION_DIR).length).toBeGreaterThan(0);
  });

  it.each(['chrome', 'firefox'])('are nowhere in a production build for %s', (browser) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NANO_BANANA_OUT_DIR: outDir };
    delete env['NANO_BANANA_TEST_BUILD'];
    const args = browser === 'firefox' ? ['build', '-b', 'firefox', '--mv3'] : ['build'];
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/wxt/bin/wxt.mjs'), ...args], { cwd: REPO_ROOT, env, stdio: 'pipe' });
    const built = join(outDir, `${browser}-mv3`);
    expect(builtScripts(built).length).toBeGreaterThan(3);
    expect(scriptsWithTestHooks(built)).toEqual([]);
  }, 300_000);
});
