// Where the engine lives differs by browser; this is the one place that knows.
// Chrome: an offscreen document (service workers cannot run WASM threads or keep a model in memory).
// Firefox: the background page itself, which has a DOM and no offscreen API.
import { browser } from 'wxt/browser';

export const ENGINE_RUNS_IN_BACKGROUND = import.meta.env.FIREFOX;

/**
 * The engine's host can be stopped and started again under a request, so a request cut off this way is
 * asked again (engine/client.ts): the model answers greedily, so the answer replays identically and the
 * surface skips what it has already shown. Firefox suspends an idle event page (and about:debugging can
 * terminate it), taking the engine with it; the next message wakes it with an empty engine. Chrome's
 * offscreen document closes itself once its models have unloaded (engine/host.ts, `closeWhenIdle`): a
 * status watch it drops connects again, to a fresh document.
 */
export const ENGINE_HOST_MAY_RESTART = true;

let backgroundEngineStarted: Promise<void> | undefined;

/**
 * Firefox: the background page hands over its engine host's start, so that `ensureEngine` answers only
 * once the host listens (a message that wakes a suspended background would otherwise find no listener).
 */
export function setBackgroundEngineHost(started: Promise<unknown>): void {
  backgroundEngineStarted = started.then(() => undefined);
}

const OFFSCREEN_PATH = '/offscreen.html';

let ensuring: Promise<void> | undefined;

/**
 * Creates the offscreen document unless it exists. Concurrent callers share one attempt, so the
 * document is created exactly once however many surfaces ask at the same moment.
 */
export function ensureEngineHost(): Promise<void> {
  if (ENGINE_RUNS_IN_BACKGROUND) return backgroundEngineStarted ?? Promise.resolve();
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
      reasons: [browser.offscreen.Reason.WORKERS, browser.offscreen.Reason.CLIPBOARD],
      justification: 'Runs the on-device language and captioning models (WebAssembly with threads, WebGPU), and copies text for in-page cards.',
    });
  } catch (error) {
    // Another extension context (an older worker instance) may have won the race.
    if (!(await offscreenDocumentExists())) throw error;
  }
}

/**
 * Closes the offscreen document (at its own request, when it holds no model): WebAssembly memory never
 * shrinks, so a model's memory goes back to the system only with the document that ran it.
 */
export async function closeEngineHost(): Promise<void> {
  if (ENGINE_RUNS_IN_BACKGROUND) return;
  await ensuring?.catch(() => undefined);
  if (await offscreenDocumentExists()) await browser.offscreen.closeDocument();
}

async function offscreenDocumentExists(): Promise<boolean> {
  const contexts = await browser.runtime.getContexts({
    contextTypes: [browser.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [browser.runtime.getURL(OFFSCREEN_PATH)],
  });
  return contexts.length > 0;
}
