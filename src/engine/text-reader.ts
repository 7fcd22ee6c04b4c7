// The engine host's text reader: the OCR pipeline (ocr.ts) on onnxruntime-web, its models loaded once from
// the extension's own files. It is its own runtime instance beside transformers.js's (which does not hand
// out its sessions); both use the same onnxruntime-web build, whose WASM files the extension ships.
import { localized } from '../i18n/i18n';
import type { InferenceSession } from 'onnxruntime-web';
import { fromBase64 } from '../messaging/base64';
import { sha256Hex } from './digest';
import { EngineError } from './errors';
import { createLatinReader, type LatinReaderFiles } from './latin-reader';
import { readText, type OcrModel, type OcrModels } from './ocr';
import { OCR_MODEL_FILES } from './ocr-files';
import type { ResultCache } from './result-cache';
import type { ReadTextRequest, TextReading } from './types';

export interface TextReader {
  read(request: ReadTextRequest, options: { signal?: AbortSignal }): Promise<TextReading>;
  /** Forgets every reading kept (the options page's "Clear cached image descriptions"). */
  clearCache(): Promise<void>;
}

export interface TextReaderFiles {
  wasmLoader: string;
  wasmBinary: string;
  /** The URL of one of OCR_MODEL_FILES. */
  modelFile: (file: string) => string;
  /** The Latin reader's worker, core and data (LATIN_READER_FILES), by URL. */
  latin: LatinReaderFiles;
}

/** Where readings are kept between sessions: the extension's ResultCache, a Map-backed one in tests. */
export type ReadingStore = Pick<ResultCache, 'get' | 'set' | 'deleteWhere'>;

/**
 * Readings are kept by the SHA-256 of the pixels under the recognizer's name and this version: the pipeline
 * is deterministic, so the same pixels read the same; a change to it (thresholds, margins) bumps the version.
 */
const READING_KEY_PREFIX = `${OCR_MODEL_FILES.recognition}/v2/`;

export function createTextReader(loadModels: () => Promise<OcrModels>, store: ReadingStore): TextReader {
  let models: Promise<OcrModels> | undefined;
  // One image at a time: a WASM session runs one call at once, and the queue keeps their order.
  let queue: Promise<unknown> = Promise.resolve();
  const cached = async (key: string): Promise<TextReading | undefined> => {
    const kept = await store.get(key);
    return kept === undefined ? undefined : (JSON.parse(kept) as TextReading);
  };
  return {
    async read({ image }, { signal }) {
      const pixels = fromBase64(image.rgba);
      if (image.width * image.height * 4 !== pixels.length) throw new EngineError('bad-input', localized('errImageDataIncomplete'));
      const key = `${READING_KEY_PREFIX}${image.width}x${image.height}/${await sha256Hex(pixels)}`;
      const kept = await cached(key);
      if (kept) return kept;
      const work = queue.then(async () => {
        if (signal?.aborted) throw new EngineError('cancelled', localized('statusStopped'));
        // The same image queued twice (a logo in header and footer) is read once: the first one kept it.
        const keptMeanwhile = await cached(key);
        if (keptMeanwhile) return keptMeanwhile;
        models ??= loadModels().catch((error: unknown) => {
          models = undefined;
          throw error;
        });
        const reading = await readText({ width: image.width, height: image.height, rgba: pixels }, await models, signal);
        await store.set(key, JSON.stringify(reading));
        return reading;
      });
      queue = work.catch(() => undefined);
      return work;
    },
    clearCache: () => store.deleteWhere(),
  };
}

/** The models from the extension's files, on onnxruntime-web. */
export function extensionOcrModels(files: TextReaderFiles): () => Promise<OcrModels> {
  return async () => {
    const ort = await import('onnxruntime-web/webgpu');
    ort.env.wasm.wasmPaths = { mjs: files.wasmLoader, wasm: files.wasmBinary };
    ort.env.wasm.proxy = false;
    // One thread: the reader runs beside the captioner, which has the threads (two pools of spinning WASM
    // threads would fight over a small machine's cores); an image costs about 0.3 s of CPU (README).
    ort.env.wasm.numThreads = 1;
    const bytes = async (file: string) => {
      const response = await fetch(files.modelFile(file));
      if (!response.ok) throw new EngineError('internal', localized('errOcrFileMissing', file));
      return response;
    };
    const session = async (file: string): Promise<OcrModel> => {
      const created: InferenceSession = await ort.InferenceSession.create(new Uint8Array(await (await bytes(file)).arrayBuffer()), {
        executionProviders: ['wasm'],
      });
      return async ({ data, dims }) => {
        const outputs = await created.run({ [created.inputNames[0]!]: new ort.Tensor('float32', data, dims) });
        const output = outputs[created.outputNames[0]!]!;
        return { data: output.data as Float32Array, dims: output.dims };
      };
    };
    const [detect, recognize, dictionary, latin] = await Promise.all([
      session(OCR_MODEL_FILES.detection),
      session(OCR_MODEL_FILES.recognition),
      bytes(OCR_MODEL_FILES.dictionary).then(async (response) => (await response.text()).split('\n').filter((line) => line !== '')),
      createLatinReader(files.latin),
    ]);
    return { detect, recognize, dictionary, latin: latin.read };
  };
}
