// Where the engine lives differs by browser; this is the one place that knows.
// Chrome: an offscreen document (service workers cannot run WASM threads or keep a model in memory).
// Firefox: the background page itself, which has a DOM and no offscreen API.
import { browser } from 'wxt/browser';

export const ENGINE_RUNS_IN_BACKGROUND = import.meta.env.FIREFOX;

/**
 * Whether the engine's host can be stopped and started again under a request: Firefox suspends an idle
 * event page (and about:debugging can terminate it), taking the engine with it; the next message wakes it
 * with an empty engine. Firefox has no offscreen document or other hidden extension page that outlives the
 * background, so instead a request cut off this way is asked again (engine/client.ts): the model answers
 * greedily, so the answer replays identically and the surface skips what it has already shown.
 */
export const ENGINE_HOST_MAY_RESTART = ENGINE_RUNS_IN_BACKGROUND;

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
