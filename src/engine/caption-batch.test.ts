import { RawImage } from '@huggingface/transformers';
import { describe, expect, it, vi } from 'vitest';
import { CaptionBatcher, untilEnd, type CaptionImages, type WaitingCaption } from './caption-batch';

const request = (name: number, extra: Partial<WaitingCaption> = {}): WaitingCaption => ({
  image: new RawImage(new Uint8ClampedArray([name, 0, 0]), 1, 1, 3),
  maxNewTokens: 12,
  ...extra,
});

/** Captions each image by its first pixel, recording the batches it was given. */
function recorder() {
  const batches: number[][] = [];
  const captionImages = vi.fn<CaptionImages>(async (images, _tokens, onTiming) => {
    onTiming({ images: images.length, preprocessMs: 1, encoderMs: 2, decoderMs: 3 });
    const names = images.map((image) => image.data[0]!);
    batches.push(names);
    return names.map((name) => `image ${name}`);
  });
  return { batches, captionImages };
}

describe('CaptionBatcher', () => {
  it('takes the requests waiting behind one into its batch, up to the size, and each gets its own caption', async () => {
    const batcher = new CaptionBatcher();
    const requests = [1, 2, 3, 4, 5, 6].map((name) => request(name));
    requests.forEach((waiting) => batcher.add(waiting));
    const { batches, captionImages } = recorder();
    // Each request's job comes in turn, as the model's queue runs them.
    const captions = [];
    for (const waiting of requests) captions.push(await batcher.caption(waiting, 4, captionImages));
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    expect(captions).toEqual(requests.map((_, i) => `image ${i + 1}`));
    // Each knows the batch that made its caption.
    expect(requests.map((waiting) => waiting.timing?.images)).toEqual([4, 4, 4, 4, 2, 2]);
  });

  it('leaves out requests stopped while waiting, of another length, and ones no longer waiting', async () => {
    const batcher = new CaptionBatcher();
    const stopped = new AbortController();
    stopped.abort();
    const first = request(1);
    const gone = request(4);
    [first, request(2, { signal: stopped.signal }), request(3, { maxNewTokens: 30 }), gone, request(5)].forEach((waiting) => batcher.add(waiting));
    batcher.remove(gone);
    const { batches, captionImages } = recorder();
    expect(await batcher.caption(first, 4, captionImages)).toBe('image 1');
    expect(batches).toEqual([[1, 5]]);
  });

  it('one at a time with a size of 1', async () => {
    const batcher = new CaptionBatcher();
    const requests = [1, 2].map((name) => request(name));
    requests.forEach((waiting) => batcher.add(waiting));
    const { batches, captionImages } = recorder();
    for (const waiting of requests) await batcher.caption(waiting, 1, captionImages);
    expect(batches).toEqual([[1], [2]]);
  });

  it("a failed batch fails each of its requests, and a stopped one's failure goes unheard", async () => {
    const batcher = new CaptionBatcher();
    const stop = new AbortController();
    const [first, second] = [request(1), request(2, { signal: stop.signal })];
    batcher.add(first);
    batcher.add(second);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await expect(batcher.caption(first, 4, async () => Promise.reject(new Error('out of memory')))).rejects.toThrow('out of memory');
      // The second one was taken into the batch, then stopped before its turn: nobody reads its caption.
      stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('untilEnd', () => {
  it('cuts a generated row at its first end token after the start token', () => {
    expect(untilEnd([50256n, 7n, 8n, 50256n, 9n, 50256n], [50256n])).toEqual([50256n, 7n, 8n]);
    expect(untilEnd([0n, 7n, 8n], [2n])).toEqual([0n, 7n, 8n]);
  });
});
