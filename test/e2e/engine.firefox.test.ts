// The engine in Firefox ESR: it lives in the background page (Firefox has no offscreen documents). First
// use downloads the model with progress; afterwards it answers with the model host gone; the browser's
// every request goes through a recording proxy, which sees nothing but the model host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModels, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { launchFirefoxExtension, type FirefoxExtension } from '../support/firefox';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';
import { expectedRewrite, firstUseDownload, rewriteInPanel } from './scenarios/features';
import { alertsIn, configureModels, regionState } from '../support/steps';

/** The parts of Firefox's Extension object (ExtensionParent) this file uses. */
interface FirefoxExtensionObject {
  terminateBackground(options?: { disableResetIdleForTest?: boolean }): Promise<void>;
  backgroundState: string;
}

let extension: FirefoxExtension;
let host: ModelHost;
let proxy: RecordingProxy;

beforeAll(async () => {
  await buildFixtureModels();
  host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  proxy = await startRecordingProxy();
  extension = await launchFirefoxExtension({ proxy: proxy.url });
  await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID });
});

afterAll(async () => {
  await extension?.close();
  await host?.close();
  await proxy?.close();
});

describe('Firefox: engine', () => {
  it('downloads a new model on first use, with progress, and answers from it', async () => {
    await firstUseDownload(extension);
    expect(host.requests.some((request) => request.path.endsWith('/onnx/model_quantized.onnx'))).toBe(true);
  });

  it('keeps streaming when Firefox suspends the background page mid-answer', async () => {
    const panel = await extension.openPage('sidepanel.html');
    const text = Array.from({ length: 60 }, (_, i) => `line ${i} of the banana ledger`).join('. ');
    await panel.click({ role: 'tab', name: 'Rewrite' });
    await panel.fill({ label: 'Text to rewrite' }, text);
    await panel.selectOption({ label: 'Tone' }, 'More formal');
    await panel.click({ role: 'button', name: 'Rewrite' });
    const output = () => regionState(panel, '[role="region"][aria-label="Rewritten text"]');
    await expect.poll(async () => (await output())?.text.length ?? 0, { timeout: 60_000 }).toBeGreaterThan(10);
    // What Firefox does to an idle event page (and about:debugging's "Terminate background script").
    const suspended = await extension.evaluateInChrome(async (id) => {
      const { extension } = (globalThis as unknown as { WebExtensionPolicy: { getByID(id: string): { extension: FirefoxExtensionObject } } })
        .WebExtensionPolicy.getByID(id);
      await extension.terminateBackground({ disableResetIdleForTest: true });
      return extension.backgroundState;
    }, extension.id);
    expect(suspended).toBe('stopped');
    expect((await output())?.busy).toBe('true');
    await expect.poll(async () => (await output())?.busy, { timeout: 90_000 }).toBe('false');
    expect(await alertsIn(panel)).toEqual([]);
    // The whole answer, once: the restarted engine's replay of what was already shown is not shown twice.
    expect((await output())?.text).toBe(expectedRewrite(text, 'formal'));
    expect((await output())?.text).toContain('LINE 59 OF THE BANANA LEDGER');
    await panel.close();
  });

  it('keeps answering from its cache with the host gone, and talked to no one else', async () => {
    await host.close();
    const panel = await extension.openPage('sidepanel.html');
    expect(await rewriteInPanel(panel, 'offline banana inventory')).toContain('OFFLINE BANANA INVENTORY');
    await panel.close();

    const hostOrigin = new URL(host.url).origin;
    const seen = proxy.requests;
    expect(seen.some((request) => request.url.startsWith(`${hostOrigin}/${ECHO_CHAT_ID}/resolve/main/onnx/`))).toBe(true);
    // Nothing went anywhere but the model host: neither the extension nor Firefox itself (its own
    // services are switched off in the test profile, and their addresses point at 127.0.0.1:9).
    const elsewhere = seen.filter((request) => !request.url.startsWith(`${hostOrigin}/`) && !request.url.startsWith('http://127.0.0.1:9/'));
    expect(elsewhere).toEqual([]);
    expect(seen.filter((request) => request.url.startsWith(`${hostOrigin}/`) && request.body !== '')).toEqual([]);
    const userWords = /offline|inventory|friday|report/i;
    expect(seen.filter((request) => userWords.test(request.url) || userWords.test(request.body))).toEqual([]);
  });
});
