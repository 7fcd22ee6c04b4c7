// Extraction as a browser runs it, driven from Node: src/extraction/extract.ts bundled into one script and
// run on a page in headless Chromium, with the browser's own parser, styles and layout: the same code on the
// same document, without the extension around it. Two ways (ExtractionBrowserOptions): as the extension reads,
// in a world of its own with the page's scripts on (`npm run extract -- --chromium`, `npm run eval:extract --
// --chromium`), or in the page's own context with its scripts off (the bench's Chromium rows).
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/extraction/corpus';
import type { ExtractedPage } from '../../src/extraction/extract';
import { findChromium } from './chromium';

/** What extractPage returned in the page, and its own time there (first run: no warm-up). */
export type PageExtraction = ExtractedPage & {
  ms: number;
  /**
   * Whether the page's body is shown at all (rendered, not invisible, not transparent). Saved pages whose own
   * stylesheets or scripts would show them (`html {opacity: 0}` until a stylesheet loads, a consent script's
   * `* {visibility: hidden}`) stay blank here, where those are answered with a 404.
   */
  shown: boolean;
};

export interface ExtractionBrowser {
  /** Loads `html` (served as UTF-8 from here, at an address of its own) and extracts it, explained if asked. */
  extract(html: string, options?: { explain?: boolean }): Promise<PageExtraction>;
  close(): Promise<void>;
}

/** Each load has an address of its own, so that nothing still pending from the one before can reach it. */
const pageUrl = (load: number) => `http://extraction.test/page-${load}.html`;

/** The extraction module as one script that sets `globalThis.NanoBananaExtraction`. */
async function extractionBundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(REPO_ROOT, 'src/extraction/extract.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'NanoBananaExtraction',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export interface ExtractionBrowserOptions {
  /**
   * Read pages as the extension does: their scripts on (a page that shows itself with script, or whose
   * `<noscript>` holds the rest of its markup, is read as people see it), extraction in a world of its own,
   * as a content script's, out of the scripts' reach, once the page has loaded or after LOAD_WAIT_MS (a
   * person may click before then) and SETTLE_MS of its timers have run. Otherwise scripts are off and
   * extraction runs in the page's own context once its DOM is parsed (the bench's figures).
   */
  asExtension?: boolean;
}

/** Longest a page may take to load and be read (the 5 MB bench pages take seconds), else it counts as failed and its tab is replaced. */
const PAGE_TIMEOUT_MS = 120_000;
/** How long a page's load is waited for before it is read as it stands. */
const LOAD_WAIT_MS = 10_000;
/**
 * Page time run on (timers fired, the clock moved) between the load and the reading, as a person reading the
 * page a few seconds after it loads: anti-flicker snippets of A/B-testing tools hide the page until their script
 * loads or a timeout of up to 4 s passes, which here, where their scripts get a 404, only the timeout ends.
 */
const SETTLE_MS = 5_000;
const SETTLE_STEP_MS = 100;
/** Loads of the page a page's scripts or meta refresh may ask for (an https upgrade, a canonical address) before they are refused. */
const MAX_RELOADS = 3;

/**
 * Headless Chromium with one tab that extracts pages. Nothing leaves the machine: every request is answered
 * here, the page itself and an empty 404 for its images, styles and scripts. A navigation the page starts
 * itself (a script moving to https or to its canonical address, a meta refresh) gets the same page again, up
 * to MAX_RELOADS times, then 204 No Content, which leaves the page as it is.
 */
export async function openExtractionBrowser({ asExtension = false }: ExtractionBrowserOptions = {}): Promise<ExtractionBrowser> {
  const bundle = await extractionBundle();
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ javaScriptEnabled: asExtension, viewport: { width: 1280, height: 900 } });
  let current = '';
  let loadsLeft = 0;
  // The page's clock is run on by hand (SETTLE_MS), not waited out.
  if (asExtension) await context.clock.install();
  let page = await context.newPage();
  await context.route('**/*', (route) => {
    const request = route.request();
    if (!request.isNavigationRequest()) return route.fulfill({ status: 404, body: '' });
    if (request.frame() !== page.mainFrame() || loadsLeft === 0) return route.fulfill({ status: 204, body: '' });
    loadsLeft--;
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: current });
  });
  // One script: the module, then the timed call (as the content script would, on the page as it is).
  const script = (explain: boolean) => `${bundle}
    ;(() => {
      const started = performance.now();
      const page = NanoBananaExtraction.extractPage(document, { explain: ${explain} });
      const ms = performance.now() - started;
      const shown = document.body?.checkVisibility({ opacityProperty: true, visibilityProperty: true }) ?? false;
      return { ...page, ms, shown };
    })()`;
  const readInOwnWorld = async (tab: Page, explain: boolean): Promise<PageExtraction> => {
    const cdp = await context.newCDPSession(tab);
    try {
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'extraction' });
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: script(explain), contextId: executionContextId, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value as PageExtraction;
    } finally {
      await cdp.detach();
    }
  };
  let loads = 0;
  /**
   * Loads `html` in `tab` and reads it. All of it in that tab: a load past its deadline goes on in the tab it
   * began in, which is closed by then, and cannot run the next page's clock or read it.
   */
  const load = async (tab: Page, html: string, { explain = false } = {}): Promise<PageExtraction> => {
    current = html;
    loadsLeft = 1 + (asExtension ? MAX_RELOADS : 0);
    if (!asExtension) {
      await tab.goto(pageUrl(++loads), { waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS });
      return (await tab.evaluate(script(explain))) as PageExtraction;
    }
    // A page that moves itself (see MAX_RELOADS) interrupts the first navigation: it is read where it ends up.
    await tab.goto(pageUrl(++loads), { waitUntil: 'commit', timeout: PAGE_TIMEOUT_MS });
    await tab.waitForLoadState('load', { timeout: LOAD_WAIT_MS }).catch(() => undefined);
    // Timers due by then fire once each (an interval too), as fastForward does: a timer storm cannot hold the
    // reading up. In steps: a page's timer that throws stops the step it is in, not the rest.
    for (let ran = 0; ran < SETTLE_MS; ran += SETTLE_STEP_MS) await tab.clock.fastForward(SETTLE_STEP_MS).catch(() => undefined);
    try {
      return await readInOwnWorld(tab, explain);
    } catch {
      // A navigation the page started while it was read: read it again once that one has loaded.
      await tab.waitForLoadState('load', { timeout: LOAD_WAIT_MS }).catch(() => undefined);
      return readInOwnWorld(tab, explain);
    }
  };
  return {
    async extract(html, options = {}) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not read within ${PAGE_TIMEOUT_MS / 1000} s`)), PAGE_TIMEOUT_MS);
      });
      try {
        return await Promise.race([load(page, html, options), deadline]);
      } catch (error) {
        // A page whose script never lets go keeps its tab busy: the next page gets a fresh one.
        await page.close().catch(() => undefined);
        page = await context.newPage();
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => browser.close(),
  };
}
