// Where the engine lives differs by browser; this is the one place that knows.
// Chrome: an offscreen document (service workers cannot run WASM threads or keep a model in memory).
// Firefox: the background page itself, which has a DOM and no offscreen API.
import { browser } from 'wxt/browser';

export const ENGINE_RUNS_IN_BACKGROUND = import.meta.env.FIREFOX;

const OFFSCREEN_PATH = '/offscreen.html';

let ensuring: Promise<void> | undefined;

/**
 * Creates the offscreen document unless it exists. Concurrent callers share one attempt, so the
 * document is created exactly once however many surfaces ask at the same moment.
 */
export function ensureEngineHost(): Promise<void> {
  if (ENGINE_RUNS_IN_BACKGROUND) return Promise.resolve();
  ensuring ??= createOffscreenDocumentOnce().finally(() => {
    ensuring = undefined;
  });
  return ensuring;
}

async function createOffscreenDocumentOnce(): Promise<void> {
  if (await offscreenDocumentExists()) return;
  try {
    await browser.offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: [browser.offscreen.Reason.WORKERS],
      justification: 'Runs the on-device language and captioning models (WebAssembly with threads, WebGPU).',
    });
  } catch (error) {
    // Another extension context (an older worker instance) may have won the race.
    if (!(await offscreenDocumentExists())) throw error;
  }
}

async function offscreenDocumentExists(): Promise<boolean> {
  const contexts = await browser.runtime.getContexts({
    contextTypes: [browser.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [browser.runtime.getURL(OFFSCREEN_PATH)],
  });
  return contexts.length > 0;
}
