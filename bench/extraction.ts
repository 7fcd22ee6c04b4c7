/**
 * Extraction timings (`npm run bench -- --extraction-only`, or as part of `npm run bench`).
 *
 * - Node: each corpus page parsed with linkedom, then extracted; the two are timed apart, since in the
 *   browser the page is already parsed and only the extraction runs. linkedom's DOM is much slower
 *   than a browser's (text and HTML serialization walk the tree in JavaScript), so the Node figure
 *   is an upper bound for the same work in a content script.
 * - Chromium: what the content script does, extractPage on the live, laid-out document (computed
 *   style on), for each corpus page and for a 5 MB page of heavy markup, in headless Chromium with
 *   page scripts off and every request answered locally (nothing leaves the machine). The module runs
 *   in the page's own context there, where chrome.dom is missing (closed shadow roots unseen).
 * - The 5 MB page once more in the content script itself (the test build of the extension, whose
 *   content script times its own reading: src/test-hooks.ts), where every element that may host a
 *   closed shadow root is asked about one (src/extraction/shadow.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCorpusPages, readSource } from '../src/extraction/corpus';
import { extractPage } from '../src/extraction/extract';
import { parseHtmlDocument } from '../src/extraction/node';
import { openExtractionBrowser } from '../test/support/extraction-page';
import { launchBenchBrowser } from './lib/browser';
import { median } from './lib/measure';

export interface Timings {
  pages: number;
  median: number;
  max: number;
  maxPage: string;
}

export interface NodeExtractionFigures {
  /** linkedom parse alone. */
  parse: Timings;
  /** extractPage on the parsed document. */
  extract: Timings;
  /** Both: what `extractHtml` costs. */
  total: Timings;
  summaryPage: { name: string; html: string };
  longPage: { name: string; html: string; words: number };
}

export interface ChromiumExtractionFigures {
  corpus: Timings;
  /** The 5 MB page: its size and extraction time. */
  huge: { bytes: number; ms: number; words: number };
  /** The 5 MB page read by the extension's content script, each fresh load's time, and their median. */
  hugeContentScript?: ContentScriptReading;
  /** The 5 MB page of content (hugeThreadPage), in the page's context and in the content script. */
  hugeThread: { bytes: number; ms: number; words: number };
  hugeThreadContentScript?: ContentScriptReading;
  /** The 5 MB article (hugeArticlePage), in the page's context and in the content script. */
  hugeArticle: { bytes: number; ms: number; words: number };
  hugeArticleContentScript?: ContentScriptReading;
}

/** A page read by the content script: the median of fresh loads, each load's time, and the walk's cost by world. */
export interface ContentScriptReading {
  ms: number;
  runs: number[];
  words: number;
  /**
   * One plain walk over the page's nodes (firstChild/nextSibling, nothing else) on a fresh load, median of the
   * loads, in the content script's isolated world and in the page's own: what any reading there pays per node,
   * at least.
   */
  walk: { nodes: number; isolatedMs: number; pageMs: number };
}

/** About 5 MB of HTML: an article buried in heavy markup (the same page as the e2e test "reads a 5 MB page"). */
export function hugePage(): string {
  const filler = `<div class="widget"><span class="a">menu</span><span class="b">item</span></div>`.repeat(70_000);
  return `<!doctype html><html lang="en"><head><title>Huge page</title></head><body><nav>${filler}</nav><article><h1>Huge page</h1><p>Under all this markup sits one paragraph about banana farming in Ecuador and its exports.</p><p>A second paragraph describes harvest workers and the packing stations near the farms.</p></article></body></html>`;
}

/**
 * About 5 MB of content: a thread of 42,000 posts in a table, each an author link and a sentence. Unlike
 * hugePage, whose bulk is navigation (left out before copying), every element here is read.
 */
export function hugeThreadPage(): string {
  const post = (n: number) => `<tr><td><a href="/u/${n}">user${n}</a></td><td>Post number ${n} says something about bananas and farming and trade.</td></tr>`;
  return `<!doctype html><html lang="en"><head><title>Huge thread</title></head><body><table>${Array.from({ length: 42_000 }, (_, n) => post(n)).join('')}</table></body></html>`;
}

