/**
 * The native side of the benchmark: the same model files, prompts and generation settings through
 * transformers.js on onnxruntime-node (the CPU build of ONNX Runtime), in a process of its own so its
 * peak memory is its own. Run by bench/run.ts:
 *
 *   npx tsx bench/native.ts '{"task":"text","threads":2,...}'
 *
 * Prints one line `RESULT <json>`.
 */
import { readFileSync } from 'node:fs';
import { env, pipeline, RawImage, TextStreamer, type ImageToTextPipeline, type TextGenerationPipeline } from '@huggingface/transformers';
import { randomImage, summarizeRuns, type GenerationRun } from './lib/measure';

export interface NativeJob {
  task: 'text' | 'caption';
  modelsRoot: string;
  modelId: string;
  dtype: 'q4' | 'q8';
  threads: number;
  /** text: the prompts (user message texts) to time, after one warm-up. */
  prompts?: string[];
  warmup?: string;
  maxNewTokens: number;
  /** caption: how many images. */
  images?: number;
}

export interface NativeResult {
  loadMs: number;
  runs: GenerationRun[];
  captionMs: number[];
  /** VmRSS before loading, VmHWM at the end (MB). */
  baselineRssMB: number;
  peakRssMB: number;
  /** VmRSS after the model loaded and after the runs (MB). */
  loadedRssMB: number;
  endRssMB: number;
}

function procStatusMB(field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** One generation as the engine runs it (src/engine/transformers-engine.ts runGeneration): greedy, streamed. */
async function generate(generator: TextGenerationPipeline, content: string, maxNewTokens: number): Promise<GenerationRun> {
  let firstChunk = NaN;
  let tokens = 0;
  const streamer = new TextStreamer(generator.tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: (piece: string) => {
      if (piece && Number.isNaN(firstChunk)) firstChunk = performance.now();
    },
    token_callback_function: (ids: bigint[]) => {
      tokens += ids.length;
    },
  });
  const started = performance.now();
  await generator([{ role: 'user', content }], { max_new_tokens: maxNewTokens, do_sample: false, streamer } as Record<string, unknown>);
  const done = performance.now();
  return { firstTokenMs: firstChunk - started, totalMs: done - started, tokens };
}

export async function runNative(job: NativeJob): Promise<NativeResult> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = job.modelsRoot.endsWith('/') ? job.modelsRoot : `${job.modelsRoot}/`;
  env.useFSCache = false;
  const session_options = { intraOpNumThreads: job.threads, interOpNumThreads: 1 };
  const baselineRssMB = procStatusMB('VmRSS');
  const started = performance.now();
  const loaded = await pipeline(job.task === 'text' ? 'text-generation' : 'image-to-text', job.modelId, {
    dtype: job.dtype,
    device: 'cpu',
    session_options,
  });
  const loadMs = performance.now() - started;
  const loadedRssMB = procStatusMB('VmRSS');
  const runs: GenerationRun[] = [];
  const captionMs: number[] = [];
  if (job.task === 'text') {
    const generator = loaded as TextGenerationPipeline;
    if (job.warmup) await generate(generator, job.warmup, 4);
    for (const prompt of job.prompts ?? []) runs.push(await generate(generator, prompt, job.maxNewTokens));
  } else {
    const captioner = loaded as ImageToTextPipeline;
    for (let i = 0; i <= (job.images ?? 0); i++) {
      const { width, height, rgba } = randomImage(i);
      const image = new RawImage(new Uint8ClampedArray(rgba.buffer), width, height, 4).rgb();
      const t = performance.now();
      await captioner(image, { max_new_tokens: job.maxNewTokens });
      if (i > 0) captionMs.push(performance.now() - t); // the first one warms up
    }
  }
  return { loadMs, runs, captionMs, baselineRssMB, loadedRssMB, endRssMB: procStatusMB('VmRSS'), peakRssMB: procStatusMB('VmHWM') };
}

if (process.argv[2]) {
  const result = await runNative(JSON.parse(process.argv[2]) as NativeJob);
  console.log(`RESULT ${JSON.stringify(result)}`);
  console.error(JSON.stringify(summarizeRuns(result.runs)));
}
