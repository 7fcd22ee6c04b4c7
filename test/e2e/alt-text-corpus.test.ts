// axe-core's image rules on real pages, before and after "Generate alt text": Mozilla Readability's test pages
// from the shared corpus, served on loopback with their scripts, stylesheets and frames taken out and every
// image address pointed at a local one-colour image (so the fixture captioner can describe it). Slow (every
// image goes through the real extension), so it runs only when asked: NANO_BANANA_AXE_CORPUS=all, a number
// of pages, or page names separated by commas. Prints each page's violations before and after; the README keeps the numbers.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR } from '../fixtures/models/build-lib';
import { CAPTION_PALETTE } from '../fixtures/models/color-captioner';
import { IMAGE_RULES, runAxe, type AxeViolation } from '../support/axe';
import { solidPng } from '../support/colours';
import { configureModels, launchExtension, tabIdOf, type LoadedExtension } from '../support/extension';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';
import { hasSharedCorpus, SHARED_CORPUS_DIR, sharedCorpusSuite } from '../support/pages';

const ASKED = process.env.NANO_BANANA_AXE_CORPUS;
const title = sharedCorpusSuite('axe image rules on the corpus');
if (hasSharedCorpus && !ASKED) console.warn(`${title}: skipped: slow; set NANO_BANANA_AXE_CORPUS=all (or a number of pages) to run it`);

const IMAGE_COUNT = 8;

/** The page made self-contained: no scripts, stylesheets, frames or remote addresses; images served locally. */
function localPage(html: string): string {
  const { document } = parseHTML(html);
  for (const element of document.querySelectorAll('script, link, iframe, frame, base, meta[http-equiv]')) element.remove();
  let next = 0;
  const local = () => `/img/${next++ % IMAGE_COUNT}.png`;
  for (const element of document.querySelectorAll('img, source, input, object, embed')) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      if (name === 'src' || name === 'data' || name.startsWith('data-src') || name === 'data-original' || name === 'data-lazy-src') element.setAttribute(attribute.name, local());
      else if (name === 'srcset' || name === 'data-srcset') element.setAttribute(attribute.name, `${local()} 1x`);
    }
  }
  for (const element of document.querySelectorAll('[style*="url("]')) {
    element.setAttribute('style', element.getAttribute('style')!.replace(/url\([^)]*\)/g, () => `url(${local()})`));
  }
  return `<!doctype html>${document.documentElement.outerHTML}`;
}

const count = (violations: AxeViolation[]) => violations.reduce((sum, violation) => sum + violation.targets.length, 0);

describe.skipIf(!hasSharedCorpus || !ASKED)(title, () => {
  let extension: LoadedExtension;
  let host: ModelHost;
  let site: PageServer;

  beforeAll(async () => {
    await buildFixtureModels();
    host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
    site = await startPageServer();
    for (let i = 0; i < IMAGE_COUNT; i++) {
      const colour = CAPTION_PALETTE[i % CAPTION_PALETTE.length]!.name;
      site.route(`/img/${i}.png`, { body: await solidPng(colour, 160), type: 'image/png' });
    }
    extension = await launchExtension();
    await configureModels(extension, { modelHost: host.url, imageModel: COLOR_CAPTIONER_ID });
  }, 120_000);

  afterAll(async () => {
    await extension?.close();
    await Promise.all([host?.close(), site?.close()]);
  });

  it('leaves no image violation on any page', { timeout: 3 * 60 * 60_000 }, async () => {
    const all = readdirSync(SHARED_CORPUS_DIR)
      .filter((name) => existsSync(path.join(SHARED_CORPUS_DIR, name, 'source.html')))
      .sort();
    const named = ASKED!.split(',').filter((name) => all.includes(name));
    const pages = ASKED === 'all' ? all : named.length ? named : all.slice(0, Number(ASKED) || 10);
    const rows: Array<{ page: string; before: number; after: number; left: string[] }> = [];
    for (const name of pages) {
      site.route(`/${name}.html`, { body: localPage(readFileSync(path.join(SHARED_CORPUS_DIR, name, 'source.html'), 'utf8')) });
      const page = await extension.context.newPage();
      await page.goto(`${site.url}/${name}.html`);
      const before = await runAxe(page, IMAGE_RULES);
      const probe = await extension.openPage('options.html');
      const tabId = await tabIdOf(probe, `${site.url}/${name}.html`);
      await probe.close();
      const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
      await page.bringToFront();
      await generate(panel);
      const after = await runAxe(page, IMAGE_RULES);
      const row = { page: name, before: count(before), after: count(after), left: after.flatMap((v) => v.targets.map((t) => `${v.rule} ${t}`)) };
      rows.push(row);
      // As it goes: a long run cut short still tells what it found.
      process.stderr.write(`axe corpus: ${row.page} ${row.before} → ${row.after}${row.left.length ? `  (${row.left.join('; ')})` : ''}\n`);
      await panel.close();
      await page.close();
    }
    const withBefore = rows.filter((row) => row.before > 0);
    console.log(
      [
        `axe image violations on ${rows.length} corpus pages, before → after "Generate alt text"`,
        ...rows.map((row) => `  ${row.page.padEnd(48)} ${String(row.before).padStart(4)} → ${row.after}${row.left.length ? `  (${row.left.join('; ')})` : ''}`),
        `  total: ${rows.reduce((s, r) => s + r.before, 0)} → ${rows.reduce((s, r) => s + r.after, 0)}; pages with violations: ${withBefore.length} → ${rows.filter((r) => r.after > 0).length}`,
      ].join('\n'),
    );
    expect(rows.filter((row) => row.after > 0)).toEqual([]);
  });
});

async function generate(panel: Page): Promise<void> {
  await panel.getByRole('tab', { name: 'Alt text' }).click();
  const button = panel.getByRole('button', { name: 'Generate alt text' });
  await button.click();
  const status = panel.getByRole('status').filter({ hasText: /described|needed a description|already has alt text/ });
  await expect.poll(async () => (await status.innerText().catch(() => '')).trim(), { timeout: 10 * 60_000 }).toMatch(/\.$/);
  await expect.poll(() => button.isEnabled(), { timeout: 10 * 60_000 }).toBe(true);
}
