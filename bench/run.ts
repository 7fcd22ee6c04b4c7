/**
 * npm run bench: the extension's engine (headless Chromium, offscreen document, WASM; and headless
 * Firefox ESR, background page, WASM) against native onnxruntime-node on this machine, on twins of the default models (bench/build-models.ts), and where
 * the rest of the time goes (extraction, the summary's path to its first token, alt text).
 *
 *   npm run bench                   # the figures, threads on and off; writes bench/results/
 *   npm run bench -- --levers       # also each engine lever on and off (bench/README.md, "Performance")
 *   npm run bench -- --quick        # one run of each, fewer tokens: checks that everything works
 *   npm run bench -- --server       # only the model-server backend's overhead, on a small page and a corpus page (no models;
 *                                   # ~4 min a round, --rounds=N; --baseline=<chrome-mv3 folder> measures another build in turn)
 *   npm run bench -- --ocr-only     # only the text reader on its test set (a minute or two)
 *   npm run bench -- --extraction-only  # only extraction: Node (parse and extract apart) and Chromium (page and content script)
 *   npm run bench -- --extraction-only --huge-page  # only the three 5 MB pages in Chromium, page context and content script (~4 min;
 *                                   # --baseline=<chrome-mv3 folder>: another test build's content script on each, after this one's)
 *   npm run bench -- --alt-text     # only alt text: captioner and pages of 1 and 20 photos, threads on/off (~10 min)
 *   npm run bench -- --memory       # only the text model's memory: peak, after unloading, after the host closed (~8 min)
 *   npm run bench -- --webgpu       # only WebGPU on SwiftShader (CPU emulation) against WASM: same tokens? (bench/webgpu.ts)
 *
 * Results: bench/results/latest.json and bench/results/<timestamp>.json, and a Markdown table on stdout.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { corpusDir } from '../src/extraction/corpus';
import type { WasmLoadOptions } from '../src/engine/wasm-models';
import { CAPTION_BATCH } from '../src/engine/caption-batch';
import { findChromium } from '../test/support/chromium';
import { createWorker, OEM } from 'tesseract.js';
import { LATIN_LANGUAGES } from '../src/engine/ocr-files';
import {
  closeNodeLatinReader,
  evaluateOcr,
  nodeLatinDataDir,
  nodeOcrModels,
  OCR_FIXTURES,
  ocrSamples,
  scoreOcr,
  summarize as summarizeOcr,
  type OcrSample,
  type OcrScore,
} from '../test/support/ocr-eval';
import { findFirefox } from '../test/support/firefox';
import { startModelHost } from '../test/support/model-host';
import { BENCH_DIR, buildBenchModels, type BuiltModels } from './build-models';
import { benchExtractionChromium, benchExtractionNode, benchHugePageInContentScript, corpusSummaryPage, extractionRows, hugeArticlePage, hugeThreadPage } from './extraction';
import {
  benchCaptionsInExtension,
  type CaptionTiming,
  benchFirstWord,
  benchSummarizeOverhead,
  benchTextInExtension,
  configure,
  launchBenchBrowser,
  patchStored,
  playwrightEngine,
  prepare,
  type ExtensionTextResult,
  type FirstWordVariant,
} from './extension';
import { benchAltTextPage, type PageRun } from './alt-text';
import { benchFirefox, type FirefoxBenchResult } from './firefox';
import type { BenchBrowser } from './lib/browser';
import { benchModelMemory, type MemoryRun } from './memory';
import { median, summarizeRuns, type RunSummary } from './lib/measure';
import { benchServerOverhead, serverRows } from './server';
import { benchWebGpu, webgpuFigures, webgpuRows, type WebGpuFigures } from './webgpu';
import type { NativeJob, NativeResult } from './native';

const REPO = resolve(BENCH_DIR, '..');
/** Where the bench builds the extension (another folder lets two narrow runs, --alt-text and --memory, go side by side). */
const OUT_DIR = process.env['NANO_BANANA_BENCH_OUT'] ?? '.output-bench';
const EXTENSION_DIR = join(REPO, OUT_DIR, 'chrome-mv3');
const FIREFOX_EXTENSION_DIR = join(REPO, OUT_DIR, 'firefox-mv3');
const RESULTS_DIR = join(BENCH_DIR, 'results');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const LEVERS = args.has('--levers');
const SERVER_ONLY = args.has('--server');
const OCR_ONLY = args.has('--ocr-only');
const EXTRACTION_ONLY = args.has('--extraction-only');
const HUGE_PAGE_ONLY = args.has('--huge-page');
const ALT_TEXT_ONLY = args.has('--alt-text');
const MEMORY_ONLY = args.has('--memory');
const WEBGPU_ONLY = args.has('--webgpu');
/** ABAB rounds of `--alt-text`, `--memory` and `--server` (`--rounds=1` on a machine too busy for two). */
const ROUNDS = Number([...args].find((arg) => arg.startsWith('--rounds='))?.slice('--rounds='.length) ?? 2) || 2;

/** Prompt of the 1,000-token page, tokens decoded after the first, timed runs per configuration. */
const PAGE_TOKENS = 1000;
const DECODE_TOKENS = QUICK ? 8 : 32;
const RUNS = QUICK ? 1 : 3;
const CAPTION_TOKENS = 12; // a typical distilvit caption ("a man riding a wave on top of a surfboard")
const IMAGES = QUICK ? 2 : 5;
const SUMMARY_RUNS = QUICK ? 1 : 3;
/** `--server --baseline=<folder>`: another build's chrome-mv3 folder (say, main's), measured in turn with this one. */
const BASELINE = [...args].find((arg) => arg.startsWith('--baseline='))?.slice('--baseline='.length);
/** "Summarize page" runs on the corpus page whose article is closest to this many characters. */
const SUMMARY_PAGE_CHARS = 2500;
/** Timed answers and images on WebGPU (SwiftShader emulates the GPU on the CPU: slow), and on WASM beside it. */
const WEBGPU_RUNS = 1;
/** Tokens after the first on WebGPU (SwiftShader took ~7 s a token for the 4-layer twin). */
const WEBGPU_DECODE_TOKENS = 8;
/** `--webgpu-minutes=N`: most minutes for the WebGPU side before it counts as failed. */
const WEBGPU_LIMIT_MINUTES = Number([...args].find((arg) => arg.startsWith('--webgpu-minutes='))?.slice('--webgpu-minutes='.length) ?? 30) || 30;
/** About how long `--webgpu` takes here (the full run says so instead of running it). */
const WEBGPU_ABOUT_MINUTES = 15;
const WEBGPU_IMAGES = QUICK ? 1 : 2;
/** `--server`'s measured runs per browser (each browser's first run is a warm-up). */
const SERVER_RUNS = 5;
/** The article "first model word" is timed on: a corpus page of about this many words. */
const LONG_ARTICLE_WORDS = 1500;
/** Each lever that shortens the wait for the first word, taken away one after the other. */
const FIRST_WORD_VARIANTS: FirstWordVariant[] = [
  { name: 'as it ships: key passages on the CPU, prompt cache, warmed when the panel opens', settings: { summaryReading: 'key-passages' }, tuning: {} },
  { name: 'reading the whole page', settings: { summaryReading: 'whole-page' }, tuning: {} },
  { name: 'reading the whole page, no prompt cache', settings: { summaryReading: 'whole-page' }, tuning: { promptCache: false } },
];
/** Threads "on": what the engine picks by itself on this machine (up to 4); "off": one. */
const THREADS_ON = Math.max(1, Math.min(4, cpus().length));
/** `--alt-text --threads-on-only`: the engine's own thread count alone, for a shorter run. */
const ALT_TEXT_THREAD_COUNTS = args.has('--threads-on-only') ? [THREADS_ON] : [THREADS_ON, 1];

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

