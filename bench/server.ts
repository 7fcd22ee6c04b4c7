// The model-server backend's own cost: "Summarize page" in the real side panel with the text going to the
// fake model server (test/support/model-server.ts), which waits a fixed time before its first token. What
// the extension adds = click → first streamed token − the server's own time from the request to that token
// (the fixed wait, and whatever a loaded machine adds to the fake's timer). Target: ≤ 50 ms (issue 17).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ollamaName, SERVER_TEXT_MODEL, startModelServer } from '../test/support/model-server';
import { benchSummarizeOverhead, launchBenchBrowser } from './extension';
import { median } from './lib/measure';

/** What the fake server waits before answering: a stand-in for the model's own time to first token. */
export const SERVER_DELAY_MS = 300;
export const SERVER_OVERHEAD_TARGET_MS = 50;

export interface ServerOverhead {
  api: 'ollama' | 'openai';
  /** The page summarized: the bench's small page or a corpus page (by its name). */
  page: string;
  /** Which extension build, where one run compares two (`--baseline=`); absent otherwise. */
  build?: string;
  /** Runs measured in all (`rounds` fresh browsers, each after a warm-up run). */
  runs: number;
  rounds: number;
  serverDelayMs: number;
  /** Medians, ms: click → first token, the server's own time to it, and the first minus the second. */
  clickToFirstTokenMs: number;
  serverFirstChunkMs: number;
  overheadMs: number;
  /** The part before the request reaches the engine (reading the page, planning). */
  beforeRequestMs: number;
  /** Each run's overhead, ms, in the order measured. */
  overheadsMs: number[];
}

export interface ServerBenchPage {
  name: string;
  html: string;
}

export interface ServerBenchBuild {
  /** Shown in the rows when there are two. */
  name: string;
  /** The built extension's folder (chrome-mv3). */
  dir: string;
}

type Measured = Awaited<ReturnType<typeof benchSummarizeOverhead>>[number] & { serverMs: number };

/**
 * `rounds` fresh browsers per build and API, builds and APIs taking turns (ABAB), each browser summarizing
 * every page `runs` times: this shared machine's load comes and goes, so one browser's runs alone say little,
 * and two builds compare only when measured in turn.
 */
export async function benchServerOverhead(builds: ServerBenchBuild[], pages: ServerBenchPage[], runs: number, rounds = 1): Promise<ServerOverhead[]> {
  const measured = new Map<string, { build: ServerBenchBuild; page: string; api: ServerOverhead['api']; all: Measured[] }>();
  for (let round = 0; round < rounds; round++) {
    for (const api of ['ollama', 'openai'] as const) {
      for (const build of builds) {
        const byPage = await measureOnce(build.dir, pages, runs, api);
        byPage.forEach((runsOfPage, index) => {
          const key = `${build.name} ${pages[index]!.name} ${api}`;
          if (!measured.has(key)) measured.set(key, { build, page: pages[index]!.name, api, all: [] });
          measured.get(key)!.all.push(...runsOfPage);
        });
      }
    }
  }
  return [...measured.values()].map(({ build, page, api, all }) => ({
    api,
    page,
    ...(builds.length > 1 ? { build: build.name } : {}),
    runs: all.length,
    rounds,
    serverDelayMs: SERVER_DELAY_MS,
    clickToFirstTokenMs: Math.round(median(all.map((m) => m.clickToFirstTokenMs))),
    serverFirstChunkMs: Math.round(median(all.map((m) => m.serverMs))),
    overheadMs: Math.round(median(all.map((m) => m.clickToFirstTokenMs - m.serverMs))),
    beforeRequestMs: Math.round(median(all.map((m) => m.clickToRequestMs))),
    overheadsMs: all.map((m) => Math.round(m.clickToFirstTokenMs - m.serverMs)),
  }));
}

/** One fresh browser: each page summarized `runs` times after a warm-up; the runs of each page, in order. */
async function measureOnce(extensionDir: string, pages: ServerBenchPage[], runs: number, api: ServerOverhead['api']): Promise<Measured[][]> {
  const server = await startModelServer({ allowedOrigins: ['chrome-extension://*'] });
  const profile = mkdtempSync(join(tmpdir(), 'nano-banana-bench-server-'));
  const browser = await launchBenchBrowser(extensionDir, profile);
  try {
    await browser.worker.evaluate(async (settings) => chrome.storage.local.set({ settings }), {
      runOn: 'server',
      serverAddress: server.url,
      serverApi: api,
      serverTextModel: api === 'ollama' ? ollamaName(SERVER_TEXT_MODEL) : SERVER_TEXT_MODEL,
    });
    server.setFault({ delayMs: SERVER_DELAY_MS });
    const driver = await browser.openPage('options.html');
    const byPage: Measured[][] = [];
    for (const page of pages) {
      const before = server.requests.length;
      const measured = await benchSummarizeOverhead(browser, driver, page.html, runs);
      // One chat request a run (the page is one part), the warm-up's first.
      const chats = server.requests.slice(before).filter((request) => request.method === 'POST');
      const serverMs = chats.slice(1).map((request) => request.firstChunkAfterMs ?? NaN);
      if (chats.length !== measured.length + 1 || serverMs.some((ms) => !(ms >= SERVER_DELAY_MS))) throw new Error(`The fake server did not answer each run once (${page.name}).`);
      byPage.push(measured.map((m, i) => ({ ...m, serverMs: serverMs[i]! })));
    }
    return byPage;
  } finally {
    await browser.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export function serverRows(results: ServerOverhead[]): string[] {
  return results.map(
    (r) =>
      `| Model server (${r.api === 'ollama' ? 'Ollama API' : 'OpenAI-compatible API'}, ${r.page}${r.build ? `, ${r.build}` : ''}): "Summarize page" → first token, minus the server's own time to it (a ${r.serverDelayMs} ms wait; ${r.serverFirstChunkMs} ms measured) | ${r.overheadMs} ms, median of ${r.runs} (target ≤ ${SERVER_OVERHEAD_TARGET_MS} ms: ${r.overheadMs <= SERVER_OVERHEAD_TARGET_MS ? 'met' : 'not met'}; ${r.beforeRequestMs} ms before the request) |`,
  );
}
