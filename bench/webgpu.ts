/**
 * `npm run bench -- --webgpu`: the extension's own engine host on WebGPU, in headless Chromium with
 * Chromium's SwiftShader adapter (a CPU implementation of WebGPU: its times are CPU emulation, not a
 * GPU's), against the same engine on WASM in the same browser: the same prompt, greedy, the same tokens?
 *
 * The engine picks its dtypes itself, as for a person: on an adapter without `shader-f16` the text twin
 * runs its q4 file and the captioner its fp32 files (the twin `BENCH_CAPTIONER_FP32_ID`, which has only
 * those, so WASM runs the same files: the comparison is between devices, not dtypes). Where the adapter
 * has `shader-f16` the engine would pick q4f16/fp16 (src/engine/transformers-engine.ts, DTYPE_PREFERENCE),
 * files these twins do not have; SwiftShader has no f16, so that path is not run here.
 */
import type { Page } from 'playwright-core';
import type { EngineStatus, GenerateResult } from '../src/engine/types';
import { configure, patchStored, playwrightEngine, prepare, type EngineDriver } from './extension';
import { launchBenchBrowser, type BenchBrowser } from './lib/browser';
import { median, randomImage, summarizeRuns } from './lib/measure';

export const SWIFTSHADER_WEBGPU = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

export interface WebGpuAdapter {
  architecture: string;
  vendor: string;
  shaderF16: boolean;
  maxBufferMB: number;
}

export interface DeviceRun {
  device: 'wasm' | 'webgpu';
  /** What the engine reported it ran each model on (it falls back to WASM only when asked for "auto"). */
  ranOn: Record<string, string | undefined>;
  loadMs: number;
  runs: Array<{ firstTokenMs: number; totalMs: number; tokens: number; text: string }>;
  captionerLoadMs: number;
  captions: Array<{ ms: number; text: string }>;
}

export interface WebGpuResult {
  adapter: WebGpuAdapter | null;
  /** Why there was nothing to run on, when there was not. */
  unavailable?: string;
  /** Why WebGPU gave no whole run to compare (an error, or no answer within the time limit). */
  failed?: string;
  webgpu?: DeviceRun;
  /** What WebGPU had done when it failed (the text runs, say, when the captioner ran out of time). */
  webgpuPartial?: Partial<DeviceRun>;
  wasm?: DeviceRun;
}

/** The adapter an extension page gets, or why there is none. */
export async function findAdapter(page: Page): Promise<WebGpuAdapter | string> {
  return page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ features: Set<string>; limits: { maxBufferSize: number }; info?: { architecture: string; vendor: string } } | null> } }).gpu;
    if (!gpu) return 'navigator.gpu is missing (WebGPU is off in this browser)';
    const adapter = await gpu.requestAdapter().catch((error: Error) => error.message);
    if (typeof adapter === 'string') return `requestAdapter() failed: ${adapter}`;
    if (!adapter) return 'requestAdapter() found no adapter';
    return {
      architecture: adapter.info?.architecture ?? '',
      vendor: adapter.info?.vendor ?? '',
      shaderF16: adapter.features.has('shader-f16'),
      maxBufferMB: adapter.limits.maxBufferSize / 2 ** 20,
    };
  });
}

export interface WebGpuJob {
  modelHost: string;
  textModel: string;
  captioner: string;
  prompt: string;
  warmup: string;
  runs: number;
  maxNewTokens: number;
  images: number;
  captionTokens: number;
  firstImage: number;
  /** Most minutes the WebGPU side may take (SwiftShader is slow on a busy machine): then it counts as failed. */
  webgpuLimitMinutes: number;
}