// --- native -----------------------------------------------------------------------------------

async function native(job: NativeJob): Promise<NativeResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'native.ts'), JSON.stringify(job)], {
    cwd: REPO,
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`bench/native.ts printed no result:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as NativeResult;
}

// --- text in images ---------------------------------------------------------------------------

interface OcrFigures {
  images: number;
  cer: number | null;
  wordAccuracy: number | null;
  medianMs: number | null;
  medianCpuMs: number | null;
}

/**
 * The OCR test set (test/fixtures/ocr) through the text reader, on onnxruntime-web in Node with one
 * thread (the runtime the extension uses; Firefox's is single-threaded too): accuracy and time per image,
 * as shipped (PP-OCRv4, Latin lines read again by Tesseract.js), PP-OCRv4 alone, and Tesseract.js alone on
 * every whole image (what the second pass on line crops is there to save).
 */
async function benchOcr() {
  const withText = ocrSamples().filter((sample) => sample.text !== '');
  const shipped = await evaluateOcr(withText);
  await closeNodeLatinReader();
  const alone = await evaluateOcr(withText, await nodeOcrModels({ latin: false }));
  const tesseract = await wholeImageTesseract(withText.filter((sample) => sample.script === 'latin'));
  const pick = (scores: OcrScore[]): OcrFigures => {
    const s = summarizeOcr(scores);
    return { images: s.images, cer: round(s.cer, 4), wordAccuracy: round(s.wordAccuracy, 3), medianMs: round(s.medianMs, 0), medianCpuMs: round(s.medianCpuMs, 0) };
  };
  const sets = (scores: OcrScore[]) => ({
    all: pick(scores),
    plainLatin: pick(scores.filter((s) => s.sample.script === 'latin' && !s.sample.language && !s.sample.corpus)),
    accented: pick(scores.filter((s) => s.sample.language && !s.sample.corpus)),
    corpus: pick(scores.filter((s) => s.sample.corpus)),
    cjk: pick(scores.filter((s) => s.sample.script === 'cjk')),
  });
  return {
    ...sets(shipped).all,
    ...sets(shipped),
    worstMs: round(Math.max(...shipped.map((s) => s.ms)), 0),
    ppOcrAlone: sets(alone),
    tesseractAlone: sets(tesseract),
  };
}

/** Tesseract.js with the shipped Latin data on each whole image (automatic page layout). */
async function wholeImageTesseract(samples: OcrSample[]): Promise<OcrScore[]> {
  const worker = await createWorker([...LATIN_LANGUAGES], OEM.LSTM_ONLY, { langPath: nodeLatinDataDir(), cacheMethod: 'none' });
  const scores: OcrScore[] = [];
  for (const sample of samples) {
    const file = readFileSync(join(OCR_FIXTURES, 'images', sample.file));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { data } = await worker.recognize(file);
    const used = process.cpuUsage(cpu);
    scores.push(scoreOcr(sample, { text: data.text.trim() }, performance.now() - started, (used.user + used.system) / 1000));
  }
  await worker.terminate();
  return scores;
}

function ocrRows(ocr: Awaited<ReturnType<typeof benchOcr>>): string[] {
  const row = (label: string, s: OcrFigures) =>
    `| ${label} | ${s.images} | ${((s.cer ?? NaN) * 100).toFixed(2)} % | ${((s.wordAccuracy ?? NaN) * 100).toFixed(1)} % | ${s.medianMs} ms | ${s.medianCpuMs} ms |`;
  return [
    '| Text in images (onnxruntime-web and Tesseract.js in Node, 1 thread each) | images | character error rate | word accuracy | median per image | median CPU time per image |',
    '|---|---:|---:|---:|---:|---:|',
    row('shipped (PP-OCRv4; Latin images read again by Tesseract.js), all', ocr.all),
    row('shipped, Latin: English and numbers', ocr.plainLatin),
    row('shipped, Latin with diacritics (French, German, Spanish, Portuguese)', ocr.accented),
    row('shipped, screenshots of corpus pages', ocr.corpus),
    row('shipped, Chinese', ocr.cjk),
    row('PP-OCRv4 alone, all', ocr.ppOcrAlone.all),
    row('PP-OCRv4 alone, Latin with diacritics', ocr.ppOcrAlone.accented),
    row('PP-OCRv4 alone, screenshots of corpus pages', ocr.ppOcrAlone.corpus),
    row('Tesseract.js alone on every whole image, Latin', ocr.tesseractAlone.all),
    row('Tesseract.js alone, Latin with diacritics', ocr.tesseractAlone.accented),
    row('Tesseract.js alone, screenshots of corpus pages', ocr.tesseractAlone.corpus),
  ];
}

// --- the extension ----------------------------------------------------------------------------

interface WasmConfigResult {
  text: ExtensionTextResult;
  captions?: { loadMs: number; captionMs: number[] };
  summary?: Awaited<ReturnType<typeof benchSummarizeOverhead>>;
  firstWord?: Awaited<ReturnType<typeof benchFirstWord>>;
}

async function runExtension(
  profile: string,
  settings: { modelHost: string; models: BuiltModels },
  wasmThreads: number,
  wasmGraph: Partial<WasmLoadOptions> | false,
  what: { captions: boolean; summary?: string; firstWord?: string; runs: number; decodeTokens: number; firstImage?: number },
): Promise<WasmConfigResult> {
  const browser = await launchBenchBrowser(EXTENSION_DIR, profile);
  try {
    await configure(browser, {
      modelHost: settings.modelHost,
      textModel: settings.models.textModel.id,
      imageModel: settings.models.captioner.id,
      wasmThreads,
      wasmGraph,
    });
    const page = await browser.openPage('options.html');
    const { prompts } = settings.models;
    const text = await benchTextInExtension(browser, page, {
      prompts: Array.from({ length: what.runs }, () => prompts.page),
      warmup: prompts.warmup,
      maxNewTokens: what.decodeTokens + 1,
    });
    const summary = what.summary ? await benchSummarizeOverhead(browser, page, what.summary, SUMMARY_RUNS) : undefined;
    const firstWord = what.firstWord ? await benchFirstWord(browser, page, what.firstWord, SUMMARY_RUNS, FIRST_WORD_VARIANTS) : undefined;
    const captions = what.captions
      ? await benchCaptionsInExtension(playwrightEngine(page), { images: IMAGES, maxNewTokens: CAPTION_TOKENS, firstImage: what.firstImage ?? 0 })
      : undefined;
    return { text, ...(captions ? { captions } : {}), ...(summary ? { summary } : {}), ...(firstWord ? { firstWord } : {}) };
  } finally {
    await browser.close();
  }
}

function wasmFigures(result: WasmConfigResult) {
  const summary = summarizeRuns(result.text.runs, PAGE_TOKENS);
  const engine = summarizeRuns(
    result.text.runs.map((r) => ({ firstTokenMs: r.engineFirstTokenMs, totalMs: r.engineTotalMs, tokens: r.tokens })),
    PAGE_TOKENS,
  );
  return {
    threads: result.text.status.threads,
    crossOriginIsolated: result.text.status.crossOriginIsolated,
    modelLoadMs: round(result.text.loadMs, 0),
    ...figures(summary),
    measuredInEngine: figures(engine),
    memory: memoryFigures(result.text),
    altTextMsPerImage: result.captions ? round(median(result.captions.captionMs), 0) : null,
    captionerLoadMs: result.captions ? round(result.captions.loadMs, 0) : null,
    runs: result.text.runs,
  };
}

function firefoxFigures(result: FirefoxBenchResult) {
  return {
    threads: result.status.threads,
    crossOriginIsolated: result.status.crossOriginIsolated,
    firstDownloadMs: round(result.downloadMs, 0),
    modelLoadMs: round(result.loadMs, 0),
    ...figures(summarizeRuns(result.runs, PAGE_TOKENS)),
    altTextMsPerImage: round(median(result.captions.captionMs), 0),
    captionerLoadMs: round(result.captions.loadMs, 0),
    runs: result.runs,
  };
}

function nativeFigures(text: NativeResult, captions?: NativeResult) {
  return {
    modelLoadMs: round(text.loadMs, 0),
    ...figures(summarizeRuns(text.runs, PAGE_TOKENS)),
    memory: memoryFigures(text),
    altTextMsPerImage: captions ? round(median(captions.captionMs), 0) : null,
    captionerLoadMs: captions ? round(captions.loadMs, 0) : null,
    runs: text.runs,
  };
}

function figures(s: RunSummary) {
  return {
    timeToFirstTokenMs: round(s.timeToFirstTokenMs, 0),
    prefillTokensPerSecond: round(s.prefillTokensPerSecond),
    decodeTokensPerSecond: round(s.decodeTokensPerSecond, 2),
  };
}

function memoryFigures(m: { baselineRssMB: number; peakRssMB: number; loadedRssMB: number; endRssMB: number }) {
  return {
    peakMB: round(m.peakRssMB, 0),
    baselineMB: round(m.baselineRssMB, 0),
    /** What the model added to the process at its peak. */
    modelPeakMB: round(m.peakRssMB - m.baselineRssMB, 0),
    afterLoadMB: round(m.loadedRssMB, 0),
    afterRunsMB: round(m.endRssMB, 0),
  };
}

// --- report -----------------------------------------------------------------------------------

type Figures = ReturnType<typeof wasmFigures> | ReturnType<typeof nativeFigures>;

function ratio(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && b !== 0 ? round(a / b, 2) : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results file is free-form JSON
function markdown(result: Record<string, any>): string {
  const rows: string[] = [];
  const on = result.threads.on as { wasm: Figures; native: Figures };
  const off = result.threads.off as { wasm: Figures; native: Figures } | undefined;
  const fmt = (v: number | null, unit = '') => (v === null ? '–' : `${v.toLocaleString('en-US')}${unit}`);
  rows.push(`| ${result.settings.threadsOn} threads | extension (WASM) | native (onnxruntime-node) | extension ÷ native |`);
  rows.push('|---|---:|---:|---:|');
  const line = (label: string, w: number | null, n: number | null, unit = '') => rows.push(`| ${label} | ${fmt(w, unit)} | ${fmt(n, unit)} | ${fmt(ratio(w, n))} |`);
  line('Model load (from the cache / disk)', on.wasm.modelLoadMs, on.native.modelLoadMs, ' ms');
  line(`Prefill, tokens/s (${PAGE_TOKENS}-token page)`, on.wasm.prefillTokensPerSecond, on.native.prefillTokensPerSecond);
  line(`Decode, tokens/s (${DECODE_TOKENS} tokens)`, on.wasm.decodeTokensPerSecond, on.native.decodeTokensPerSecond);
  line(`Time to first token, ${PAGE_TOKENS}-token page`, on.wasm.timeToFirstTokenMs, on.native.timeToFirstTokenMs, ' ms');
  line('Peak memory of the process', on.wasm.memory.peakMB, on.native.memory.peakMB, ' MB');
  line('… of which the model (peak − before loading)', on.wasm.memory.modelPeakMB, on.native.memory.modelPeakMB, ' MB');
  line(`Alt text per image (${CAPTION_TOKENS}-token caption)`, on.wasm.altTextMsPerImage, on.native.altTextMsPerImage, ' ms');
  if (off) {
    line('1 thread: prefill, tokens/s', off.wasm.prefillTokensPerSecond, off.native.prefillTokensPerSecond);
    line('1 thread: decode, tokens/s', off.wasm.decodeTokensPerSecond, off.native.decodeTokensPerSecond);
    line('1 thread: time to first token', off.wasm.timeToFirstTokenMs, off.native.timeToFirstTokenMs, ' ms');
    line('1 thread: alt text per image', off.wasm.altTextMsPerImage, off.native.altTextMsPerImage, ' ms');
  }
  const firefox = result.firefox as ReturnType<typeof firefoxFigures> | undefined;
  if (firefox) {
    rows.push('', `| Firefox ESR (background page, ${firefox.threads} thread) | Firefox | Chromium (${result.settings.threadsOn} threads) | native (${result.settings.threadsOn} threads) | Firefox ÷ native |`);
    rows.push('|---|---:|---:|---:|---:|');
    const row = (label: string, f: number | null, w: number | null, n: number | null, unit = '') =>
      rows.push(`| ${label} | ${fmt(f, unit)} | ${fmt(w, unit)} | ${fmt(n, unit)} | ${fmt(ratio(f, n))} |`);
    row('Model load (from the cache / disk)', firefox.modelLoadMs, on.wasm.modelLoadMs, on.native.modelLoadMs, ' ms');
    row(`Prefill, tokens/s (${PAGE_TOKENS}-token page)`, firefox.prefillTokensPerSecond, on.wasm.prefillTokensPerSecond, on.native.prefillTokensPerSecond);
    row(`Decode, tokens/s (${DECODE_TOKENS} tokens)`, firefox.decodeTokensPerSecond, on.wasm.decodeTokensPerSecond, on.native.decodeTokensPerSecond);
    row(`Time to first token, ${PAGE_TOKENS}-token page`, firefox.timeToFirstTokenMs, on.wasm.timeToFirstTokenMs, on.native.timeToFirstTokenMs, ' ms');
    row(`Alt text per image (${CAPTION_TOKENS}-token caption)`, firefox.altTextMsPerImage, on.wasm.altTextMsPerImage, on.native.altTextMsPerImage, ' ms');
  }
  rows.push('', `WebGPU: not timed in this run (SwiftShader, the only adapter here, emulates it on the CPU and takes ${WEBGPU_ABOUT_MINUTES} minutes or more): \`npm run bench -- --webgpu\`. webgpuMatchesWasm: ${result.webgpuMatchesWasm ?? 'null'} (${result.webgpuMatchesWasmFrom ?? 'no --webgpu run yet'}).`);
  const extra: string[] = [];
  extra.push(...extractionRows(result.extraction?.node, result.extraction?.chromium));
  if (result.summarizeToFirstTokenMs) {
    const s = result.summarizeToFirstTokenMs;
    extra.push(`| "Summarize page" → first token, model loaded (${s.page}) | ${fmt(s.total, ' ms')} in all, ${fmt(s.notModel, ' ms')} not model compute (${fmt(s.beforeRequest, ' ms')} before the request reaches the engine) |`);
  }
  if (result.serverOverhead) extra.push(...serverRows(result.serverOverhead));
  if (extra.length) rows.push('', '| Where the rest of the time goes | |', '|---|---|', ...extra);
  if (result.firstWordLongArticle) {
    const f = result.firstWordLongArticle as { page: string; words: number; variants: Array<{ name: string; clickToFirstTokenMs: number | null; modelFirstTokenMs: number | null; promptChars: number | null }> };
    rows.push('', `| Summarize page → first model token, ${fmt(f.words)}-word article (${f.page}), model loaded | click → first token | model's own | prompt chars |`, '|---|---:|---:|---:|');
    for (const v of f.variants) rows.push(`| ${v.name} | ${fmt(v.clickToFirstTokenMs, ' ms')} | ${fmt(v.modelFirstTokenMs, ' ms')} | ${fmt(v.promptChars)} |`);
  }
  if (result.ocr) rows.push('', ...ocrRows(result.ocr));
  const t = result.targets;
  rows.push('', '| Target | measured | met? |', '|---|---:|:---:|');
  rows.push(`| First model word, ${LONG_ARTICLE_WORDS.toLocaleString('en-US')}-word article ≤ 3 s | ${fmt(t.firstWord.ms, ' ms')} | ${t.firstWord.met ? 'yes' : 'no'} |`);
  rows.push(`| Decode ≥ 0.8 × native | ${fmt(t.decode.ratio)} × | ${t.decode.met ? 'yes' : 'no'} |`);
  rows.push(`| First token (${PAGE_TOKENS}-token page) ≤ 1.5 × native | ${fmt(t.firstToken.ratio)} × | ${t.firstToken.met ? 'yes' : 'no'} |`);
  rows.push(`| Peak memory ≤ 1.3 × model file (${t.memory.fileMB} MB), model's share | ${fmt(t.memory.ratio)} × | ${t.memory.met ? 'yes' : 'no'} |`);
  if (result.levers) {
    rows.push('', `| Lever (${result.settings.threadsOn} threads unless noted, 1 run each) | load ms | first token ms | prefill tok/s | decode tok/s | model's peak MB |`, '|---|---:|---:|---:|---:|---:|');
    for (const lever of result.levers as Array<{ name: string; figures: ReturnType<typeof wasmFigures> }>) {
      const f = lever.figures;
      rows.push(`| ${lever.name} | ${fmt(f.modelLoadMs)} | ${fmt(f.timeToFirstTokenMs)} | ${fmt(f.prefillTokensPerSecond)} | ${fmt(f.decodeTokensPerSecond)} | ${fmt(f.memory.modelPeakMB)} |`);
    }
  }
  return rows.join('\n');
}

