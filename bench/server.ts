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

type Measured = Awaited<ReturnType<typeof benchSummarizeOverhead>>[number] & { serverMs: number };

/**
 * `rounds` fresh browsers per API, the APIs taking turns (ABAB), `runs` measured runs in each: this
 * shared machine's load comes and goes, so one browser's runs alone say little.
 */
export async function benchServerOverhead(extensionDir: string, pageHtml: string, runs: number, rounds = 1): Promise<ServerOverhead[]> {
  const measured = new Map<ServerOverhead['api'], Measured[]>([['ollama', []], ['openai', []]]);
  for (let round = 0; round < rounds; round++) {
    for (const api of measured.keys()) measured.get(api)!.push(...(await measureOnce(extensionDir, pageHtml, runs, api)));
  }
  return [...measured].map(([api, all]) => ({
    api,
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

async function measureOnce(extensionDir: string, pageHtml: string, runs: number, api: ServerOverhead['api']): Promise<Measured[]> {
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
    const measured = await benchSummarizeOverhead(browser, driver, pageHtml, runs);
    // One chat request a run (the page is one part), the warm-up's first.
    const chats = server.requests.filter((request) => request.method === 'POST');
    const serverMs = chats.slice(1).map((request) => request.firstChunkAfterMs ?? NaN);
    if (chats.length !== measured.length + 1 || serverMs.some((ms) => !(ms >= SERVER_DELAY_MS))) throw new Error('The fake server did not answer each run once.');
    return measured.map((m, i) => ({ ...m, serverMs: serverMs[i]! }));
  } finally {
    await browser.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export function serverRows(results: ServerOverhead[]): string[] {
  return results.map(
    (r) =>
      `| Model server (${r.api === 'ollama' ? 'Ollama API' : 'OpenAI-compatible API'}): "Summarize page" → first token, minus the server's own time to it (a ${r.serverDelayMs} ms wait; ${r.serverFirstChunkMs} ms measured) | ${r.overheadMs} ms, median of ${r.runs} (target ≤ ${SERVER_OVERHEAD_TARGET_MS} ms: ${r.overheadMs <= SERVER_OVERHEAD_TARGET_MS ? 'met' : 'not met'}; ${r.beforeRequestMs} ms before the request) |`,
  );
}
