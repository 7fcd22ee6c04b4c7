// axe-core (Deque's accessibility engine, from npm) run inside a page the tests drive, in Chromium or Firefox:
// the judge of what a screen reader meets. Its source is put into the page (and into each same-origin frame)
// as a <script>, so it runs in the page's own world whichever driver sends it, and leaves its answer in an
// attribute that any world can read.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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

let axeSource: string | undefined;

function source(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
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
