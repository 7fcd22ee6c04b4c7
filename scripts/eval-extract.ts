// npm run eval:extract: our extraction on trafilatura's evaluation data (990 pages in many languages,
// hand-picked text segments that must / must not be extracted), scored the way trafilatura scores it
// (src/extraction/devset.ts), next to the figures trafilatura publishes for itself and for
// readability-lxml on the same data (docs/evaluation.rst, "Results (2026-08-04)").
//
// The pages are third-party web pages and are not committed here. Where they come from:
//   TRAFILATURA_TESTS=/path/to/trafilatura/tests   a folder holding evaldata.json, cache/ and eval/
//   TRAFILATURA_REPO=/path/to/trafilatura          a clone (or bare git dir): its tests/ are copied
//                                                  once, with `git archive`, into eval/.data/ (ignored)
//   otherwise eval/.data/trafilatura/tests from an earlier run.
//
// Options: --failures (print each page's missed "with" and found "without" segments),
//          --only SUBSTRING (pages whose file name contains it), --limit N,
//          --chromium (extract in headless Chromium as the extension does: the page's scripts on, the
//          browser's parser, styles and layout, instead of linkedom in Node; test/support/extraction-page.ts;
//          about half an hour).
// Exits 1 when precision or recall (of the text alone) falls below the floors in eval/floors.json,
// which hold the figures achieved so far, truncated: raise them as extraction improves, never lower them.
// The floors are Node's; --chromium reports its figures beside them.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../src/extraction/corpus';
import { addCounts, countItem, decodeHtml, devScores, NO_COUNTS, type Counts, type DevItem } from '../src/extraction/devset';
import { extractHtml } from '../src/extraction/node';

const DATA_DIR = path.join(REPO_ROOT, 'eval/.data/trafilatura');
const FLOORS_PATH = path.join(REPO_ROOT, 'eval/floors.json');

/** trafilatura's published results on this data (docs/evaluation.rst, 2026-08-04, 990 documents). */
const PUBLISHED = [
  { name: 'readability-lxml 0.8.4.1', precision: 0.898, recall: 0.764, accuracy: 0.839, f1: 0.826 },
  { name: 'trafilatura 2.2.0 (fast)', precision: 0.907, recall: 0.93, accuracy: 0.917, f1: 0.918 },
  { name: 'trafilatura 2.2.0 (precision)', precision: 0.925, recall: 0.915, accuracy: 0.921, f1: 0.92 },
  { name: 'trafilatura 2.2.0 (standard)', precision: 0.906, recall: 0.943, accuracy: 0.923, f1: 0.924 },
];

const args = process.argv.slice(2);
const showFailures = args.includes('--failures');
const inChromium = args.includes('--chromium');
const only = optionValue('--only');
const limit = Number(optionValue('--limit') ?? Infinity);