/** `reference`: WASM's run, to say as soon as each part is done whether WebGPU gave the same (a later part may not finish in time). */
async function runOn(
  browser: BenchBrowser,
  device: 'wasm' | 'webgpu',
  job: WebGpuJob,
  log: (line: string) => void,
  reference?: DeviceRun,
  /** Filled in as each part is done, so that a run cut short still tells what it did. */
  partial: Partial<DeviceRun> = {},
): Promise<DeviceRun> {
  await patchStored(browser, 'settings', { device });
  const page = await browser.openPage('options.html');
  try {
    const engine = playwrightEngine(page);
    // A caption is cached by model and pixels, whatever device made it: clear it, or the second device reads the first's.
    await engine.send('clearCachedCaptions');
    const loadMs = await prepare(engine, 'text-generation');
    partial.loadMs = loadMs;
    log(`  ${device}: text model loaded in ${Math.round(loadMs)} ms`);
    const generate = (content: string, maxNewTokens: number) =>
      engine.stream<GenerateResult>('generate', { messages: [{ role: 'user', content }], maxNewTokens });
    await generate(job.warmup, 4);
    const runs: DeviceRun['runs'] = [];
    partial.runs = runs;
    for (let i = 0; i < job.runs; i++) {
      const run = await generate(job.prompt, job.maxNewTokens);
      runs.push({ firstTokenMs: run.firstChunkMs, totalMs: run.totalMs, tokens: run.result.tokens, text: run.result.text });
      const same = reference ? `; same answer as WASM: ${reference.runs[i]?.text === run.result.text ? 'yes' : 'NO'}` : '';
      log(`  ${device}: first token ${Math.round(run.firstChunkMs)} ms, ${run.result.tokens} tokens in ${Math.round(run.totalMs)} ms${same}`);
    }
    const { captionerLoadMs, captions } = await captionsOn(engine, job);
    log(`  ${device}: captioner loaded in ${Math.round(captionerLoadMs)} ms; ${captions.map((c) => Math.round(c.ms)).join(', ')} ms per image`);
    const status = await engine.send<EngineStatus>('engineStatus');
    const ranOn = Object.fromEntries(status.models.map((model) => [model.modelId, model.device]));
    return { device, ranOn, loadMs, runs, captionerLoadMs, captions };
  } finally {
    await page.close();
  }
}

/** The first caption warms up, as on WASM; each image is a new one. */
async function captionsOn(engine: EngineDriver, job: WebGpuJob) {
  const captionerLoadMs = await prepare(engine, 'image-to-text');
  const captions: DeviceRun['captions'] = [];
  for (let i = 0; i <= job.images; i++) {
    const { width, height, rgba } = randomImage(job.firstImage + i);
    const image = { width, height, rgba: Buffer.from(rgba).toString('base64') };
    const run = await engine.stream<{ text: string }>('caption', { image, maxNewTokens: job.captionTokens });
    captions.push({ ms: i === 0 ? NaN : run.totalMs, text: run.result.text });
  }
  return { captionerLoadMs, captions };
}

/**
 * Downloads both twins into `profile`, then runs them on WebGPU and on WASM in one browser with the
 * SwiftShader adapter. WASM reads the files as they are (`wasmGraph: false`: no rewrite for WASM), so the
 * two devices compute the same graph.
 */