// --- main -------------------------------------------------------------------------------------

/** A page of about 2,500 characters for "Summarize page" when the corpus is not there. */
const FALLBACK_PAGE = `<!doctype html><html lang="en"><head><title>Bench page</title></head><body><article><h1>Bench page</h1>${Array.from(
  { length: 12 },
  (_, i) => `<p>Paragraph ${i + 1} tells how the plantations along the river changed the trade, the diets and the towns around them over many years.</p>`,
).join('')}</article></body></html>`;

/** `--server`: the model-server rows alone; they need no model and no native run. */
async function serverOnly() {
  log(`Building the extension into ${OUT_DIR}/…`);
  execFileSync(join(REPO, 'node_modules/.bin/wxt'), ['build'], { cwd: REPO, env: { ...process.env, NANO_BANANA_OUT_DIR: OUT_DIR, NANO_BANANA_TEST_BUILD: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  // The small page, and the real page the full run summarizes (reading it is most of the time before the request).
  const corpusPage = corpusSummaryPage(SUMMARY_PAGE_CHARS);
  const pages = [{ name: 'bench page', html: FALLBACK_PAGE }, ...(corpusPage ? [corpusPage] : [])];
  const builds = [{ name: 'this build', dir: EXTENSION_DIR }, ...(BASELINE ? [{ name: `baseline ${BASELINE}`, dir: resolve(BASELINE) }] : [])];
  log(`Model server: "Summarize page" on ${pages.map((page) => page.name).join(' and ')} against the fake server, both APIs, ${builds.length > 1 ? 'two builds in turn, ' : ''}${ROUNDS} rounds…`);
  const loadBefore = loadavg();
  const results = await benchServerOverhead(builds, pages, SERVER_RUNS, ROUNDS);
  const stamp = new Date().toISOString();
  const machine = { loadAverageBefore: loadBefore.map((l) => round(l, 2)), loadAverageAfter: loadavg().map((l) => round(l, 2)) };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `server-${stamp.replace(/[:.]/g, '-')}.json`), JSON.stringify({ date: stamp, machine, serverOverhead: results }, null, 2) + '\n');
  console.log(['| Model server | |', '|---|---|', ...serverRows(results)].join('\n'));
  log(`Load average before ${machine.loadAverageBefore.join(' ')}, after ${machine.loadAverageAfter.join(' ')}`);
}

function buildChromium() {
  execFileSync(join(REPO, 'node_modules/.bin/wxt'), ['build'], { cwd: REPO, env: { ...process.env, NANO_BANANA_OUT_DIR: OUT_DIR, NANO_BANANA_TEST_BUILD: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
}

const captionJob = (models: BuiltModels, threads: number): NativeJob => ({
  task: 'caption',
  modelsRoot: models.root,
  modelId: models.captioner.id,
  dtype: 'q8',
  threads,
  maxNewTokens: CAPTION_TOKENS,
  images: IMAGES,
});

/**
 * The WebGPU part (bench/webgpu.ts) in a profile of its own, kept between runs: the 4-layer text twin and the fp32 captioner
 * twin on SwiftShader's WebGPU and on WASM, the same prompt as the WASM rows, greedy.
 */
async function runWebGpu(models: BuiltModels, modelHost: string): Promise<WebGpuFigures> {
  // Kept between runs: the twins' download, and what Chromium keeps of SwiftShader's compiled programs.
  // A new build of the twins (new random weights) starts a fresh profile.
  const profile = join(BENCH_DIR, '.tmp', 'webgpu-profile');
  const built = readFileSync(join(models.root, 'stamp.json'), 'utf8');
  const marker = join(profile, 'bench-models-stamp.json');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== built) rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  writeFileSync(marker, built);
  const raw = await benchWebGpu(
    EXTENSION_DIR,
    profile,
    {
      modelHost,
      textModel: models.textModelShort.id,
      captioner: models.captionerFp32.id,
      prompt: models.prompts.page,
      warmup: models.prompts.warmup,
      runs: WEBGPU_RUNS,
      maxNewTokens: WEBGPU_DECODE_TOKENS + 1,
      images: WEBGPU_IMAGES,
      captionTokens: CAPTION_TOKENS,
      firstImage: 300,
      webgpuLimitMinutes: WEBGPU_LIMIT_MINUTES,
    },
    log,
  );
  const figures = webgpuFigures(raw, PAGE_TOKENS);
  if ('unavailable' in figures) log(`WebGPU is not available, so webgpuMatchesWasm is null: ${figures.unavailable}`);
  else if ('failed' in figures)
    log(
      `WebGPU was cut short (${figures.failed}) after ${figures.textRunsCompared} answer(s)` +
        (figures.sameTextSoFar === false ? ' that differ from WASM: webgpuMatchesWasm is false.' : `${figures.sameTextSoFar ? ' the same as WASM' : ''}; the rest not compared, so webgpuMatchesWasm is null.`),
    );
  else log(`WebGPU ${figures.matchesWasm ? 'gave' : 'did NOT give'} the same tokens as WASM.`);
  return figures;
}

/** The newest `--webgpu` result in bench/results/, for the full run's `webgpuMatchesWasm`. */
function latestWebGpu(): { webgpuMatchesWasm: boolean | null; webgpuMatchesWasmFrom?: string } {
  const file = readdirSync(RESULTS_DIR).filter((name) => /^webgpu-.*\.json$/.test(name)).sort().at(-1);
  if (!file) return { webgpuMatchesWasm: null };
  const { webgpuMatchesWasm, webgpu } = JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8')) as {
    webgpuMatchesWasm: boolean | null;
    webgpu?: { failed?: string; sameTextSoFar?: boolean | null };
  };
  // A run cut short says false only for answers seen to differ (files written before that rule said false for any cut).
  const cutShort = webgpu?.failed !== undefined && webgpu.sameTextSoFar !== false;
  return { webgpuMatchesWasm: cutShort ? null : webgpuMatchesWasm, webgpuMatchesWasmFrom: `bench/results/${file}` };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results file is free-form JSON
function webgpuAbout(result: Record<string, any>) {
  const { textModelShort, captionerFp32 } = result.models ?? {};
  return {
    textTwin: `text twin with ${textModelShort?.layers ?? '?'} of 32 layers, q4 (${textModelShort?.onnxMB ?? '?'} MB)`,
    captioner: `captioner twin fp32 (${captionerFp32?.onnxMB ?? '?'} MB)`,
    promptTokens: result.settings?.pageTokens ?? PAGE_TOKENS,
    decodeTokens: result.settings?.decodeTokens ?? WEBGPU_DECODE_TOKENS,
    captionTokens: result.settings?.captionTokens ?? CAPTION_TOKENS,
  };
}

const webgpuModels = (models: BuiltModels) => ({
  textModelShort: { id: models.textModelShort.id, twinOf: 'HuggingFaceTB/SmolLM2-360M-Instruct onnx/model_q4.onnx, 4 of 32 layers', layers: models.textModelShort.layers, onnxMB: round(models.textModelShort.onnxBytes / 1e6, 1) },
  captionerFp32: { id: models.captionerFp32.id, twinOf: 'Mozilla/distilvit (fp32)', onnxMB: round(models.captionerFp32.onnxBytes / 1e6, 1) },
});

/** `--webgpu`: the WebGPU part alone; writes bench/results/webgpu-<timestamp>.json. */
async function webgpuOnly() {
  const { loadBefore, models, host, profile } = await benchSetup();
  rmSync(profile, { recursive: true, force: true });
  let webgpu: WebGpuFigures;
  try {
    log('WebGPU on SwiftShader (CPU emulation) against WASM…');
    webgpu = await runWebGpu(models, host.url);
  } finally {
    await host.close();
  }
  const stamp = new Date().toISOString();
  const report = {
    date: stamp,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, loadAverageBefore: loadBefore.map((l) => round(l, 2)), loadAverageAfter: loadavg().map((l) => round(l, 2)) },
    models: webgpuModels(models),
    settings: { pageTokens: PAGE_TOKENS, decodeTokens: WEBGPU_DECODE_TOKENS, runs: WEBGPU_RUNS, captionTokens: CAPTION_TOKENS, images: WEBGPU_IMAGES },
    webgpuMatchesWasm: webgpu.matchesWasm,
    webgpu,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `webgpu-${stamp.replace(/[:.]/g, '-')}.json`), JSON.stringify(report, null, 2) + '\n');
  console.log(webgpuRows(webgpu, webgpuAbout(report)).join('\n'));
  log(`Load average before ${report.machine.loadAverageBefore.join(' ')}, after ${report.machine.loadAverageAfter.join(' ')}`);
}

/** Where `--alt-text` and `--memory` start: the twins built and served, the extension built, a fresh profile. */
async function benchSetup() {
  const loadBefore = loadavg();
  const models = buildBenchModels(log);
  log(`Building the extension into ${OUT_DIR}/…`);
  buildChromium();
  const host = await startModelHost({ root: models.root });
  const profile = mkdtempSync(join(tmpdir(), 'nano-banana-bench-'));
  return { loadBefore, models, host, profile };
}

/**
 * `--alt-text`: alt text alone, threads on and off, each configuration launched twice in turn (ABAB: the
 * machine's load drifts): the captioner over the engine's port (what native is compared with), and the side
 * panel's "Generate alt text" on pages of 1 and of 20 photos (what a person waits for).
 */
async function altTextOnly() {
  const { loadBefore, models, host, profile } = await benchSetup();
  const configureFor = (browser: BenchBrowser, wasmThreads: number) =>
    configure(browser, { modelHost: host.url, textModel: models.textModel.id, imageModel: models.captioner.id, wasmThreads, wasmGraph: {} });
  type AltTextRun = { threads: number; batch: number; captionMs: number[]; timing: CaptionTiming[]; togetherMs: number[]; togetherTiming: CaptionTiming[]; page20: PageRun; status: unknown };
  const runs: AltTextRun[] = [];
  const nativeRuns: Record<number, NativeResult[]> = {};
  // Each thread count with the captioner's batch at 1 (one image at a time) and at the engine's default.
  const variants = ALT_TEXT_THREAD_COUNTS.flatMap((threads) => [1, CAPTION_BATCH].map((batch) => ({ threads, batch })));
  /** Median of each stage, per image (a batch's stages divided by its size). */
  const stages = (timing: CaptionTiming[]) => {
    const per = (pick: (t: CaptionTiming) => number | undefined) => round(median(timing.map(pick).filter((v): v is number => v !== undefined)), 1);
    return {
      decodeMs: per((t) => t.decodeMs),
      hashMs: per((t) => t.hashMs),
      prepareMs: per((t) => t.prepareMs),
      waitMs: per((t) => t.waitMs),
      preprocessMs: per((t) => (t.preprocessMs ?? NaN) / (t.batch ?? 1)),
      encoderMs: per((t) => (t.encoderMs ?? NaN) / (t.batch ?? 1)),
      decoderMs: per((t) => (t.decoderMs ?? NaN) / (t.batch ?? 1)),
      engineTotalMs: per((t) => t.totalMs),
    };
  };
  try {
    {
      const browser = await launchBenchBrowser(EXTENSION_DIR, profile);
      await configureFor(browser, 0);
      const page = await browser.openPage('options.html');
      log(`Captioner downloaded in ${round(await prepare(playwrightEngine(page), 'image-to-text'), 0)} ms`);
      await browser.close();
    }
    let seed = 1000;
    for (let pass = 0; pass < ROUNDS; pass++) {
      for (const { threads, batch } of variants) {
        log(`Round ${pass + 1}, ${threads} thread(s), batches of ${batch}: captioner, then a page of 20 photos…`);
        const browser = await launchBenchBrowser(EXTENSION_DIR, profile);
        try {
          await configureFor(browser, threads);
          // The twin never stops on its own: captions the product asks for end where a typical real one does.
          await patchStored(browser, 'engineTuning', { captionTokens: CAPTION_TOKENS, captionBatch: batch });
          const page = await browser.openPage('options.html');
          const engine = playwrightEngine(page);
          const alone = await benchCaptionsInExtension(engine, { images: IMAGES, maxNewTokens: CAPTION_TOKENS, firstImage: (seed += 50) });
          const together = await benchCaptionsInExtension(engine, { images: 2 * CAPTION_BATCH, maxNewTokens: CAPTION_TOKENS, firstImage: (seed += 50), together: CAPTION_BATCH });
          await benchAltTextPage(browser, page, 1, (seed += 50)); // warms up the text reader
          const page20 = await benchAltTextPage(browser, page, 20, (seed += 50));
          runs.push({ threads, batch, captionMs: alone.captionMs, timing: alone.timing, togetherMs: together.captionMs, togetherTiming: together.timing, page20, status: await engine.send('engineStatus') });
          log(`  captioner ${round(median(alone.captionMs), 0)} ms per image; ${CAPTION_BATCH} sent at once ${round(median(together.captionMs), 0)}; page of 20: ${round(page20.perImageMs, 0)} ms per photo`);
          log(`  in the engine, alone: ${JSON.stringify(stages(alone.timing))}; ${CAPTION_BATCH} at once: ${JSON.stringify(stages(together.timing))}`);
        } finally {
          await browser.close();
        }
        if (batch !== 1) continue;
        log(`Native captioner, ${threads} thread(s)…`);
        (nativeRuns[threads] ??= []).push(await native(captionJob(models, threads)));
        log(`  native captioner ${round(median(nativeRuns[threads]!.at(-1)!.captionMs), 0)} ms per image`);
      }
    }
  } finally {
    await host.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const byVariant = variants.map(({ threads, batch }) => {
    const mine = runs.filter((run) => run.threads === threads && run.batch === batch);
    return {
      threads,
      batch,
      captionMsPerImage: round(median(mine.flatMap((run) => run.captionMs)), 0),
      nativeCaptionMsPerImage: round(median((nativeRuns[threads] ?? []).flatMap((run) => run.captionMs)), 0),
      togetherMsPerImage: round(median(mine.flatMap((run) => run.togetherMs)), 0),
      page20MsPerImage: round(median(mine.map((run) => run.page20.perImageMs)), 0),
      page20TotalMs: round(median(mine.map((run) => run.page20.totalMs)), 0),
      stagesAlone: stages(mine.flatMap((run) => run.timing)),
      stagesTogether: stages(mine.flatMap((run) => run.togetherTiming)),
    };
  });
  const stamp = new Date().toISOString();
  const report = {
    date: stamp,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, loadAverageBefore: loadBefore.map((l) => round(l, 2)), loadAverageAfter: loadavg().map((l) => round(l, 2)) },
    settings: { captionTokens: CAPTION_TOKENS, images: IMAGES, threadsOn: THREADS_ON, rounds: ROUNDS, captionBatch: CAPTION_BATCH },
    altText: byVariant,
    runs,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `alt-text-${stamp.replace(/[:.]/g, '-')}.json`), JSON.stringify(report, null, 2) + '\n');
  const fmt = (v: number | null) => (v === null || Number.isNaN(v) ? '–' : v.toLocaleString('en-US'));
  const s = (stage: ReturnType<typeof stages>) =>
    `${fmt(stage.decodeMs)} / ${fmt(stage.hashMs)} / ${fmt(stage.prepareMs)} / ${fmt(stage.preprocessMs)} / ${fmt(stage.encoderMs)} / ${fmt(stage.decoderMs)}`;
  console.log(
    [
      `| Alt text, ms per image (${CAPTION_TOKENS}-token captions, median of ${ROUNDS} round(s)) | batch 1 | batch ${CAPTION_BATCH} | native |`,
      '|---|---:|---:|---:|',
      ...ALT_TEXT_THREAD_COUNTS.flatMap((threads) => {
        const [one, many] = [1, CAPTION_BATCH].map((batch) => byVariant.find((v) => v.threads === threads && v.batch === batch)!);
        return [
          `| ${threads} thread(s): captioner alone, one request at a time, over the engine's port | ${fmt(one!.captionMsPerImage)} | ${fmt(many!.captionMsPerImage)} | ${fmt(one!.nativeCaptionMsPerImage)} |`,
          `| ${threads} thread(s): captioner, ${CAPTION_BATCH} requests at once, per image | ${fmt(one!.togetherMsPerImage)} | ${fmt(many!.togetherMsPerImage)} | |`,
          `| ${threads} thread(s): side panel, page of 20 photos, per photo (caption + text reading + page) | ${fmt(one!.page20MsPerImage)} | ${fmt(many!.page20MsPerImage)} | |`,
          `| ${threads} thread(s): in the engine, alone: base64 / hash / to the queue / resize+normalize / encoder / decoder | ${s(one!.stagesAlone)} | ${s(many!.stagesAlone)} | |`,
          `| ${threads} thread(s): in the engine, ${CAPTION_BATCH} at once, per image: same stages | ${s(one!.stagesTogether)} | ${s(many!.stagesTogether)} | |`,
        ];
      }),
    ].join('\n'),
  );
  log(`Load average before ${report.machine.loadAverageBefore.join(' ')}, after ${report.machine.loadAverageAfter.join(' ')}`);
}