function optionValue(name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function testsDir(): string {
  const given = process.env['TRAFILATURA_TESTS'];
  if (given) return given;
  const target = path.join(DATA_DIR, 'tests');
  const repo = process.env['TRAFILATURA_REPO'];
  if (repo && !existsSync(path.join(target, 'evaldata.json'))) {
    const gitDir = existsSync(path.join(repo, '.git')) ? path.join(repo, '.git') : repo;
    mkdirSync(DATA_DIR, { recursive: true });
    console.error(`copying tests/ from ${gitDir} into ${DATA_DIR}…`);
    const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', 'HEAD', 'tests/evaldata.json', 'tests/cache', 'tests/eval'], {
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', DATA_DIR], { input: archive });
  }
  if (!existsSync(path.join(target, 'evaldata.json'))) {
    console.error(
      'No evaluation data. Set TRAFILATURA_REPO to a clone of https://github.com/adbar/trafilatura ' +
        '(or TRAFILATURA_TESTS to its tests/ folder).',
    );
    process.exit(2);
  }
  return target;
}

function resolvePage(dir: string, file: string): string | null {
  for (const sub of ['cache', 'eval']) {
    const candidate = path.join(dir, sub, file);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const dir = testsDir();
const evaldata = JSON.parse(readFileSync(path.join(dir, 'evaldata.json'), 'utf8')) as Record<string, DevItem>;
let total: Counts = NO_COUNTS;
/** Scored on what the summarizer gives the model: the page's title, then its text. */
let totalWithTitle: Counts = NO_COUNTS;
const times: { ms: number; file: string }[] = [];
// Chromium and its driver are loaded only when asked for.
const browser = inChromium ? await (await import('../test/support/extraction-page')).openExtractionBrowser({ asExtension: true }) : null;
/**
 * The page's title and text, the time it took (Node: parse included; Chromium: extraction alone), and whether
 * the browser showed the page at all (PageExtraction.shown; always in Node).
 */
const extract = async (html: string, url: string): Promise<{ title: string; text: string; ms: number; shown: boolean }> => {
  if (browser) return browser.extract(html);
  const start = performance.now();
  const page = extractHtml(html, url);
  return { title: page.title, text: page.text, ms: performance.now() - start, shown: true };
};
/**
 * With --chromium, the pages Chromium shows, scored in Chromium and in Node side by side (like for like: a page
 * left blank without its own stylesheets and scripts says nothing of the browser's reading), and those it leaves blank.
 */
let shownInChromium: Counts = NO_COUNTS;
let shownInNode: Counts = NO_COUNTS;
const blank: string[] = [];
let pages = 0;
let errors = 0;
for (const url of Object.keys(evaldata).sort()) {
  const item = evaldata[url]!;
  if (only && !item.file.includes(only)) continue;
  if (pages >= limit) break;
  const file = resolvePage(dir, item.file);
  if (!file) throw new Error(`${url}: no file ${item.file}`);
  const html = decodeHtml(readFileSync(file));
  let output: string | null = null;
  let withTitle: string | null = null;
  try {
    const page = await extract(html, url);
    output = page.text;
    withTitle = `${page.title}\n\n${page.text}`;
    times.push({ ms: page.ms, file: item.file });
    if (browser && page.shown) {
      shownInChromium = addCounts(shownInChromium, countItem(item, page.text));
      shownInNode = addCounts(shownInNode, countItem(item, extractHtml(html, url).text));
    } else if (browser) {
      blank.push(item.file);
    }
  } catch (error) {
    errors++;
    console.error(`${item.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const counts = countItem(item, output);
  total = addCounts(total, counts);
  totalWithTitle = addCounts(totalWithTitle, countItem(item, withTitle));
  pages++;
  if (browser && pages % 100 === 0) console.error(`${pages} pages…`);
  if (showFailures && (counts.fn > 0 || counts.fp > 0)) {
    const missed = item.with.filter((segment) => !countItem({ with: [segment], without: [] }, output).tp);
    const leaked = item.without.filter((segment) => countItem({ with: [], without: [segment] }, output).fp);
    console.log(`${item.file}  ${url}`);
    for (const segment of missed) console.log(`  missed: ${JSON.stringify(segment)}`);
    for (const segment of leaked) console.log(`  leaked: ${JSON.stringify(segment)}`);
  }
}

await browser?.close();
const ours = devScores(total);
const where = browser ? ' in Chromium' : '';
const fmt = (value: number) => value.toFixed(3);
const rows = [
  ...PUBLISHED,
  { name: `Nano Banana${where}: text`, ...ours },
  { name: `Nano Banana${where}: title + text (what the model reads)`, ...devScores(totalWithTitle) },
];
console.log(`\n${pages} documents, ${total.tp + total.fn} text & ${total.fp + total.tn} boilerplate segments${errors ? `, ${errors} errors` : ''}`);
console.log('| Extractor | Precision | Recall | Accuracy | F-Score |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.name} | ${fmt(row.precision)} | ${fmt(row.recall)} | ${fmt(row.accuracy)} | ${fmt(row.f1)} |`);
const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
const worst = times.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, file: '' });
console.log(
  `\nper page (${browser ? 'Chromium, extraction alone' : 'Node, linkedom parse included'}): median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, ` +
    `worst ${worst.ms.toFixed(0)} ms (${worst.file})`,
);
console.log(`counts: tp ${total.tp}, fn ${total.fn}, fp ${total.fp}, tn ${total.tn}`);
if (browser) {
  const scores = (counts: Counts) => {
    const { precision, recall, f1 } = devScores(counts);
    return `P ${fmt(precision)} R ${fmt(recall)} F ${fmt(f1)} (tp ${counts.tp}, fn ${counts.fn}, fp ${counts.fp})`;
  };
  console.log(`\n${blank.length} pages Chromium leaves blank without their own stylesheets and scripts: ${blank.join(', ')}`);
  console.log(`on the other ${pages - errors - blank.length}: Chromium ${scores(shownInChromium)}; Node ${scores(shownInNode)}`);
}

if (!browser && !only && limit === Infinity && existsSync(FLOORS_PATH)) {
  const floors = JSON.parse(readFileSync(FLOORS_PATH, 'utf8')) as { precision: number; recall: number };
  const below = (['precision', 'recall'] as const).filter((key) => ours[key] < floors[key]);
  if (below.length > 0) {
    console.error(`below the floors in eval/floors.json: ${below.map((key) => `${key} ${fmt(ours[key])} < ${floors[key]}`).join(', ')}`);
    process.exitCode = 1;
  }
}