/**
 * About 5 MB of one article: 31,000 paragraphs, each with a link, 62,000 elements. Over Readability's element
 * limit (extract.ts, readabilityMaxElements) like the other two, but one article rather than a menu or a thread.
 */
export function hugeArticlePage(): string {
  const paragraph = (n: number) => `<p>Paragraph ${n} tells how banana farms in Ecuador pack and ship their fruit, with <a href="/x/${n}">a link</a> to more about trade and the workers who harvest it.</p>`;
  return `<!doctype html><html lang="en"><head><title>Huge article</title></head><body><article><h1>Bananas</h1>${Array.from({ length: 31_000 }, (_, n) => paragraph(n)).join('')}</article></body></html>`;
}

function timings(rows: { name: string; ms: number }[]): Timings {
  const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  return { pages: rows.length, median: median(rows.map((row) => row.ms)), max: worst.ms, maxPage: worst.name };
}

/**
 * Every corpus page in Node, after one warm-up pass (the JIT), with the page whose article is closest to
 * `summaryChars` characters and the one closest to `longWords` words (the pages later rows run on).
 */
export function benchExtractionNode(summaryChars: number, longWords: number): NodeExtractionFigures | undefined {
  const pages = listCorpusPages();
  if (pages.length === 0) return undefined;
  const sources = pages.map((page) => ({ name: page.name, html: readSource(page) }));
  for (const { html } of sources) extractPage(parseHtmlDocument(html, 'https://example.com/'), { computedStyle: false });
  const rows = sources.map(({ name, html }) => {
    const started = performance.now();
    const doc = parseHtmlDocument(html, 'https://example.com/');
    const parsed = performance.now();
    const { text } = extractPage(doc, { computedStyle: false });
    const done = performance.now();
    return { name, html, chars: text.length, words: text.split(/\s+/).filter(Boolean).length, parse: parsed - started, extract: done - parsed };
  });
  const summary = closest(rows, (row) => row.chars, summaryChars);
  const long = closest(rows, (row) => row.words, longWords);
  return {
    parse: timings(rows.map((row) => ({ name: row.name, ms: row.parse }))),
    extract: timings(rows.map((row) => ({ name: row.name, ms: row.extract }))),
    total: timings(rows.map((row) => ({ name: row.name, ms: row.parse + row.extract }))),
    summaryPage: { name: summary.name, html: summary.html },
    longPage: { name: long.name, html: long.html, words: long.words },
  };
}

/** The corpus page whose article is closest to `summaryChars` characters (the full run's "Summarize page" page), untimed. */
export function corpusSummaryPage(summaryChars: number): { name: string; html: string } | undefined {
  const pages = listCorpusPages().map((page) => ({ name: page.name, html: readSource(page) }));
  if (pages.length === 0) return undefined;
  const rows = pages.map((page) => ({ ...page, chars: extractPage(parseHtmlDocument(page.html, 'https://example.com/'), { computedStyle: false }).text.length }));
  const { name, html } = closest(rows, (row) => row.chars, summaryChars);
  return { name, html };
}

function closest<T>(rows: T[], measure: (row: T) => number, target: number): T {
  return rows.reduce((a, b) => (Math.abs(measure(b) - target) < Math.abs(measure(a) - target) ? b : a));
}

/**
 * The corpus pages (the first `maxPages`) and the 5 MB page in headless Chromium: extractPage on the live
 * document, first run; with `extensionDir` (a test build), the 5 MB page in its content script too.
 */
export async function benchExtractionChromium(maxPages = Infinity, extensionDir?: string): Promise<ChromiumExtractionFigures> {
  const pages = listCorpusPages()
    .slice(0, maxPages)
    .map((page) => ({ name: page.name, html: readSource(page) }));
  const huge = hugePage();
  const thread = hugeThreadPage();
  const article = hugeArticlePage();
  const browser = await openExtractionBrowser();
  try {
    const rows: { name: string; ms: number }[] = [];
    const hugeRun = await browser.extract(huge);
    const threadRun = await browser.extract(thread);
    const articleRun = await browser.extract(article);
    for (const { name, html } of pages) rows.push({ name, ms: (await browser.extract(html)).ms });
    return {
      corpus: rows.length > 0 ? timings(rows) : { pages: 0, median: 0, max: 0, maxPage: '' },
      huge: { bytes: Buffer.byteLength(huge), ms: hugeRun.ms, words: hugeRun.wordCount },
      hugeThread: { bytes: Buffer.byteLength(thread), ms: threadRun.ms, words: threadRun.wordCount },
      hugeArticle: { bytes: Buffer.byteLength(article), ms: articleRun.ms, words: articleRun.wordCount },
      ...(extensionDir
        ? {
            hugeContentScript: await benchHugePageInContentScript(extensionDir, huge),
            hugeThreadContentScript: await benchHugePageInContentScript(extensionDir, thread),
            hugeArticleContentScript: await benchHugePageInContentScript(extensionDir, article),
          }
        : {}),
    };
  } finally {
    await browser.close();
  }
}

