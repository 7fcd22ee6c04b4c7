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
  runs: number;
  serverDelayMs: number;
  /** Medians, ms: click → first token, the server's own time to it, and the first minus the second. */
  clickToFirstTokenMs: number;
  serverFirstChunkMs: number;
  overheadMs: number;
  /** The part before the request reaches the engine (reading the page, planning). */
  beforeRequestMs: number;
}

export async function benchServerOverhead(extensionDir: string, pageHtml: string, runs: number): Promise<ServerOverhead[]> {
  const results: ServerOverhead[] = [];
  for (const api of ['ollama', 'openai'] as const) {
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
      // One chat request a run (the page is one part), the warm-up's first: the measured runs' are the last ones.
      const chats = server.requests.filter((request) => request.method === 'POST').slice(-measured.length);
      const serverMs = chats.map((request) => request.firstChunkAfterMs ?? NaN);
      if (chats.length !== measured.length || serverMs.some((ms) => !(ms >= SERVER_DELAY_MS))) throw new Error('The fake server did not answer each run once.');
      results.push({
        api,
        runs: measured.length,
        serverDelayMs: SERVER_DELAY_MS,
        clickToFirstTokenMs: Math.round(median(measured.map((m) => m.clickToFirstTokenMs))),
        serverFirstChunkMs: Math.round(median(serverMs)),
        overheadMs: Math.round(median(measured.map((m, i) => m.clickToFirstTokenMs - serverMs[i]!))),
        beforeRequestMs: Math.round(median(measured.map((m) => m.clickToRequestMs))),
      });
    } finally {
      await browser.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return results;
}

export function serverRows(results: ServerOverhead[]): string[] {
  return results.map(
    (r) =>
      `| Model server (${r.api === 'ollama' ? 'Ollama API' : 'OpenAI-compatible API'}): "Summarize page" → first token, minus the server's own time to it (a ${r.serverDelayMs} ms wait; ${r.serverFirstChunkMs} ms measured) | ${r.overheadMs} ms (target ≤ ${SERVER_OVERHEAD_TARGET_MS} ms: ${r.overheadMs <= SERVER_OVERHEAD_TARGET_MS ? 'met' : 'not met'}; ${r.beforeRequestMs} ms before the request) |`,
  );
}
