// The product's features in Firefox ESR, end to end: the Firefox build installed in a real (headless)
// Firefox, driven over Marionette, running the scenarios shared with Chromium (test/e2e/scenarios/).
import { describe, expect, it } from 'vitest';
import { launchFirefoxExtension } from '../support/firefox';
import { featureScenarioTests, popupRenders, setUpFeatureWorld, sidePanelRenders } from './scenarios/features';

const suite = setUpFeatureWorld(() => launchFirefoxExtension());

describe('Firefox: installed', () => {
  it('is installed as the gecko id the manifest declares, at the fixed moz-extension host', async () => {
    const policy = await suite.world.extension.evaluateInChrome((id) => {
      const found = (globalThis as unknown as { WebExtensionPolicy: { getByID(id: string): { mozExtensionHostname: string; active: boolean } | null } })
        .WebExtensionPolicy.getByID(id);
      return found && { host: found.mozExtensionHostname, active: found.active };
    }, suite.world.extension.id);
    expect(policy).toEqual({ host: suite.world.extension.uuid, active: true });
  });

  it('reads the manifest without a warning', async () => {
    const warnings = await suite.world.extension.evaluateInChrome(
      (id) => (globalThis as unknown as { WebExtensionPolicy: { getByID(id: string): { extension: { warnings: string[] } } } }).WebExtensionPolicy.getByID(id).extension.warnings,
      suite.world.extension.id,
    );
    expect(warnings).toEqual([]);
  });
});

describe('Firefox: surfaces', () => {
  it('renders the sidebar page', async () => {
    const panel = await sidePanelRenders(suite.world);
    await panel.close();
  });

  it('renders the popup with its quick actions enabled on a web page', async () => {
    await popupRenders(suite.world);
  });
});

describe('Firefox: threads', () => {
  // The evidence behind the README's "Threads in Firefox": Firefox 153 has no manifest keys for COOP/COEP
  // (given Chrome's cross_origin_embedder_policy and cross_origin_opener_policy, it warned "An unexpected
  // property was found in the WebExtension manifest"; the Firefox build no longer carries them), extension
  // pages have no HTTP headers to send them with, and Firefox isolates only http(s) documents (in their own
  // "webCOOP+COEP" processes). Should a later Firefox isolate
  // extension pages, this test fails, and the engine's threads should be switched on there.
  it('gives extension pages no cross-origin isolation, so the engine runs on one thread', async () => {
    const panel = await suite.world.extension.openPage('sidepanel.html');
    const seen = await panel.evaluate(async () => {
      // Firefox does let the page make shared WebAssembly memory, but not hand it to a worker, which is
      // what WASM threads are: each thread is a worker sharing the module's memory.
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
      let posted = 'posted';
      const worker = new Worker(browser.runtime.getURL('/ort/ort-wasm-simd-threaded.asyncify.mjs'), { type: 'module' });
      try {
        worker.postMessage(memory);
      } catch (error) {
        posted = `${(error as Error).name}: ${(error as Error).message}`;
      } finally {
        worker.terminate();
      }
      return { isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer, posted };
    });
    expect(seen.isolated).toBe(false);
    expect(seen.sab).toBe('undefined');
    expect(seen.posted).toMatch(/^DataCloneError: .*Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy/);
    const status = await panel.evaluate(async () => {
      const reply = (await browser.runtime.sendMessage({ id: 1, type: 'engineStatus', timestamp: Date.now() })) as {
        res: { crossOriginIsolated: boolean; threads: number };
      };
      return { crossOriginIsolated: reply.res.crossOriginIsolated, threads: reply.res.threads };
    });
    expect(status).toEqual({ crossOriginIsolated: false, threads: 1 });
    await panel.close();
  });
});

describe('Firefox: features', () => {
  featureScenarioTests(suite);
});
