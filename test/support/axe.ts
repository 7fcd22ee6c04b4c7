// Accessibility checks with axe-core, run inside a page under test (Playwright). One function for every
// surface: extension pages, web pages, and the in-page cards (whose closed shadow roots axe cannot enter,
// so a copy of the card, same markup and same style sheet, is checked in an open root beside it).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { ElementHandle, Page } from 'playwright-core';
import type { Result, RunOptions } from 'axe-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeCheck {
  /** axe-core's run options: which rules or tags to run, rule settings (e.g. `{ runOnly: ['image-alt'] }`). */
  options?: RunOptions;
  /** Only this part of the page (a CSS selector); default the whole document. */
  include?: string;
  /** A closed shadow root (from test/support/in-page-ui.ts `shadowRootsOf`) to check instead of the page. */
  shadowRoot?: ElementHandle<Node>;
}

/** Runs axe-core in `page` and returns its violations (an empty list when it finds none). */
export async function axeViolations(page: Page, { options, include, shadowRoot }: AxeCheck = {}): Promise<Result[]> {
  // Evaluated through DevTools, which the extension pages' CSP (script-src 'self') does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  let context = include;
  if (shadowRoot) {
    await shadowRoot.evaluate((root) => {
      const closed = root as ShadowRoot;
      const host = document.createElement('div');
      host.id = 'axe-shadow-copy';
      const open = host.attachShadow({ mode: 'open' });
      open.adoptedStyleSheets = closed.adoptedStyleSheets;
      open.innerHTML = closed.innerHTML;
      // Where the card is, so colours are checked against what is behind it.
      (closed.host.parentNode ?? document.documentElement).append(host);
    });
    context = '#axe-shadow-copy';
  }
  try {
    return await page.evaluate(
      async ({ context, options }) => {
        const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Result[] }> } }).axe;
        const { violations } = await axe.run(context ? { include: [[context]] } : document, options ?? {});
        return violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })) }) as unknown as Result);
      },
      { context, options },
    );
  } finally {
    if (shadowRoot) await page.evaluate(() => document.getElementById('axe-shadow-copy')?.remove());
  }
}

/** A readable list of violations for an assertion message. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) => `${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `  ${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
}
