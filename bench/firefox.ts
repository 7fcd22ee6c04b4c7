/**
 * The Firefox side of the benchmark: the built extension in headless Firefox ESR (driven over Marionette,
 * test/support/firefox.ts), its engine in the background page on one WASM thread (Firefox's extension
 * pages are not cross-origin isolated; README, "Threads in Firefox"). Same models, prompts and images as
 * the Chromium rows, requests sent and timed in an extension page the same way (bench/extension.ts).
 */
import type { DrivenExtension, DrivenPage } from '../test/support/driven';
import { protocolReply, sendInPage } from '../test/support/extension';
import { launchFirefoxExtension } from '../test/support/firefox';
import type { EngineStatus } from '../src/engine/types';
import { benchCaptionsInExtension, generationRuns, prepare, timeStreamInPage, type EngineDriver, type TimedGeneration } from './extension';

/** An EngineDriver over an extension page Marionette drives. */
function drivenEngine(page: DrivenPage): EngineDriver {
  return {
    stream: <R>(stream: string, request: unknown) => page.evaluate(timeStreamInPage<R>, [stream, request] as const),
    send: async (type) => protocolReply(await page.evaluate(sendInPage, [type, undefined, undefined, 0] as const), await page.url()),
  };
}

/** Types the model settings into the options page, as a user does, and waits until they are stored. */
async function configure(extension: DrivenExtension, fields: Array<[label: string, key: string, value: string]>): Promise<void> {
  const options = await extension.openPage('options.html');
  for (const [label, , value] of fields) await options.fill({ label }, value);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const stored = await extension.evaluateInBackground(async () => ((await chrome.storage.local.get('settings'))['settings'] ?? {}) as Record<string, unknown>);
    if (fields.every(([, key, value]) => stored[key] === value)) break;
    if (Date.now() > deadline) throw new Error('The options page did not save the model settings in Firefox.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await options.close();
  // The person agreed to download these models (a Download click, as in bench/extension.ts's configure).
  await extension.evaluateInBackground(async (models) => {
    const { settings } = (await chrome.storage.local.get('settings')) as { settings?: Record<string, unknown> };
    await chrome.storage.local.set({ settings: { ...settings, downloadConsent: models } });
  }, fields.filter(([, key]) => key === 'textModel' || key === 'imageModel').map(([, , value]) => value));
}

export interface FirefoxBenchResult {
  status: EngineStatus;
  /** The text model's first load: download from the model host into a fresh profile, then load. */
  downloadMs: number;
  /** The text model loaded again from the extension's cache, after Firefox suspended the background page. */
  loadMs: number;
  runs: TimedGeneration[];
  captions: { loadMs: number; captionMs: number[] };
}

export async function benchFirefox(
  extensionDir: string,
  settings: { modelHost: string; textModel: string; imageModel: string },
  what: { prompts: string[]; warmup: string; maxNewTokens: number; images: number; captionTokens: number; firstImage: number },
): Promise<FirefoxBenchResult> {
  const extension = await launchFirefoxExtension({ extensionDir });
  try {
    // A bench step (a download, a load, an answer on one thread) can take minutes on a busy machine.
    await extension.marionette.send('WebDriver:SetTimeouts', { script: 1_800_000 });
    await configure(extension, [
      ['Model host', 'modelHost', settings.modelHost],
      ['Text model', 'textModel', settings.textModel],
      ['Image model', 'imageModel', settings.imageModel],
    ]);
    let page = await extension.openPage('options.html');
    // Firefox may suspend the background page while a big model loads (no events for a while): the port
    // drops, and asking again loads what was already stored.
    const downloadMs = await prepare(drivenEngine(page), 'text-generation').catch(() => prepare(drivenEngine(page), 'text-generation'));
    // What Firefox does to an idle event page: the engine goes with it, and the next request loads the
    // model again from the cache. That load is the one comparable with Chromium's "Model load" row.
    await page.close();
    await extension.evaluateInChrome(async (id) => {
      const policy = (globalThis as unknown as { WebExtensionPolicy: { getByID(id: string): { extension: { terminateBackground(): Promise<void> } } } })
        .WebExtensionPolicy;
      await policy.getByID(id).extension.terminateBackground();
    }, extension.id);
    page = await extension.openPage('options.html');
    const engine = drivenEngine(page);
    const loadMs = await prepare(engine, 'text-generation');
    const runs = await generationRuns(engine, { prompts: what.prompts, warmup: what.warmup, maxNewTokens: what.maxNewTokens });
    const status = await engine.send<EngineStatus>('engineStatus');
    const captions = await benchCaptionsInExtension(engine, { images: what.images, maxNewTokens: what.captionTokens, firstImage: what.firstImage });
    return { status, downloadMs, loadMs, runs, captions };
  } finally {
    await extension.close();
  }
}