export async function benchWebGpu(extensionDir: string, profile: string, job: WebGpuJob, log: (line: string) => void): Promise<WebGpuResult> {
  const browser = await launchBenchBrowser(extensionDir, profile, SWIFTSHADER_WEBGPU);
  try {
    const probe = await browser.openPage('options.html');
    const adapter = await findAdapter(probe);
    await probe.close();
    if (typeof adapter === 'string') return { adapter: null, unavailable: adapter };
    log(`  adapter: ${JSON.stringify(adapter)}`);
    await configure(browser, { modelHost: job.modelHost, textModel: job.textModel, imageModel: job.captioner, wasmThreads: 0, wasmGraph: false });
    {
      await patchStored(browser, 'settings', { device: 'wasm' });
      const page = await browser.openPage('options.html');
      const engine = playwrightEngine(page);
      log(`  downloaded the text twin in ${Math.round(await prepare(engine, 'text-generation'))} ms, the captioner in ${Math.round(await prepare(engine, 'image-to-text'))} ms`);
      await page.close();
    }
    const wasm = await runOn(browser, 'wasm', job, log);
    const limitMs = job.webgpuLimitMinutes * 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overTime = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${job.webgpuLimitMinutes} minutes`)), limitMs);
    });
    const webgpuPartial: Partial<DeviceRun> = {};
    try {
      const webgpu = await Promise.race([runOn(browser, 'webgpu', job, log, wasm, webgpuPartial), overTime]);
      return { adapter, webgpu, wasm };
    } catch (error) {
      return { adapter, wasm, webgpuPartial, failed: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
  }
}

const LABEL = 'WebGPU on SwiftShader (CPU emulation, not GPU times)';

/** The figures of `benchWebGpu`, medians, and whether WebGPU gave WASM's tokens and captions. */
export function webgpuFigures(result: WebGpuResult, promptTokens: number) {
  if (!result.adapter) return { adapter: null, unavailable: result.unavailable ?? 'not run', matchesWasm: null };
  const sameRuns = (runs: DeviceRun['runs'], reference: DeviceRun['runs']) =>
    runs.length === reference.length && runs.every((run, i) => run.text === reference[i]!.text && run.tokens === reference[i]!.tokens);
  if (!result.webgpu || !result.wasm) {
    // Cut short: answers that differ already say false; answers that agree say nothing of the captions not
    // compared, so null (not established), never false for a mismatch that was not seen.
    const runs = result.webgpuPartial?.runs ?? [];
    const textSoFar = result.wasm && runs.length > 0 ? runs.every((run, i) => run.text === result.wasm!.runs[i]?.text && run.tokens === result.wasm!.runs[i]?.tokens) : null;
    const texts = result.wasm ? { webgpu: runs.map((r) => r.text), wasm: result.wasm.runs.map((r) => r.text) } : undefined;
    return { adapter: result.adapter, failed: result.failed ?? 'no answer', textRunsCompared: runs.length, sameTextSoFar: textSoFar, texts, matchesWasm: textSoFar === false ? false : null };
  }
  const side = (run: DeviceRun) => {
    const s = summarizeRuns(run.runs, promptTokens);
    const round = (value: number, digits = 0) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
    return {
      ranOn: run.ranOn,
      modelLoadMs: round(run.loadMs),
      timeToFirstTokenMs: round(s.timeToFirstTokenMs),
      prefillTokensPerSecond: round(s.prefillTokensPerSecond, 1),
      decodeTokensPerSecond: round(s.decodeTokensPerSecond, 2),
      captionerLoadMs: round(run.captionerLoadMs),
      altTextMsPerImage: round(median(run.captions.map((c) => c.ms))),
    };
  };
  const { webgpu, wasm } = result;
  const sameText = sameRuns(webgpu.runs, wasm.runs);
  const sameCaptions = webgpu.captions.length === wasm.captions.length && webgpu.captions.every((c, i) => c.text === wasm.captions[i]!.text);
  // The engine may only say it ran on WebGPU when it did: a silent WASM run would compare WASM with itself.
  const onWebGpu = Object.values(webgpu.ranOn).every((device) => device === 'webgpu');
  return {
    adapter: result.adapter,
    webgpu: side(webgpu),
    wasm: side(wasm),
    sameText,
    sameCaptions,
    onWebGpu,
    matchesWasm: onWebGpu && sameText && sameCaptions,
    texts: { webgpu: webgpu.runs.map((r) => r.text), wasm: wasm.runs.map((r) => r.text) },
    captions: { webgpu: webgpu.captions.map((c) => c.text), wasm: wasm.captions.map((c) => c.text) },
  };
}

export type WebGpuFigures = ReturnType<typeof webgpuFigures>;

/** Markdown rows: WebGPU beside WASM on the same files in the same browser. */
export function webgpuRows(f: WebGpuFigures, about: { textTwin: string; captioner: string; promptTokens: number; decodeTokens: number; captionTokens: number }): string[] {
  if (!('webgpu' in f) || !f.webgpu) {
    const why = 'failed' in f ? `WebGPU failed: ${f.failed}` : `no WebGPU: ${'unavailable' in f ? f.unavailable : ''}`;
    return [`| ${LABEL} | |`, '|---|---|', `| ${about.textTwin}; ${about.captioner} | ${why} |`];
  }
  const fmt = (v: number | null, unit = '') => (v === null ? '–' : `${v.toLocaleString('en-US')}${unit}`);
  const row = (label: string, gpu: number | null, cpu: number | null, unit = '') => `| ${label} | ${fmt(gpu, unit)} | ${fmt(cpu, unit)} |`;
  const { webgpu: g, wasm: w } = f;
  return [
    `| ${LABEL}: ${about.textTwin}; ${about.captioner} | WebGPU (SwiftShader) | WASM, same files, same browser |`,
    '|---|---:|---:|',
    row('Text model load (from the cache)', g.modelLoadMs, w.modelLoadMs, ' ms'),
    row(`Prefill, tokens/s (${about.promptTokens}-token page)`, g.prefillTokensPerSecond, w.prefillTokensPerSecond),
    row(`Decode, tokens/s (${about.decodeTokens} tokens)`, g.decodeTokensPerSecond, w.decodeTokensPerSecond),
    row(`Time to first token, ${about.promptTokens}-token page`, g.timeToFirstTokenMs, w.timeToFirstTokenMs, ' ms'),
    row('Captioner load (from the cache)', g.captionerLoadMs, w.captionerLoadMs, ' ms'),
    row(`Alt text per image (${about.captionTokens}-token caption)`, g.altTextMsPerImage, w.altTextMsPerImage, ' ms'),
    `| Same tokens as WASM (greedy: answers${f.sameText ? '' : ' DIFFER'}, captions${f.sameCaptions ? '' : ' DIFFER'}${f.onWebGpu ? '' : '; NOT ALL ON WEBGPU'}) | ${f.matchesWasm ? 'yes' : 'no'} | |`,
  ];
}
