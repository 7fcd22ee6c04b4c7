// The text reader keeps each reading by the image's pixels: the same image is read once, across requests
// and while one is queued behind the other; a failed reading is not kept; clearing forgets them all.
// Real PP-OCRv4 weights on onnxruntime-web in Node (as ocr.test.ts), a Map in place of Cache Storage.
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../messaging/base64';
import type { OcrModels } from './ocr';
import { createTextReader, type ReadingStore } from './text-reader';
import { nodeOcrModels, ocrSamples, samplePixels } from '../../test/support/ocr-eval';

class MapStore implements ReadingStore {
  readonly entries = new Map<string, string>();
  get(key: string) {
    return Promise.resolve(this.entries.get(key));
  }
  set(key: string, value: string) {
    this.entries.set(key, value);
    return Promise.resolve();
  }
  deleteWhere(prefix = '') {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
    return Promise.resolve();
  }
}

/** The real models, counting the detector's calls (one per image read). */
async function countingModels(): Promise<{ load: () => Promise<OcrModels>; detections: () => number; failNext: () => void }> {
  const models = await nodeOcrModels();
  let detections = 0;
  let fail = false;
  return {
    load: () =>
      Promise.resolve({
        ...models,
        detect: (input) => {
          detections++;
          if (fail) {
            fail = false;
            return Promise.reject(new Error('detector failed'));
          }
          return models.detect(input);
        },
      }),
    detections: () => detections,
    failNext: () => (fail = true),
  };
}

function request(file: string) {
  const sample = ocrSamples().find((s) => s.file === file)!;
  const { width, height, rgba } = samplePixels(sample);
  return { image: { width, height, rgba: toBase64(rgba) } };
}

describe('text reader cache', () => {
  it('reads an image once: a second request, and one queued behind the first, get the kept reading', async () => {
    const models = await countingModels();
    const store = new MapStore();
    const reader = createTextReader(models.load, store);
    const [first, queued] = await Promise.all([reader.read(request('chat-message.png'), {}), reader.read(request('chat-message.png'), {})]);
    expect(first.text).toBe('Dinner is at 8, bring the salad.\nSee you there!');
    expect(queued).toEqual(first);
    expect(models.detections()).toBe(1);
    expect(await reader.read(request('chat-message.png'), {})).toEqual(first);
    expect(models.detections()).toBe(1);
    expect(store.entries.size).toBe(1);

    // Other pixels are read.
    const other = await reader.read(request('french.png'), {});
    expect(other.text).toContain('café');
    expect(models.detections()).toBe(2);

    // A reader started later (the next session) finds what the store kept.
    const later = createTextReader(models.load, store);
    expect((await later.read(request('french.png'), {})).text).toBe(other.text);
    expect(models.detections()).toBe(2);
  }, 120_000);

  it('keeps no failed reading and forgets all when cleared', async () => {
    const models = await countingModels();
    const store = new MapStore();
    const reader = createTextReader(models.load, store);
    models.failNext();
    await expect(reader.read(request('chat-message.png'), {})).rejects.toThrow('detector failed');
    expect(store.entries.size).toBe(0);
    const reading = await reader.read(request('chat-message.png'), {});
    expect(reading.text).toContain('Dinner');
    expect(models.detections()).toBe(2);

    await reader.clearCache();
    expect(store.entries.size).toBe(0);
    expect((await reader.read(request('chat-message.png'), {})).text).toBe(reading.text);
    expect(models.detections()).toBe(3);
  }, 120_000);

  it('refuses pixels that do not match the size, before hashing or reading', async () => {
    const models = await countingModels();
    const reader = createTextReader(models.load, new MapStore());
    await expect(reader.read({ image: { width: 10, height: 10, rgba: toBase64(new Uint8Array(12)) } }, {})).rejects.toThrow('incomplete');
    expect(models.detections()).toBe(0);
  });
});
