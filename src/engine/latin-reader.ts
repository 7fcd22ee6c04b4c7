// The second reader for images of Latin text (ocr.ts, step 4): Tesseract.js with the LSTM data of English,
// French, German, Spanish and Portuguese loaded at once, so one run reads the marks of all five. Its worker
// script, WebAssembly core and data are the extension's own files (wxt.config.ts copies them into
// tesseract/); in Node (tests, bench) the package's own worker and core, the same data from node_modules.
import { createWorker, OEM, type ImageLike, type Worker } from 'tesseract.js';
import type { GrayImage, PageReader } from './ocr';
import { LATIN_LANGUAGES } from './ocr-files';

export interface LatinReaderFiles {
  /** The worker script and the core's loader (its .wasm beside it); undefined in Node. */
  workerPath?: string;
  corePath?: string;
  /** The folder (URL, or a path in Node) holding `<language>.traineddata.gz`. */
  langPath: string;
}

export interface LatinReader {
  read: PageReader;
  terminate(): Promise<void>;
}

export async function createLatinReader(files: LatinReaderFiles): Promise<LatinReader> {
  const worker: Worker = await createWorker([...LATIN_LANGUAGES], OEM.LSTM_ONLY, {
    ...(files.workerPath ? { workerPath: files.workerPath } : {}),
    ...(files.corePath ? { corePath: files.corePath } : {}),
    langPath: files.langPath,
    // A real worker file, not a blob: URL (the extension's CSP allows scripts from 'self' only); the data
    // is read from the extension's files each time rather than copied into IndexedDB.
    workerBlobURL: false,
    cacheMethod: 'none',
    gzip: true,
  });
  return {
    // Tesseract's own page layout analysis (automatic): measured better than reading the detector's line
    // crops one by one (PSM single line), which lost marks and cost more (README, "Accents").
    read: async (line) => {
      // Both runtimes' image loaders take any Uint8Array of an image file; the package's type names only Buffer.
      const { data } = await worker.recognize(portableGraymap(line) as unknown as ImageLike);
      return { text: data.text.trim(), confidence: data.confidence / 100 };
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}

/** The image as a binary PGM ("P5"), a format Tesseract's image library reads without a codec. */
export function portableGraymap({ width, height, gray }: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const file = new Uint8Array(header.length + gray.length);
  file.set(header);
  file.set(gray, header.length);
  return file;
}
