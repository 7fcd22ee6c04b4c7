/**
 * The extension side of the benchmark: the built extension in headless Chromium, its engine in the
 * offscreen document (WASM), driven the way its own surfaces drive it — settings through the options
 * page, requests over the engine's port from an extension page (src/messaging/streams.ts) — and timed
 * in that page with performance.now().
 */
import type { Page } from 'playwright-core';
import { sendProtocolMessage, tabIdOf } from '../test/support/extension';
import { startPageServer } from '../test/support/page-server';
import type { CaptionResult, EngineStatus, GenerateResult } from '../src/engine/types';
import type { WasmLoadOptions } from '../src/engine/wasm-models';
import { launchBenchBrowser, memoryOf, sampleMemory, type BenchBrowser } from './lib/browser';
import { randomImage, type GenerationRun } from './lib/measure';

export interface ModelSettings {
  modelHost: string;
  textModel: string;
  imageModel: string;
  /** Engine settings without a field on the options page. 0 threads = automatic. */
  wasmThreads: number;
  wasmGraph: Partial<WasmLoadOptions> | false;
}

/** One streamed request over the engine's port, timed in the page: request → first chunk → done. */
export interface TimedStream<R> {
  firstChunkMs: number;
  totalMs: number;
  chunks: number;
  result: R;
}

/**
 * Runs in an extension page (sent as source, so self-contained): one request over the engine's port, as
 * the extension's own surfaces send it (src/messaging/streams.ts), timed with the page's clock.
 */
export function timeStreamInPage<R>([stream, request]: readonly [string, unknown]): Promise<TimedStream<R>> {
  return new Promise<TimedStream<R>>((resolve, reject) => {
    const port = chrome.runtime.connect({ name: 'nano-banana/engine' });
    let first = NaN;
    let chunks = 0;
    let started = 0;
    let ended = false;
    // A host that goes away mid-request (Firefox suspends an idle background page) drops the port.
    port.onDisconnect.addListener(() => {
      if (!ended) reject(new Error(`The engine's port closed before the ${stream} request ended.`));
    });
    port.onMessage.addListener((message: { kind: string; result?: R; error?: { message: string } }) => {
      if (message.kind === 'chunk') {
        if (chunks++ === 0) first = performance.now();
      } else if (message.kind === 'done') {
        const end = performance.now();
        ended = true;
        port.disconnect();
        resolve({ firstChunkMs: first - started, totalMs: end - started, chunks, result: message.result as R });
      } else if (message.kind === 'error') {
        ended = true;
        port.disconnect();
        reject(new Error(message.error?.message ?? 'engine error'));
      }
    });
    started = performance.now();
    port.postMessage({ kind: 'start', stream, request });
  });
}

/** How the bench reaches the engine from an extension page, whichever browser drives that page. */
export interface EngineDriver {
  stream<R>(stream: string, request: unknown): Promise<TimedStream<R>>;
  /** Sends a protocol message through the extension's own sendMessage (test builds expose it). */
  send<T>(type: string): Promise<T>;
}

/** An EngineDriver over an extension page Playwright drives (Chromium). */
export function playwrightEngine(page: Page): EngineDriver {
  return {
    stream: <R>(stream: string, request: unknown) => page.evaluate(timeStreamInPage<R>, [stream, request] as const),
    send: <T>(type: string) => sendProtocolMessage<T>(page, type),
  };
}

