// The engine on WebGPU, run for real: Chromium's SwiftShader is a CPU implementation of WebGPU (an adapter
// with architecture "swiftshader" and no shader-f16), so the engine host gets an adapter here and runs the
// fixture models through onnxruntime-web's WebGPU backend, in the dtypes an adapter without f16 needs
// (echo-chat q4; the captioner fp32). Each feature gives the answers its shared scenario expects from the
// input, and greedy decoding gives the same tokens on WebGPU as on WASM. SwiftShader's speed says nothing
// about a GPU's, so nothing here is timed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../../src/engine/types';
import { COLOR_CAPTIONER_ID, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { launchChromiumDriven } from '../support/chromium-driven';
import { drivenPage } from '../support/chromium-page';
import { sendProtocolMessage } from '../support/extension';
import { altTextSameAndCrossOrigin, rewriteInPanel, rewriteReplaceAndUndo, setUpFeatureWorld, summarizePage } from './scenarios/features';

const SWIFTSHADER_WEBGPU = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

const suite = setUpFeatureWorld(() => launchChromiumDriven({ args: SWIFTSHADER_WEBGPU }));

async function chooseProcessor(processor: 'wasm' | 'webgpu'): Promise<void> {
  const options = await suite.world.extension.loaded.openPage('options.html');
  await options.getByLabel('Processor for models in this browser').selectOption(processor);
  // Saved as the person chooses; vi.waitFor, not expect.poll, as this also runs in a beforeAll.
  await vi.waitFor(async () => {
    const stored = (await suite.world.extension.evaluateInBackground(async () => (await chrome.storage.local.get('settings'))['settings'])) as { device?: string };
    expect(stored.device).toBe(processor);
  });
  await options.close();
}

async function modelsRunning(page: Page): Promise<Array<{ modelId: string; device?: string }>> {
  const status = await sendProtocolMessage<EngineStatus>(page, 'engineStatus');
  return status.models.map(({ modelId, device }) => ({ modelId, device }));
}

describe('Chromium on WebGPU (SwiftShader)', () => {
  beforeAll(async () => {
    await chooseProcessor('webgpu');
  });

  it('finds a WebGPU adapter in the extension, without shader-f16', async () => {
    const page = await suite.world.extension.loaded.openPage('sidepanel.html');
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu: { requestAdapter(): Promise<{ features: Set<string>; info?: { architecture: string } } | null> } }).gpu;
      const found = await gpu.requestAdapter();
      return found && { architecture: found.info?.architecture, shaderF16: found.features.has('shader-f16') };
    });
    expect(adapter).toEqual({ architecture: 'swiftshader', shaderF16: false });
    await page.close();
  });

  // SwiftShader runs the shaders on the CPU, a long page's prompt included: more time than the other tests.
  it('summarizes a page on WebGPU: the quick summary, then the model’s answer from the page’s text', { timeout: 240_000 }, async () => {
    await summarizePage(suite.world);
    const page = await suite.world.extension.loaded.openPage('options.html');
    expect(await modelsRunning(page)).toContainEqual({ modelId: ECHO_CHAT_ID, device: 'webgpu' });
    await page.close();
  });

  it('rewrites from the context menu on WebGPU, replaces and undoes', async () => {
    await rewriteReplaceAndUndo(suite.world);
  });

  it('describes a same-origin and a cross-origin image on WebGPU', async () => {
    await altTextSameAndCrossOrigin(suite.world);
    const page = await suite.world.extension.loaded.openPage('options.html');
    expect(await modelsRunning(page)).toContainEqual({ modelId: COLOR_CAPTIONER_ID, device: 'webgpu' });
    await page.close();
  });

  it('answers token for token as WASM does', async () => {
    const text = 'WebGPU and WebAssembly should agree on every single token of this sentence.';
    const rewriteOn = async (processor: 'wasm' | 'webgpu') => {
      await chooseProcessor(processor);
      const raw = await suite.world.extension.loaded.openPage('sidepanel.html');
      const answer = await rewriteInPanel(drivenPage(raw), text);
      const running = await modelsRunning(raw);
      await raw.close();
      expect(running).toContainEqual({ modelId: ECHO_CHAT_ID, device: processor });
      return answer;
    };
    const onGpu = await rewriteOn('webgpu');
    const onCpu = await rewriteOn('wasm');
    expect(onGpu).toBe(onCpu);
    expect(onGpu).toContain(text.toUpperCase().slice(0, 20));
    await chooseProcessor('webgpu');
  });
});
