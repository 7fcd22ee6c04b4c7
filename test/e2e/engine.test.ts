// The engine in the real extension: pointed at a loopback model host through the options page, it
// downloads a model it has never seen (with progress, resuming a broken download), answers from real
// input exactly as transformers.js does in Node, keeps answering with the host gone, stops on request,
// explains each failure, and contacts nothing but the model host.
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline, type TextGenerationPipeline } from '@huggingface/transformers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanRewrite } from '../../src/features/rewrite/clean';
import { rewriteMessages } from '../../src/features/rewrite/prompts';
import { buildFixtureModels, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID, expectedEchoAnswer } from '../fixtures/models/build-lib';
import { chooseInOptions, configureModels, launchExtension, sendProtocolMessage, setStoredSettings, type LoadedExtension } from '../support/extension';
import { startModelHost } from '../support/model-host';
import { isChromiumsOwn, startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

const MODEL_FILE = `${ECHO_CHAT_ID}/onnx/model_quantized.onnx`;

let extension: LoadedExtension;
let host: Awaited<ReturnType<typeof startModelHost>>;
let root: string;
let proxy: RecordingProxy;

beforeAll(async () => {
  await buildFixtureModels();
  // A copy of the fixtures plus a repo that has a config but no ONNX weights.
  root = mkdtempSync(join(tmpdir(), 'nano-banana-host-'));
  cpSync(DEFAULT_FIXTURES_DIR, root, { recursive: true });
  mkdirSync(join(root, 'someone/not-onnx'), { recursive: true });
  cpSync(join(DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID, 'config.json'), join(root, 'someone/not-onnx/config.json'));
  host = await startModelHost({ root });
  proxy = await startRecordingProxy();
  extension = await launchExtension({ proxy: proxy.url });
  await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID });
});

afterAll(async () => {
  await extension?.close();
  await host?.close();
  await proxy?.close();
});

/** Rewrites `text` from the side panel's pad and returns what the "Rewritten text" region shows. */
async function rewriteInPanel(panel: Page, text: string): Promise<string> {
  await panel.getByRole('tab', { name: 'Rewrite' }).click();
  await panel.getByLabel('Text to rewrite').fill(text);
  await panel.getByLabel('Tone').selectOption({ label: 'More formal' });
  await panel.getByRole('button', { name: 'Rewrite', exact: true }).click();
  const region = panel.getByRole('region', { name: 'Rewritten text' });
  await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
  const problem = panel.getByRole('alert');
  if (await problem.count()) throw new Error(`The rewrite failed: ${await problem.innerText()}`);
  return (await region.innerText()).trim();
}

/** The answer the same pipeline gives in Node (onnxruntime-node) for the same messages. */
async function answerInNode(messages: Array<{ role: string; content: string }>, maxNewTokens: number): Promise<string> {
  env.allowLocalModels = false;
  env.remoteHost = `${host.url}/`;
  env.cacheDir = mkdtempSync(join(tmpdir(), 'nano-banana-node-cache-'));
  const generator = (await pipeline('text-generation', ECHO_CHAT_ID, { dtype: 'q8' })) as TextGenerationPipeline;
  const [output] = (await generator(messages as never, { max_new_tokens: maxNewTokens, do_sample: false })) as Array<{
    generated_text: Array<{ content: string }>;
  }>;
  return output!.generated_text.at(-1)!.content;
}