/** Sets the model settings through the options page's fields, as a user does; the engine settings have none. */
export async function configure(browser: BenchBrowser, settings: ModelSettings): Promise<void> {
  const options = await browser.openPage('options.html');
  await options.getByLabel('Model host').fill(settings.modelHost);
  await options.getByLabel('Text model').fill(settings.textModel);
  await options.getByLabel('Image model').fill(settings.imageModel);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const stored = (await browser.worker.evaluate(async () => (await chrome.storage.local.get('settings'))['settings'])) as
      | Record<string, unknown>
      | undefined;
    if (stored?.['modelHost'] === settings.modelHost && stored['textModel'] === settings.textModel && stored['imageModel'] === settings.imageModel) {
      // Bench-only engine knobs live apart from the user's settings (src/settings/engine-config.ts); the
      // models count as agreed to download, as after a click on their Download button.
      await browser.worker.evaluate(
        async ({ engineTuning, downloadConsent }) => {
          const { settings } = await chrome.storage.local.get('settings');
          await chrome.storage.local.set({ engineTuning, settings: { ...(settings as object | undefined), downloadConsent } });
        },
        { engineTuning: { wasmThreads: settings.wasmThreads, wasmGraph: settings.wasmGraph }, downloadConsent: [settings.textModel, settings.imageModel] },
      );
      break;
    }
    if (Date.now() > deadline) throw new Error('The options page did not save the model settings.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await options.close();
}

/** Downloads (or loads from the cache) the model for a task; returns the time it took, in ms. */
export async function prepare(engine: EngineDriver, task: 'text-generation' | 'image-to-text'): Promise<number> {
  await engine.send('ensureEngine');
  return (await engine.stream<void>('download', { task })).totalMs;
}

export type TimedGeneration = GenerationRun & { engineFirstTokenMs: number; engineTotalMs: number };

/** One warm-up answer, then each prompt answered and timed; the model must be loaded. */
export async function generationRuns(
  engine: EngineDriver,
  { prompts, warmup, maxNewTokens }: { prompts: string[]; warmup: string; maxNewTokens: number },
): Promise<TimedGeneration[]> {
  const generate = (content: string, tokens: number) =>
    engine.stream<GenerateResult>('generate', { messages: [{ role: 'user', content }], maxNewTokens: tokens });
  await generate(warmup, 4);
  const runs: TimedGeneration[] = [];
  for (const prompt of prompts) {
    const run = await generate(prompt, maxNewTokens);
    runs.push({
      firstTokenMs: run.firstChunkMs,
      totalMs: run.totalMs,
      tokens: run.result.tokens,
      engineFirstTokenMs: run.result.timing?.firstTokenMs ?? NaN,
      engineTotalMs: run.result.timing?.totalMs ?? NaN,
    });
  }
  return runs;
}

export interface ExtensionTextResult {
  status: EngineStatus;
  loadMs: number;
  runs: TimedGeneration[];
  /**
   * Extension renderer hosting the engine (MB): VmRSS before loading; peak = the larger of VmHWM and
   * the largest VmRSS sampled every 50 ms from before loading to the end of the runs.
   */
  baselineRssMB: number;
  peakRssMB: number;
  loadedRssMB: number;
  endRssMB: number;
}

/** The engine's renderer: of the extension's renderer processes, the one the model made grow. */
export function engineProcess(browser: BenchBrowser, before: Map<number, number>): number {
  const candidates = browser.processes('--type=renderer', '--extension-process');
  let best = candidates[0]!;
  const growth = (pid: number) => memoryOf(pid).rssMB - (before.get(pid) ?? 0);
  for (const pid of candidates) if (growth(pid) > growth(best)) best = pid;
  return best;
}

export async function benchTextInExtension(
  browser: BenchBrowser,
  page: Page,
  { prompts, warmup, maxNewTokens }: { prompts: string[]; warmup: string; maxNewTokens: number },
): Promise<ExtensionTextResult> {
  const engine = playwrightEngine(page);
  await engine.send('ensureEngine');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const renderers = () => browser.processes('--type=renderer', '--extension-process');
  const before = new Map(renderers().map((pid) => [pid, memoryOf(pid).rssMB]));
  const sampler = sampleMemory(renderers);
  const loadMs = await prepare(engine, 'text-generation');
  const pid = engineProcess(browser, before);
  const loadedRssMB = memoryOf(pid).rssMB;
  const runs = await generationRuns(engine, { prompts, warmup, maxNewTokens });
  const status = await engine.send<EngineStatus>('engineStatus');
  const memory = memoryOf(pid);
  const sampled = sampler.stop().get(pid) ?? 0;
  return {
    status,
    loadMs,
    runs,
    baselineRssMB: before.get(pid) ?? NaN,
    loadedRssMB,
    peakRssMB: Math.max(memory.peakMB, sampled),
    endRssMB: memory.rssMB,
  };
}

export type CaptionTiming = NonNullable<CaptionResult['timing']>;

/**
 * `firstImage`: images are numbered, and each is captioned once per profile (the engine caches captions).
 * `together`: requests sent at once (the engine batches those waiting: src/engine/caption-batch.ts); each
 * image's time is then its group's time divided by the group's size.
 */
export async function benchCaptionsInExtension(
  engine: EngineDriver,
  { images, maxNewTokens, firstImage, together = 1 }: { images: number; maxNewTokens: number; firstImage: number; together?: number },
): Promise<{ loadMs: number; captionMs: number[]; timing: CaptionTiming[] }> {
  const loadMs = await prepare(engine, 'image-to-text');
  const captionMs: number[] = [];
  const timing: CaptionTiming[] = [];
  const caption = (i: number) => {
    const { width, height, rgba } = randomImage(firstImage + i);
    const image = { width, height, rgba: Buffer.from(rgba).toString('base64') };
    return engine.stream<CaptionResult>('caption', { image, maxNewTokens });
  };
  await caption(0); // warms up
  for (let i = 1; i <= images; i += together) {
    const started = performance.now();
    const group = await Promise.all(Array.from({ length: Math.min(together, images + 1 - i) }, (_, j) => caption(i + j)));
    const each = (performance.now() - started) / group.length;
    for (const run of group) {
      captionMs.push(together === 1 ? run.totalMs : each);
      if (run.result?.timing) timing.push(run.result.timing);
    }
  }
  return { loadMs, captionMs, timing };
}

/**
 * "Summarize page" in the side panel, with the text model loaded: from the click to the first token
 * on the panel's port, and the part of it the model computed (the engine's own time to first token).
 * The answer is cut to 2 tokens on its way to the engine: that changes nothing before the first token.
 */
export async function benchSummarizeOverhead(
  browser: BenchBrowser,
  driver: Page,
  pageHtml: string,
  runs: number,
): Promise<Array<{ clickToFirstTokenMs: number; clickToRequestMs: number; modelFirstTokenMs: number; promptChars: number }>> {
  const server = await startPageServer();
  try {
    server.route('/article.html', { body: pageHtml });
    const tab = await browser.context.newPage();
    await tab.goto(`${server.url}/article.html`);
    const tabId = await tabIdOf(driver, `${server.url}/article.html`);
    for (let i = 0; i < 50 && (await sendProtocolMessage(driver, 'ping', undefined, tabId).catch(() => undefined)) !== 'pong'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const panel = await browser.context.newPage();
    // tsx names the functions it compiles with a helper the page does not have.
    await panel.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await panel.addInitScript(() => {
      const events: Array<[string, number, unknown?]> = [];
      (globalThis as unknown as { __bench: unknown }).__bench = events;
      const connect = chrome.runtime.connect.bind(chrome.runtime);
      chrome.runtime.connect = ((...args: Parameters<typeof chrome.runtime.connect>) => {
        const port = connect(...args);
        const post = port.postMessage.bind(port);
        let generating = false; // other streams (the engine's status) share the port's name
        port.postMessage = (message: { kind?: string; stream?: string; request?: { maxNewTokens?: number; messages?: unknown } }) => {
          if (message?.kind === 'start' && message.stream === 'generate') {
            generating = true;
            message = { ...message, request: { ...message.request, maxNewTokens: 2 } };
            events.push(['start', performance.now(), JSON.stringify(message.request?.messages ?? '').length]);
          }
          post(message);
        };
        port.onMessage.addListener((message: { kind: string; result?: unknown }) => {
          if (!generating) return;
          if (message.kind === 'chunk') events.push(['chunk', performance.now()]);
          if (message.kind === 'done') events.push(['done', performance.now(), message.result]);
        });
        return port;
      }) as typeof chrome.runtime.connect;
    });
    await panel.goto(`chrome-extension://${browser.id}/sidepanel.html?tabId=${tabId}`);
    const button = panel.getByRole('button', { name: 'Summarize page' });
    await button.waitFor();
    const results = [];
    for (let i = 0; i <= runs; i++) {
      await panel.waitForFunction(() => {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Summarize page');
        return button && !button.disabled;
      });
      const measured = await panel.evaluate(async () => {
        const events = (globalThis as unknown as { __bench: Array<[string, number, unknown?]> }).__bench;
        events.length = 0;
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Summarize page')!;
        const click = performance.now();
        button.click();
        for (let waited = 0; !events.some(([kind]) => kind === 'done'); waited += 50) {
          if (waited > 600_000) throw new Error('No answer from the summary.');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const at = (kind: string) => events.find(([k]) => k === kind);
        const result = at('done')![2] as { timing?: { firstTokenMs: number } };
        return {
          clickToFirstTokenMs: at('chunk')![1] - click,
          clickToRequestMs: at('start')![1] - click,
          modelFirstTokenMs: result.timing?.firstTokenMs ?? NaN,
          promptChars: at('start')![2] as number,
        };
      });
      if (i > 0) results.push(measured); // the first run loads the tokenizer and warms up
    }
    await panel.close();
    await tab.close();
    return results;
  } finally {
    await server.close();
  }
}

/** Merges `patch` into a stored item (`settings`, `engineTuning`), as the options page would for a setting. */
export async function patchStored(browser: BenchBrowser, item: 'settings' | 'engineTuning', patch: Record<string, unknown>): Promise<void> {
  await browser.worker.evaluate(
    async ([item, patch]) => {
      const stored = ((await chrome.storage.local.get(item))[item] ?? {}) as Record<string, unknown>;
      await chrome.storage.local.set({ [item]: { ...stored, ...patch } });
    },
    [item, patch] as const,
  );
}

export interface FirstWordVariant {
  name: string;
  settings: Record<string, unknown>;
  tuning: Record<string, unknown>;
}

/**
 * "Summarize page" on a long article, from the click to the first model token, once per variant of the
 * levers that shorten it (input budget, prompt cache): each variant opens a fresh side panel, which warms
 * the engine as it opens, as a user's does.
 */
export async function benchFirstWord(
  browser: BenchBrowser,
  driver: Page,
  pageHtml: string,
  runs: number,
  variants: FirstWordVariant[],
): Promise<Array<{ name: string; runs: Awaited<ReturnType<typeof benchSummarizeOverhead>> }>> {
  const results = [];
  for (const variant of variants) {
    await patchStored(browser, 'settings', variant.settings);
    await patchStored(browser, 'engineTuning', variant.tuning);
    results.push({ name: variant.name, runs: await benchSummarizeOverhead(browser, driver, pageHtml, runs) });
  }
  await patchStored(browser, 'settings', { summaryReading: 'key-passages' });
  await patchStored(browser, 'engineTuning', { promptCache: true });
  return results;
}

export { launchBenchBrowser };
