// A page's images through the captioner together: caption requests waiting in the model's queue join the
// one whose turn it is, and the vision encoder reads them as one batch (onnxruntime does less per image on
// a batch of 197-patch inputs than on each alone). Each request keeps its own queue job, so priority,
// Stop while waiting and the per-image cache work as before; a job whose caption a batch already made
// just takes it.
import type { ImageToTextPipeline, RawImage, Tensor } from '@huggingface/transformers';

/**
 * Most images in one batch, unless the bench's `engineTuning.captionBatch` asks for more: 1, one at a time.
 * Measured on a quiet machine (bench/README.md, "Alt text"): batches of 4 made the model ~8 % faster per
 * image but the side panel's page of 20 photos ~10 % slower (a batch holds the one JavaScript thread the
 * text reader shares, and each first caption comes only when its whole batch is done), so they stay off.
 */
export const CAPTION_BATCH = 1;

export interface WaitingCaption {
  image: RawImage;
  maxNewTokens: number;
  signal?: AbortSignal;
  /** Set once a batch has taken it. */
  text?: Promise<string>;
  /** The batch that made its caption, once made. */
  timing?: BatchTiming;
}

export type CaptionImages = (images: RawImage[], maxNewTokens: number, onTiming: (timing: BatchTiming) => void) => Promise<string[]>;

export class CaptionBatcher {
  private waiting: WaitingCaption[] = [];

  /** A request enters the model's queue: from now on a batch may take it. */
  add(entry: WaitingCaption): void {
    this.waiting.push(entry);
  }

  /** A request that will not run (its job was dropped or failed before its turn). */
  remove(entry: WaitingCaption): void {
    this.waiting = this.waiting.filter((waiting) => waiting !== entry);
  }

  /**
   * The caption of `entry`, called when its job's turn comes: the one a batch already made, or a new
   * batch of it and up to `size - 1` requests still waiting behind it (same caption length, not stopped).
   */
  caption(entry: WaitingCaption, size: number, captionImages: CaptionImages): Promise<string> {
    if (!entry.text) {
      const joining = this.waiting.filter((other) => other !== entry && !other.text && !other.signal?.aborted && other.maxNewTokens === entry.maxNewTokens);
      const batch = [entry, ...joining.slice(0, Math.max(0, size - 1))];
      const texts = captionImages(
        batch.map((taken) => taken.image),
        entry.maxNewTokens,
        (timing) => batch.forEach((taken) => (taken.timing = timing)),
      );
      batch.forEach((taken, i) => {
        taken.text = texts.then((all) => all[i] ?? '');
        // A request stopped after a batch took it never reads its caption: no unhandled rejection.
        taken.text.catch(() => undefined);
      });
    }
    this.waiting = this.waiting.filter((waiting) => waiting !== entry && !waiting.signal?.aborted);
    return entry.text!;
  }
}

/** Where a batch's time went, in ms: the processor (resizing, normalizing), the encoder, the decoder's steps. */
export interface BatchTiming {
  images: number;
  preprocessMs: number;
  encoderMs: number;
  decoderMs: number;
}

/**
 * Captions of several images in one pass: the processor and the encoder take them as one batch, the
 * decoder generates for all of them at once (greedy), and each row is cut at its own end of text, since
 * transformers.js's `generate` goes on until every row has ended. With one image this is what the
 * image-to-text pipeline does.
 */
export async function captionImages(
  captioner: ImageToTextPipeline,
  images: RawImage[],
  maxNewTokens: number,
  onTiming?: (timing: BatchTiming) => void,
): Promise<string[]> {
  const started = performance.now();
  const { pixel_values } = (await captioner.processor(images)) as { pixel_values: Tensor };
  const preprocessed = performance.now();
  // `generate` hands its streamer the start tokens once the encoder has run: that splits the two.
  let encoded = NaN;
  const streamer = { put: () => void (Number.isNaN(encoded) && (encoded = performance.now())), end: () => undefined };
  const output = (await captioner.model.generate({ inputs: pixel_values, max_new_tokens: maxNewTokens, streamer } as never)) as Tensor;
  const ended = performance.now();
  onTiming?.({ images: images.length, preprocessMs: preprocessed - started, encoderMs: encoded - preprocessed, decoderMs: ended - encoded });
  const eos = [captioner.model.generation_config?.eos_token_id ?? []].flat().map(BigInt);
  const rows = (output.tolist() as bigint[][]).map((row) => untilEnd(row, eos));
  return rows.map((row) => captioner.tokenizer.decode(row.map(Number), { skip_special_tokens: true }).trim());
}

/** A generated row up to its first end-of-text token after the start token (which may be the same token). */
export function untilEnd(row: bigint[], eos: bigint[]): bigint[] {
  const end = row.findIndex((token, i) => i > 0 && eos.includes(token));
  return end < 0 ? row : row.slice(0, end);
}
