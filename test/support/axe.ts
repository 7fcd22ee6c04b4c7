// axe-core (Deque's accessibility engine, from npm), the judge of what a person with assistive technology
// meets, run inside pages the tests drive. Two ways in, one source:
// - axeViolations (Playwright, Chromium): any rules on any surface, extension pages included (evaluated through
//   DevTools, which their CSP does not govern), and the in-page cards, whose closed shadow roots axe cannot
//   enter, so a copy of the card (same markup, same style sheet) is checked in an open root beside it;
// - runAxe (either browser's driver): chosen rules over a web page and its same-origin frames, its source put
//   into each document as a <script> so it runs in the page's own world, its answer left in an attribute.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ElementHandle, Page } from 'playwright-core';
import type { Result, RunOptions } from 'axe-core';

let axeSource: string | undefined;

function source(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

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
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source());
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

/** axe's rules about images having a text alternative. */
export const IMAGE_RULES = ['image-alt', 'role-img-alt', 'svg-img-alt', 'area-alt', 'input-image-alt', 'object-alt'] as const;

export interface AxeViolation {
  rule: string;
  /** The offending elements, as axe's CSS selectors (prefixed with the frame's selector inside a frame). */
  targets: string[];
}

/** What both drivers' pages offer: Playwright's Page and the scenarios' DrivenPage. */
export interface AxePage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** Runs the given axe rules over the page and its same-origin frames; returns the violations. */
export async function runAxe(page: AxePage, rules: readonly string[]): Promise<AxeViolation[]> {
  return page.evaluate(
    async ({ axe, rules }) => {
      const RESULT = 'data-axe-violations';
      const frames = (doc: Document, prefix: string): Array<{ doc: Document; prefix: string }> => [
        { doc, prefix },
        ...[...doc.querySelectorAll('iframe, frame')].flatMap((frame, index) => {
          let inner: Document | null = null;
          try {
            inner = (frame as HTMLIFrameElement).contentDocument;
          } catch {
            inner = null;
          }
          return inner ? frames(inner, `${prefix}${frame.id ? `#${frame.id}` : `iframe:nth-of-type(${index + 1})`} > `) : [];
        }),
      ];
      const all = frames(document, '');
      for (const { doc } of all) {
        doc.documentElement.removeAttribute(RESULT);
        const script = doc.createElement('script');
        script.textContent = `${axe}
          axe.run(document, { runOnly: { type: 'rule', values: ${JSON.stringify(rules)} }, iframes: false, resultTypes: ['violations'] })
            .then((result) => result.violations.map((v) => ({ rule: v.id, targets: v.nodes.map((node) => node.target.join(' ')) })))
            .catch((error) => [{ rule: 'axe failed: ' + error, targets: [] }])
            .then((violations) => document.documentElement.setAttribute('${RESULT}', JSON.stringify(violations)));`;
        doc.head.append(script);
        script.remove();
      }
      const violations: Array<{ rule: string; targets: string[] }> = [];
      for (const { doc, prefix } of all) {
        for (let waited = 0; !doc.documentElement.hasAttribute(RESULT); waited += 50) {
          if (waited > 30_000) throw new Error('axe did not answer within 30 s');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const found = JSON.parse(doc.documentElement.getAttribute(RESULT)!) as typeof violations;
        doc.documentElement.removeAttribute(RESULT);
        violations.push(...found.map((v) => ({ rule: v.rule, targets: v.targets.map((target) => prefix + target) })));
      }
      return violations;
    },
    { axe: source(), rules },
  );
}