/** Fresh loads of the 5 MB page each read once by the content script, as readPage reads it. */
const CONTENT_SCRIPT_RUNS = 3;

/** Every node of the page visited once, nothing read but the links between them: as source, run in either world. */
const WALK_SOURCE = `() => {
  const started = performance.now();
  let nodes = 0;
  const pending = [document.documentElement];
  while (pending.length > 0) {
    for (let node = pending.pop().firstChild; node; node = node.nextSibling) {
      nodes++;
      if (node.nodeType === 1) pending.push(node);
    }
  }
  return { ms: performance.now() - started, nodes };
}`;

/**
 * `html` read by the content script of the extension built (test build) in `extensionDir`: each run a
 * fresh load in a new tab, then the content script's own timing of a fresh reading with its page watch (the test hook timeReading), so
 * that neither messaging nor the page load counts.
 */
export async function benchHugePageInContentScript(extensionDir: string, html = hugePage()): Promise<ContentScriptReading> {
  const profile = mkdtempSync(join(tmpdir(), 'nano-banana-bench-extraction-'));
  const browser = await launchBenchBrowser(extensionDir, profile);
  try {
    const url = 'http://bench.test/page.html';
    await browser.context.route('**/*', (route) =>
      route.request().url() === url ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.fulfill({ status: 404, body: '' }),
    );
    const runs: number[] = [];
    const isolatedWalks: number[] = [];
    const pageWalks: number[] = [];
    let words = 0;
    let nodes = 0;
    for (let run = 0; run < CONTENT_SCRIPT_RUNS; run++) {
      // A tab of its own each time, the last one closed: the garbage of an earlier reading is not collected during this one.
      const page = await browser.context.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      // As source: functions handed over from here would carry tsx's helpers. The content script starts at
      // document_idle: ask until its hooks are there (executeScript runs in the content script's isolated world).
      const result = (await browser.worker.evaluate(`(async () => {
        const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(url)} });
        if (tab?.id === undefined) throw new Error('No tab shows the page');
        for (let tries = 0; tries < 600; tries++) {
          const [injected] = await chrome.scripting.executeScript({
            target: { tabId: tab.id },
            func: () => globalThis.nanoBananaTestHooks?.timeReading?.() ?? null,
          });
          if (injected?.result) return injected.result;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error('The content script never exposed timeReading: is this a test build (NANO_BANANA_TEST_BUILD=1)?');
      })()`)) as { ms: number; words: number };
      runs.push(result.ms);
      words = result.words;
      await page.close();
    }
    // The walks on loads of their own: a node's first touch from a world makes its wrapper there, the cost
    // measured here, which a walk after the reading would find already paid.
    for (let run = 0; run < CONTENT_SCRIPT_RUNS; run++) {
      const page = await browser.context.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      const isolated = (await browser.worker.evaluate(`(async () => {
        const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(url)} });
        const [walked] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: ${WALK_SOURCE} });
        return walked.result;
      })()`)) as { ms: number; nodes: number };
      const inPage = (await page.evaluate(`(${WALK_SOURCE})()`)) as { ms: number; nodes: number };
      isolatedWalks.push(isolated.ms);
      pageWalks.push(inPage.ms);
      nodes = inPage.nodes;
      await page.close();
    }
    return { ms: median(runs), runs, words, walk: { nodes, isolatedMs: median(isolatedWalks), pageMs: median(pageWalks) } };
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
const line = (t: Timings) => `median ${fmt(t.median)}, worst ${fmt(t.max)} (${t.maxPage})`;

type ContentScriptFigures = NonNullable<ChromiumExtractionFigures['hugeContentScript']>;

/** A content-script timing: its median, then each load's ("1752 ms (1752 ms, 1786 ms, 1735 ms; 30 words)"). */
const contentScriptTimes = (figures: ContentScriptFigures, note?: string) =>
  `${fmt(figures.ms)} (${figures.runs.map(fmt).join(', ')}${note ? `; ${note}` : ''})`;

/**
 * Markdown rows for the bench's "where the rest of the time goes" table; `baseline`: the two 5 MB pages in
 * another test build's content script (--baseline=), named by its folder.
 */
export function extractionRows(
  node: NodeExtractionFigures | undefined,
  browser: ChromiumExtractionFigures | undefined,
  baseline?: { name: string; figures: ContentScriptFigures; thread: ContentScriptFigures; article: ContentScriptFigures },
): string[] {
  const rows: string[] = [];
  if (node) {
    rows.push(`| Extraction per page, Node (${node.total.pages} corpus pages): linkedom parse + extractPage | ${line(node.total)} |`);
    rows.push(`| … linkedom parse alone | ${line(node.parse)} |`);
    rows.push(`| … extractPage alone, on the parsed page | ${line(node.extract)} |`);
  }
  if (browser) {
    if (browser.corpus.pages > 0) {
      rows.push(`| Extraction per page, Chromium, extractPage in the page's context (live DOM, computed style; ${browser.corpus.pages} corpus pages) | ${line(browser.corpus)} |`);
    }
    const mb = (browser.huge.bytes / 1e6).toFixed(1);
    rows.push(`| … a ${mb} MB page of heavy markup (its bulk a menu), Chromium, extractPage in the page's context (no chrome.dom) | ${fmt(browser.huge.ms)} (${browser.huge.words} words extracted) |`);
    const cs = browser.hugeContentScript;
    if (cs) {
      rows.push(
        `| … the same ${mb} MB page read by the extension's content script (test build; reading and page watch; closed shadow roots asked of chrome.dom), median of ${cs.runs.length} loads | ${contentScriptTimes(cs, `${cs.words} words`)} |`,
      );
    }
    const threadMb = (browser.hugeThread.bytes / 1e6).toFixed(1);
    rows.push(`| … a ${threadMb} MB page of content (a thread of 42,000 posts), Chromium, extractPage in the page's context | ${fmt(browser.hugeThread.ms)} (${browser.hugeThread.words} words extracted) |`);
    const threadCs = browser.hugeThreadContentScript;
    if (threadCs) {
      rows.push(`| … the same ${threadMb} MB thread read by the extension's content script, median of ${threadCs.runs.length} loads | ${contentScriptTimes(threadCs, `${threadCs.words} words`)} |`);
      const { nodes, isolatedMs, pageMs } = threadCs.walk;
      rows.push(
        `| … one plain walk over that thread's ${nodes.toLocaleString('en')} nodes on a fresh load (firstChild/nextSibling only): in the content script's world, and in the page's own | ${fmt(isolatedMs)}, and ${fmt(pageMs)} |`,
      );
    }
    const articleMb = (browser.hugeArticle.bytes / 1e6).toFixed(1);
    rows.push(`| … a ${articleMb} MB article (31,000 paragraphs, 62,000 elements: over Readability's limit), Chromium, extractPage in the page's context | ${fmt(browser.hugeArticle.ms)} (${browser.hugeArticle.words} words extracted) |`);
    const articleCs = browser.hugeArticleContentScript;
    if (articleCs) rows.push(`| … the same ${articleMb} MB article read by the extension's content script, median of ${articleCs.runs.length} loads | ${contentScriptTimes(articleCs, `${articleCs.words} words`)} |`);
  }
  if (baseline) {
    rows.push(`| … the 5 MB page of heavy markup, content script of the baseline ${baseline.name} | ${contentScriptTimes(baseline.figures)} |`);
    rows.push(`| … the 5 MB thread, content script of the baseline ${baseline.name} | ${contentScriptTimes(baseline.thread)} |`);
    rows.push(`| … the 5 MB article, content script of the baseline ${baseline.name} | ${contentScriptTimes(baseline.article)} |`);
  }
  return rows;
}