/**
 * `--memory`: the text model's memory in the engine's renderer with each memory lever (ABAB, 2 rounds):
 * peak, what stays after it unloads, what stays after the offscreen document closed itself.
 */
async function memoryOnly() {
  const { loadBefore, models, host, profile } = await benchSetup();
  const variants: Array<{ name: string; tuning: Record<string, unknown> }> = [
    { name: 'as it ships', tuning: {} },
    { name: 'prepacking off (session.disable_prepacking)', tuning: { disablePrepacking: true } },
  ];
  const runs: Array<{ name: string } & MemoryRun> = [];
  try {
    {
      const browser = await launchBenchBrowser(EXTENSION_DIR, profile);
      await configure(browser, { modelHost: host.url, textModel: models.textModel.id, imageModel: models.captioner.id, wasmThreads: 0, wasmGraph: {} });
      const page = await browser.openPage('options.html');
      log(`Text model downloaded and rewritten in ${round(await prepare(playwrightEngine(page), 'text-generation'), 0)} ms`);
      await browser.close();
    }
    for (let pass = 0; pass < ROUNDS; pass++) {
      for (const variant of variants) {
        log(`Round ${pass + 1}: ${variant.name}…`);
        const browser = await launchBenchBrowser(EXTENSION_DIR, profile);
        try {
          await patchStored(browser, 'engineTuning', { disablePrepacking: false, ...variant.tuning });
          const run = await benchModelMemory(browser, { prompt: models.prompts.page, warmup: models.prompts.warmup, maxNewTokens: QUICK ? 5 : 17 });
          runs.push({ name: variant.name, ...run });
          log(`  ${JSON.stringify(run)}`);
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    await host.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const fileMB = models.textModel.onnxBytes / 1e6;
  const rows = variants.map(({ name }) => {
    const mine = runs.filter((run) => run.name === name);
    const m = (key: keyof MemoryRun, digits = 0) => round(median(mine.map((run) => run[key])), digits);
    return { name, modelPeakMB: m('modelPeakMB'), unloadedMB: m('unloadedMB'), closedMB: m('closedMB'), loadMs: m('loadMs'), firstTokenMs: m('firstTokenMs'), decodeTokensPerSecond: m('decodeTokensPerSecond', 2) };
  });
  const stamp = new Date().toISOString();
  const report = {
    date: stamp,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, loadAverageBefore: loadBefore.map((l) => round(l, 2)), loadAverageAfter: loadavg().map((l) => round(l, 2)) },
    modelFileMB: round(fileMB, 1),
    memory: rows,
    runs,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `memory-${stamp.replace(/[:.]/g, '-')}.json`), JSON.stringify(report, null, 2) + '\n');
  const fmt = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US'));
  console.log(
    [
      `| Text model twin (${fmt(round(fileMB, 0))} MB file), engine renderer, median of ${ROUNDS} round(s) | model's peak MB | × file | after unloading MB | after the host closed MB | load ms | first token ms | decode tok/s |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.name} | ${fmt(r.modelPeakMB)} | ${fmt(round((r.modelPeakMB ?? NaN) / fileMB, 2))} | ${fmt(r.unloadedMB)} | ${fmt(r.closedMB)} | ${fmt(r.loadMs)} | ${fmt(r.firstTokenMs)} | ${fmt(r.decodeTokensPerSecond)} |`),
    ].join('\n'),
  );
  log(`Load average before ${report.machine.loadAverageBefore.join(' ')}, after ${report.machine.loadAverageAfter.join(' ')}`);
}

async function main() {
  if (SERVER_ONLY) return serverOnly();
  if (MEMORY_ONLY) return memoryOnly();
  if (ALT_TEXT_ONLY) return altTextOnly();
  if (WEBGPU_ONLY) return webgpuOnly();
  if (EXTRACTION_ONLY) {
    log(`Building the extension (Chromium, test build) into ${OUT_DIR}/ for the content script's row…`);
    buildChromium();
    log(HUGE_PAGE_ONLY ? 'Extraction of the 5 MB pages in Chromium…' : `Extraction over the corpus (${corpusDir()}), Node and Chromium…`);
    const node = HUGE_PAGE_ONLY ? undefined : benchExtractionNode(2500, LONG_ARTICLE_WORDS);
    const browser = await benchExtractionChromium(HUGE_PAGE_ONLY ? 0 : Infinity, EXTENSION_DIR);
    const baseline = BASELINE
      ? {
          name: BASELINE,
          figures: await benchHugePageInContentScript(resolve(BASELINE)),
          thread: await benchHugePageInContentScript(resolve(BASELINE), hugeThreadPage()),
          article: await benchHugePageInContentScript(resolve(BASELINE), hugeArticlePage()),
        }
      : undefined;
    console.log(['| Extraction | |', '|---|---|', ...extractionRows(node, browser, baseline)].join('\n'));
    return;
  }
  const started = performance.now();
  const loadBefore = loadavg();
  log('Text in images: the OCR test set…');
  const ocr = await benchOcr();
  if (OCR_ONLY) {
    console.log(ocrRows(ocr).join('\n'));
    return;
  }
  log('Generating the benchmark models (bench/models/, not committed)…');
  const models = buildBenchModels(log);
  log(`Building the extension into ${OUT_DIR}/…`);
  for (const browser of [[], ['-b', 'firefox', '--mv3']]) {
    execFileSync(join(REPO, 'node_modules/.bin/wxt'), ['build', ...browser], {
      cwd: REPO,
      env: { ...process.env, NANO_BANANA_OUT_DIR: OUT_DIR, NANO_BANANA_TEST_BUILD: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  log(`Extraction over the corpus (${corpusDir()})…`);
  const extraction = benchExtractionNode(SUMMARY_PAGE_CHARS, LONG_ARTICLE_WORDS);
  const summarySource = extraction?.summaryPage;
  log('Extraction in Chromium (the content script\'s path) and on a 5 MB page…');
  const extractionChromium = await benchExtractionChromium(Infinity, EXTENSION_DIR);

  const host = await startModelHost({ root: models.root });
  const profile = mkdtempSync(join(tmpdir(), 'nano-banana-bench-'));
  const settings = { modelHost: host.url, models };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results file is free-form JSON
  const result: Record<string, any> = {};
  try {
    log('Downloading both models into a fresh extension profile…');
    {
      const browser = await launchBenchBrowser(EXTENSION_DIR, profile);
      await configure(browser, {
        modelHost: host.url,
        textModel: models.textModel.id,
        imageModel: models.captioner.id,
        wasmThreads: 0,
        wasmGraph: {},
      });
      const page = await browser.openPage('options.html');
      const engine = playwrightEngine(page);
      const downloadMs = { text: await prepare(engine, 'text-generation'), captioner: await prepare(engine, 'image-to-text') };
      result['downloadMs'] = { text: round(downloadMs.text, 0), captioner: round(downloadMs.captioner, 0) };
      await browser.close();
    }
    log('First load from the cache (the engine rewrites the model for WASM once and keeps the result)…');
    {
      const browser = await launchBenchBrowser(EXTENSION_DIR, profile);
      const page = await browser.openPage('options.html');
      result['firstLoadMs'] = { wasm: round(await prepare(playwrightEngine(page), 'text-generation'), 0) };
      await browser.close();
    }

    const nativeJob = (threads: number): NativeJob => ({
      task: 'text',
      modelsRoot: models.root,
      modelId: models.textModel.id,
      dtype: 'q4',
      threads,
      prompts: Array.from({ length: RUNS }, () => models.prompts.page),
      warmup: models.prompts.warmup,
      maxNewTokens: DECODE_TOKENS + 1,
    });

    const threads: Record<string, { wasm: ReturnType<typeof wasmFigures>; native: ReturnType<typeof nativeFigures> }> = {};
    let summary: WasmConfigResult['summary'];
    let firstWord: WasmConfigResult['firstWord'];
    for (const [label, count] of [
      ['on', THREADS_ON],
      ['off', 1],
    ] as const) {
      log(`Extension, ${count} thread(s): text model${label === 'on' ? ', "Summarize page"' : ''} and captioner…`);
      const wasm = await runExtension(profile, settings, count, {}, {
        captions: true,
        firstImage: label === 'on' ? 0 : 100,
        runs: RUNS,
        decodeTokens: DECODE_TOKENS,
        ...(label === 'on' && summarySource ? { summary: summarySource.html } : {}),
        ...(label === 'on' && extraction ? { firstWord: extraction.longPage.html } : {}),
      });
      if (wasm.summary) summary = wasm.summary;
      if (wasm.firstWord) firstWord = wasm.firstWord;
      log(`Native, ${count} thread(s): text model and captioner…`);
      const nativeText = await native(nativeJob(count));
      const nativeCaptions = await native(captionJob(models, count));
      threads[label] = { wasm: wasmFigures(wasm), native: nativeFigures(nativeText, nativeCaptions) };
    }

    log('Model server: "Summarize page" against the fake server, both APIs…');
    const serverPage = summarySource ? { name: summarySource.name, html: summarySource.html } : { name: 'bench page', html: FALLBACK_PAGE };
    result['serverOverhead'] = await benchServerOverhead([{ name: 'this build', dir: EXTENSION_DIR }], [serverPage], SUMMARY_RUNS);

    log('Firefox ESR (engine in the background page, 1 thread): text model and captioner…');
    const firefox = await benchFirefox(
      FIREFOX_EXTENSION_DIR,
      { modelHost: host.url, textModel: models.textModel.id, imageModel: models.captioner.id },
      {
        prompts: Array.from({ length: RUNS }, () => models.prompts.page),
        warmup: models.prompts.warmup,
        maxNewTokens: DECODE_TOKENS + 1,
        images: IMAGES,
        captionTokens: CAPTION_TOKENS,
        firstImage: 200,
      },
    );
    result['firefox'] = firefoxFigures(firefox);

    if (LEVERS) {
      // Each row adds one lever to the row above it; the last row is the engine as it ships.
      const off = { int8MatMul: false, plainAttention: false, lastLogitsOnly: false, halfCache: false, int8Embedding: false, externalData: false };
      const levers: Array<{ name: string; threads: number; graph: Partial<WasmLoadOptions> | false }> = [
        { name: 'Before: the 4-bit file as it is, 1 thread', threads: 1, graph: false },
        { name: `+ threads (${THREADS_ON}; the offscreen document is cross-origin isolated)`, threads: THREADS_ON, graph: false },
        { name: '+ 8-bit matrix products (MatMulNBits → DynamicQuantizeMatMul)', threads: THREADS_ON, graph: { ...off, int8MatMul: true } },
        { name: '+ plain attention (GroupQueryAttention → MatMul, Softmax)', threads: THREADS_ON, graph: { ...off, int8MatMul: true, plainAttention: true } },
        { name: '+ logits for the last position only', threads: THREADS_ON, graph: { int8Embedding: false, halfCache: false, externalData: false } },
        { name: '+ float16 KV cache', threads: THREADS_ON, graph: { int8Embedding: false, externalData: false } },
        { name: '+ 8-bit embedding table', threads: THREADS_ON, graph: { externalData: false } },
        { name: '+ weights handed over as external data, kept rewritten (the default)', threads: THREADS_ON, graph: {} },
      ];
      result['levers'] = [];
      for (const lever of levers) {
        log(`Lever: ${lever.name}…`);
        const wasm = await runExtension(profile, settings, lever.threads, lever.graph, { captions: false, runs: 1, decodeTokens: QUICK ? 4 : 16 });
        result['levers'].push({ name: lever.name, threads: lever.threads, wasmGraph: lever.graph, figures: wasmFigures(wasm) });
      }
    }

    const on = threads['on']!;
    const fileMB = models.textModel.onnxBytes / 1e6;
    const firstWords = firstWord?.map(({ name, runs }) => ({
      name,
      clickToFirstTokenMs: round(median(runs.map((r) => r.clickToFirstTokenMs)), 0),
      modelFirstTokenMs: round(median(runs.map((r) => r.modelFirstTokenMs)), 0),
      promptChars: round(median(runs.map((r) => r.promptChars)), 0),
    }));
    Object.assign(result, {
      modelFileMB: round(fileMB, 1),
      modelPeakMB: { wasm: on.wasm.memory.modelPeakMB, native: on.native.memory.modelPeakMB },
      firstWordLongArticleMs: { wasm: firstWords?.[0]?.clickToFirstTokenMs ?? null },
      firstWordLongArticle: firstWords ? { page: extraction?.longPage.name, words: extraction?.longPage.words, variants: firstWords } : null,
      // SwiftShader takes too long for this run: the latest `--webgpu` run's answer, and which run it was.
      ...latestWebGpu(),
      decodeTokensPerSecond: { wasm: on.wasm.decodeTokensPerSecond, native: on.native.decodeTokensPerSecond },
      prefillTokensPerSecond: { wasm: on.wasm.prefillTokensPerSecond, native: on.native.prefillTokensPerSecond },
      timeToFirstTokenMs: { wasm: on.wasm.timeToFirstTokenMs, native: on.native.timeToFirstTokenMs },
      modelLoadMs: { wasm: on.wasm.modelLoadMs, native: on.native.modelLoadMs },
      peakMemoryMB: { wasm: on.wasm.memory.peakMB, native: on.native.memory.peakMB },
      modelPeakMemoryMB: { wasm: on.wasm.memory.modelPeakMB, native: on.native.memory.modelPeakMB },
      extraction: { node: extraction && { parse: extraction.parse, extract: extraction.extract, total: extraction.total }, chromium: extractionChromium },
      altTextMsPerImage: { wasm: on.wasm.altTextMsPerImage, native: on.native.altTextMsPerImage },
      summarizeToFirstTokenMs: summary?.length
        ? {
            page: summarySource?.name,
            runs: summary.length,
            total: round(median(summary.map((s) => s.clickToFirstTokenMs)), 0),
            modelCompute: round(median(summary.map((s) => s.modelFirstTokenMs)), 0),
            notModel: round(median(summary.map((s) => s.clickToFirstTokenMs - s.modelFirstTokenMs)), 0),
            beforeRequest: round(median(summary.map((s) => s.clickToRequestMs)), 0),
          }
        : null,
      threads: { on, off: threads['off'] },
      targets: {
        firstWord: { ms: firstWords?.[0]?.clickToFirstTokenMs ?? null, target: 3000 },
        decode: { ratio: ratio(on.wasm.decodeTokensPerSecond, on.native.decodeTokensPerSecond), target: 0.8 },
        firstToken: { ratio: ratio(on.wasm.timeToFirstTokenMs, on.native.timeToFirstTokenMs), target: 1.5 },
        memory: { fileMB: round(fileMB, 0), ratio: round((on.wasm.memory.modelPeakMB ?? NaN) / fileMB, 2), target: 1.3 },
      },
    });
    const t = result['targets'];
    t.firstWord.met = t.firstWord.ms !== null && t.firstWord.ms <= 3000;
    t.decode.met = t.decode.ratio !== null && t.decode.ratio >= 0.8;
    t.firstToken.met = t.firstToken.ratio !== null && t.firstToken.ratio <= 1.5;
    t.memory.met = t.memory.ratio !== null && t.memory.ratio <= 1.3;
  } finally {
    await host.close();
    rmSync(profile, { recursive: true, force: true });
  }

  const stamp = new Date().toISOString();
  const report = {
    date: stamp,
    quick: QUICK,
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memoryGB: round(totalmem() / 2 ** 30, 1),
      loadAverageBefore: loadBefore.map((l) => round(l, 2)),
      loadAverageAfter: loadavg().map((l) => round(l, 2)),
      node: process.version,
      chromium: execFileSync(findChromium(), ['--version'], { encoding: 'utf8' }).trim(),
      firefox: execFileSync(findFirefox(), ['--version'], { encoding: 'utf8' }).trim(),
      onnxruntimeWeb: JSON.parse(readFileSync(join(REPO, 'node_modules/onnxruntime-web/package.json'), 'utf8')).version,
      onnxruntimeNode: JSON.parse(readFileSync(join(REPO, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version,
      transformersJs: JSON.parse(readFileSync(join(REPO, 'node_modules/@huggingface/transformers/package.json'), 'utf8')).version,
    },
    models: {
      text: { id: models.textModel.id, twinOf: 'HuggingFaceTB/SmolLM2-360M-Instruct onnx/model_q4.onnx', onnxMB: round(models.textModel.onnxBytes / 1e6, 1) },
      captioner: { id: models.captioner.id, twinOf: 'Mozilla/distilvit (q8)', onnxMB: round(models.captioner.onnxBytes / 1e6, 1) },
    },
    settings: { pageTokens: PAGE_TOKENS, decodeTokens: DECODE_TOKENS, runs: RUNS, captionTokens: CAPTION_TOKENS, images: IMAGES, threadsOn: THREADS_ON },
    ...result,
    ocr,
    benchSeconds: round((performance.now() - started) / 1000, 0),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = JSON.stringify(report, null, 2) + '\n';
  writeFileSync(join(RESULTS_DIR, `${stamp.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  console.log(markdown(report));
  log(`Done in ${report.benchSeconds} s. Results: bench/results/latest.json`);
}

await main();
