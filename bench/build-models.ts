/**
 * Generates the benchmark models into bench/models/ (gitignored) in the Hub layout the model host
 * serves: twins of the default text model and captioner (see bench/lib/*-model.ts). Skipped when the
 * generator sources have not changed since the last build.
 *
 *   npx tsx bench/build-models.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_CAPTIONER_FP32_ID, BENCH_CAPTIONER_ID, writeCaptionerModel } from './lib/captioner-model';
import { BENCH_TEXT_MODEL_ID, BENCH_TEXT_SHORT_ID, BENCH_TEXT_SHORT_LAYERS, writeTextModel, type BenchPrompts } from './lib/text-model';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const MODELS_DIR = join(BENCH_DIR, 'models');
const STAMP = join(MODELS_DIR, 'stamp.json');

export interface BuiltModels {
  root: string;
  textModel: { id: string; onnxBytes: number };
  /** The text twin with 4 of its 32 layers, for WebGPU on SwiftShader (bench/webgpu.ts). */
  textModelShort: { id: string; onnxBytes: number; layers: number };
  captioner: { id: string; onnxBytes: number };
  /** The captioner in fp32, for WebGPU without shader-f16 (bench/webgpu.ts). */
  captionerFp32: { id: string; onnxBytes: number };
  prompts: BenchPrompts;
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...readdirSync(join(BENCH_DIR, 'lib')).map((f) => join(BENCH_DIR, 'lib', f)),
    resolve(BENCH_DIR, '../src/engine/presets.ts'),
    fileURLToPath(import.meta.url),
  ].sort();
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

export function buildBenchModels(log: (line: string) => void = console.log): BuiltModels {
  const hash = sourcesHash();
  if (existsSync(STAMP)) {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as BuiltModels & { hash: string };
    const present = [BENCH_TEXT_MODEL_ID, BENCH_TEXT_SHORT_ID, BENCH_CAPTIONER_ID, BENCH_CAPTIONER_FP32_ID].every((id) => existsSync(join(MODELS_DIR, id, 'config.json')));
    if (stamp.hash === hash && present) {
      log('Benchmark models are up to date.');
      return { ...stamp, root: MODELS_DIR };
    }
  }
  rmSync(MODELS_DIR, { recursive: true, force: true });
  const started = performance.now();
  const text = writeTextModel(MODELS_DIR);
  const textShort = writeTextModel(MODELS_DIR, BENCH_TEXT_SHORT_LAYERS);
  const captioner = writeCaptionerModel(MODELS_DIR);
  const captionerFp32 = writeCaptionerModel(MODELS_DIR, 'fp32');
  const built: BuiltModels = {
    root: MODELS_DIR,
    textModel: { id: BENCH_TEXT_MODEL_ID, onnxBytes: text.onnxBytes },
    textModelShort: { id: BENCH_TEXT_SHORT_ID, onnxBytes: textShort.onnxBytes, layers: BENCH_TEXT_SHORT_LAYERS },
    captioner: { id: BENCH_CAPTIONER_ID, onnxBytes: captioner.onnxBytes },
    captionerFp32: { id: BENCH_CAPTIONER_FP32_ID, onnxBytes: captionerFp32.onnxBytes },
    prompts: text.prompts,
  };
  writeFileSync(STAMP, JSON.stringify({ ...built, hash }, null, 1));
  log(`Generated the benchmark models in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return built;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildBenchModels();
}
