/**
 * The text model's memory in the extension's engine renderer, from before loading to after it unloads:
 * its peak (loading, one answer to the 1,000-token page), what stays once the model has unloaded (the
 * WebAssembly memory, which never shrinks), and what stays once the offscreen document has closed itself
 * (engine/host.ts, `closeWhenIdle`). Also the answer's speed, to see that a memory lever costs none.
 */
import { engineProcess, generationRuns, patchStored, playwrightEngine, prepare } from './extension';
import type { BenchBrowser } from './lib/browser';
import { memoryOf, sampleMemory } from './lib/browser';
import type { EngineStatus } from '../src/engine/types';

export interface MemoryRun {
  baselineMB: number;
  /** Peak − baseline: what the model added at its most. */
  modelPeakMB: number;
  /** After the model unloaded, before the document closed: what the renderer keeps of it. */
  unloadedMB: number;
  /** After the offscreen document closed itself (a fresh one, holding nothing, took its place). */
  closedMB: number;
  loadMs: number;
  firstTokenMs: number;
  decodeTokensPerSecond: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The renderer's resident memory, or 0 once the process is gone (all of its memory went back). */
function residentMB(pid: number): number {
  try {
    return memoryOf(pid).rssMB;
  } catch {
    return 0;
  }
}

async function offscreenDocumentId(browser: BenchBrowser): Promise<string | undefined> {
  return browser.worker.evaluate(
    async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] }))[0]?.documentId,
  );
}

export async function benchModelMemory(
  browser: BenchBrowser,
  { prompt, warmup, maxNewTokens }: { prompt: string; warmup: string; maxNewTokens: number },
): Promise<MemoryRun> {
  const page = await browser.openPage('options.html');
  const engine = playwrightEngine(page);
  await engine.send('ensureEngine');
  await pause(500);
  const renderers = () => browser.processes('--type=renderer', '--extension-process');
  const before = new Map(renderers().map((pid) => [pid, memoryOf(pid).rssMB]));
  const sampler = sampleMemory(renderers);
  const loadMs = await prepare(engine, 'text-generation');
  const pid = engineProcess(browser, before);
  const [run] = await generationRuns(engine, { prompts: [prompt], warmup, maxNewTokens });
  const sampled = sampler.stop().get(pid) ?? 0;
  const peakMB = Math.max(memoryOf(pid).peakMB, sampled);
  const baselineMB = before.get(pid) ?? NaN;
  const documentId = await offscreenDocumentId(browser);

  await patchStored(browser, 'settings', { idleUnloadMinutes: 0.02 });
  // The idle timer is set when a request ends, with the setting of that moment: one more short request sets it anew.
  await engine.stream('generate', { messages: [{ role: 'user', content: warmup }], maxNewTokens: 1 });
  for (let waited = 0; (await engine.send<EngineStatus>('engineStatus')).models.length > 0; waited += 500) {
    if (waited > 120_000) throw new Error('The model did not unload.');
    await pause(500);
  }
  await pause(3000);
  const unloadedMB = residentMB(pid);
  for (let waited = 0; (await offscreenDocumentId(browser)) === documentId; waited += 1000) {
    if (waited > 180_000) throw new Error('The offscreen document did not close.');
    await pause(1000);
  }
  await pause(3000);
  const closedMB = residentMB(pid);
  await patchStored(browser, 'settings', { idleUnloadMinutes: 10 });
  await page.close();
  return {
    baselineMB,
    modelPeakMB: peakMB - baselineMB,
    unloadedMB: unloadedMB - baselineMB,
    closedMB: closedMB === 0 ? 0 : closedMB - baselineMB,
    loadMs,
    firstTokenMs: run!.firstTokenMs,
    decodeTokensPerSecond: (run!.tokens - 1) / ((run!.totalMs - run!.firstTokenMs) / 1000),
  };
}