describe('engine', () => {
  it('downloads a new model on first use, with progress, resuming a broken download', async () => {
    host.setFault(MODEL_FILE, { cutAfterBytes: 4000, times: 1 });
    const panel = await extension.openPage('sidepanel.html');
    const text = 'please send the banana report by friday';
    await panel.getByRole('tab', { name: 'Rewrite' }).click();
    await panel.getByLabel('Text to rewrite').fill(text);
    await panel.getByRole('button', { name: 'Rewrite', exact: true }).click();
    // The download's progress bar, named after the model, counts real bytes.
    const bar = panel.getByRole('progressbar', { name: `Downloading ${ECHO_CHAT_ID}` });
    await bar.waitFor({ timeout: 30_000 });
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/ of /);

    const region = panel.getByRole('region', { name: 'Rewritten text' });
    await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
    const shown = (await region.innerText()).trim();
    expect(shown).toContain('PLEASE SEND THE BANANA REPORT BY FRIDAY');

    const modelRequests = host.requests.filter((request) => request.path.endsWith('/onnx/model_quantized.onnx'));
    expect(modelRequests.some((request) => request.headers.range === 'bytes=4000-')).toBe(true);
    await panel.close();
  });

  it('answers exactly as transformers.js does in Node for the same input', async () => {
    const panel = await extension.openPage('sidepanel.html');
    const text = 'the quarterly numbers look good, thanks for the help';
    const shown = await rewriteInPanel(panel, text);
    const [, user] = rewriteMessages(text, 'formal');
    // rewriteText gives the fixture (one token per byte) room for 1.3x the text plus 32 tokens.
    const maxNewTokens = Math.ceil(Math.ceil(text.length * 1.1) * 1.3) + 32;
    const node = await answerInNode(rewriteMessages(text, 'formal'), maxNewTokens);
    expect(node).toBe(expectedEchoAnswer(user!.content, maxNewTokens));
    expect(shown).toBe(cleanRewrite(node, text));
    expect(shown).toContain('THE QUARTERLY NUMBERS LOOK GOOD');
    await panel.close();
  });

  it('stops a stream when asked, keeping what was written', async () => {
    const panel = await extension.openPage('sidepanel.html');
    // Long enough to be rewritten in several parts, so Stop lands mid-way.
    const text = Array.from({ length: 600 }, (_, i) => `sentence number ${i} about bananas.`).join(' ');
    await panel.getByRole('tab', { name: 'Rewrite' }).click();
    await panel.getByLabel('Text to rewrite').fill(text);
    await panel.getByRole('button', { name: 'Rewrite', exact: true }).click();
    const region = panel.getByRole('region', { name: 'Rewritten text' });
    const part = panel.getByText(/Rewriting part \d+ of \d+/);
    await expect.poll(() => part.innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/part 2 of/);
    const [, , total] = /part (\d+) of (\d+)/.exec(await part.innerText())!;
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => region.getAttribute('aria-busy')).toBe('false');
    const stopped = await region.innerText();
    await panel.waitForTimeout(1000);
    expect(await region.innerText()).toBe(stopped);
    expect(Number(total)).toBeGreaterThan(2);
    expect(stopped).toContain('SENTENCE NUMBER 0 ABOUT BANANAS');
    expect(stopped).not.toContain('SENTENCE NUMBER 599 ABOUT BANANAS');
    expect(await panel.getByRole('button', { name: 'Rewrite', exact: true }).isEnabled()).toBe(true);
    await panel.close();
  });

  it('keeps streaming when Chrome stops the service worker mid-answer', async () => {
    const panel = await extension.openPage('sidepanel.html');
    const text = Array.from({ length: 60 }, (_, i) => `line ${i} of the banana ledger`).join('. ');
    await panel.getByRole('tab', { name: 'Rewrite' }).click();
    await panel.getByLabel('Text to rewrite').fill(text);
    await panel.getByRole('button', { name: 'Rewrite', exact: true }).click();
    const region = panel.getByRole('region', { name: 'Rewritten text' });
    await expect.poll(async () => (await region.innerText()).length, { timeout: 60_000 }).toBeGreaterThan(10);
    // Stop every service worker, as Chrome does to idle extensions.
    const cdp = await extension.context.newCDPSession(panel);
    const stopped = new Promise<void>((resolve) =>
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((version) => version.runningStatus === 'stopped')) resolve();
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    expect(await region.getAttribute('aria-busy')).toBe('true');
    await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
    expect(await panel.getByRole('alert').count()).toBe(0);
    expect(await region.innerText()).toContain('LINE 59 OF THE BANANA LEDGER');
    await panel.close();
  });

  it('lists stored models with their size on the options page, and deletes them', async () => {
    const options = await extension.openPage('options.html');
    const row = options.getByRole('row', { name: new RegExp(ECHO_CHAT_ID) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/\d+(\.\d)? KB/);
    // A stored model is not offered for download: it says so, with its size.
    const downloads = options.getByRole('region', { name: 'Downloads' });
    await expect.poll(() => downloads.innerText(), { timeout: 30_000 }).toMatch(new RegExp(`${ECHO_CHAT_ID}: Stored \\(\\d+(\\.\\d)? KB\\)`));
    expect(await downloads.getByRole('button', { name: 'Download text model' }).count()).toBe(0);
    // Delete asks first; Cancel (where the focus goes) keeps the model.
    await options.getByRole('button', { name: `Delete ${ECHO_CHAT_ID}` }).click();
    const confirm = row.getByRole('group', { name: /^Delete \d+(\.\d)? KB\?$/ });
    await confirm.waitFor();
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.isVisible()).toBe(true);
    await options.getByRole('button', { name: `Delete ${ECHO_CHAT_ID}` }).click();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => options.getByRole('row', { name: new RegExp(ECHO_CHAT_ID) }).count()).toBe(0);
    // "Download text model" says how big it is, shows progress, and stores it again.
    await options.getByRole('button', { name: 'Download text model' }).click();
    await options.getByRole('status').filter({ hasText: `${ECHO_CHAT_ID} is ready.` }).waitFor({ timeout: 30_000 });
    expect(await options.getByText(new RegExp(`${ECHO_CHAT_ID}: \\d+(\\.\\d)? KB`)).count()).toBe(1);
    await options.reload();
    await options.getByRole('row', { name: new RegExp(ECHO_CHAT_ID) }).waitFor();
    await options.close();
  });

  it('says what went wrong: no such model, not a transformers.js model, host unreachable', async () => {
    const panel = await extension.openPage('sidepanel.html');
    const cases = [
      // The host that was asked is named.
      { settings: { textModel: 'someone/no-such-model' }, message: new RegExp(`There is no model "someone/no-such-model" on ${host.url.replace(/\./g, '\\.')}`) },
      { settings: { textModel: 'someone/not-onnx' }, message: /one converted for transformers\.js/ },
      { settings: { modelHost: 'http://127.0.0.1:9', textModel: 'someone/other-model' }, message: /Could not reach the model host/ },
    ];
    for (const { settings, message } of cases) {
      await configureModels(extension, settings);
      await panel.getByRole('tab', { name: 'Rewrite' }).click();
      await panel.getByLabel('Text to rewrite').fill('hello there');
      await panel.getByRole('button', { name: 'Rewrite', exact: true }).click();
      await expect.poll(() => panel.getByRole('alert').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(message);
    }
    await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID });
    await panel.close();
  });

  it('falls back from WebGPU to WASM with a notice, not an error', async () => {
    await chooseInOptions(extension, 'Processor for models in this browser', 'webgpu', 'device');
    const panel = await extension.openPage('sidepanel.html');
    // Headless Chromium here has navigator.gpu but no adapter, like a machine without a usable GPU.
    expect(await panel.evaluate(async () => (navigator as unknown as { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter())).toBeNull();
    expect(await rewriteInPanel(panel, 'gpu or not, here I come')).toContain('GPU OR NOT, HERE I COME');
    // The status reaches the panel over its own stream: give a loaded machine time.
    await expect
      .poll(() => panel.getByText('WebGPU is not available on this device; using the CPU (WASM) instead.').count(), { timeout: 15_000 })
      .toBe(1);
    await panel.close();
    await chooseInOptions(extension, 'Processor for models in this browser', 'auto', 'device');
  });

  it('unloads a model left idle for the set time, and loads it again when needed', async () => {
    const panel = await extension.openPage('sidepanel.html');
    const models = async () => (await sendProtocolMessage<{ models: unknown[] }>(panel, 'engineStatus')).models.length;
    await setStoredSettings(extension, { idleUnloadMinutes: 0.02 }); // 1.2 seconds
    await rewriteInPanel(panel, 'load me');
    await expect.poll(models, { timeout: 15_000 }).toBe(0);
    expect(await rewriteInPanel(panel, 'and again')).toContain('AND AGAIN');
    await setStoredSettings(extension, { idleUnloadMinutes: 10 });
    await panel.close();
  });

  it('closes its offscreen document once the model has unloaded, giving its memory back, and answers from a fresh one', async () => {
    const panel = await extension.openPage('sidepanel.html');
    const documentId = () =>
      extension.worker.evaluate(
        async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] }))[0]?.documentId,
      );
    await setStoredSettings(extension, { idleUnloadMinutes: 0.02 }); // 1.2 seconds
    await rewriteInPanel(panel, 'remember me');
    const first = await documentId();
    expect(first).toBeDefined();
    // WebAssembly memory never shrinks: the document that ran the model goes (the open panel's status watch
    // connects again, to a new one that holds nothing).
    await expect.poll(documentId, { timeout: 120_000, interval: 1000 }).not.toBe(first);
    expect(await rewriteInPanel(panel, 'and after')).toContain('AND AFTER');
    expect(await documentId()).not.toBe(first);
    await setStoredSettings(extension, { idleUnloadMinutes: 10 });
    await panel.close();
  });

  it('keeps answering from its cache with the host gone, and talked to no one else', async () => {
    const pageWords = 'offline banana inventory';
    await host.close();
    const panel = await extension.openPage('sidepanel.html');
    const shown = await rewriteInPanel(panel, pageWords);
    expect(shown).toContain('OFFLINE BANANA INVENTORY');
    await panel.close();

    // Every request the browser made went through the recording proxy: the engine's downloads did,
    // and nothing else went anywhere but the model hosts the tests configured.
    const hostOrigin = new URL(host.url).origin;
    const seen = proxy.requests;
    expect(seen.some((request) => request.url.startsWith(`${hostOrigin}/${ECHO_CHAT_ID}/resolve/main/onnx/`))).toBe(true);
    const elsewhere = seen.filter(
      (request) => !request.url.startsWith(`${hostOrigin}/`) && !request.url.startsWith('http://127.0.0.1:9/') && !isChromiumsOwn(request.url),
    );
    expect(elsewhere).toEqual([]);
    // The model host got no bodies, and addresses made of model ids and file names only; no request at
    // all (Chromium's own included) carried the words the user rewrote.
    expect(seen.filter((request) => request.url.startsWith(`${hostOrigin}/`) && request.body !== '')).toEqual([]);
    const userWords = /offline|inventory|quarterly|friday|ledger|report/i; // ("banana" is in the model ids)
    expect(seen.filter((request) => userWords.test(request.url) || userWords.test(request.body))).toEqual([]);
  });
});
