/**
 * Alt text for an image that holds text: what it is (the caption) and what it says (the words read by the
 * engine's text reader, src/engine/ocr.ts), as in "A green sign: 'Exit on the left.'".
 *
 * Decisions:
 * - An image holds text when the lines read with at least MIN_LINE_CONFIDENCE carry MIN_CHARACTERS letters
 *   or digits between them: the reader sometimes sees a short uncertain "04" in plain shapes (measured on
 *   the test set's text-free images). Then all it read is quoted (the reader already drops lines it is
 *   unsure of).
 * - Lines become one sentence-like run: a line that ends without punctuation gets a full stop when the next
 *   one starts with a capital, so a screen reader pauses between a slide's lines as a reader's eye does; a
 *   line that goes on in lower case is the same sentence wrapped.
 * - The words are quoted in full up to MAX_QUOTED_LENGTH characters; longer text is cut at a word and ends
 *   with "…" (screen-reader users can still move through a long alt, but a whole page of text read as one
 *   attribute is too much to listen to).
 */
import type { TextReading } from '../../engine/types';

export const MIN_LINE_CONFIDENCE = 0.9;
export const MIN_CHARACTERS = 3;
export const MAX_QUOTED_LENGTH = 150;

/** The words an image clearly holds, one run of text; undefined when it holds none worth saying. */
export function imageWords(reading: TextReading): string | undefined {
  const sure = reading.lines.filter((line) => line.confidence >= MIN_LINE_CONFIDENCE).map((line) => line.text).join('');
  if ((sure.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < MIN_CHARACTERS) return undefined;
  return joinRows(reading.text);
}

/** Rows of text as one run: a full stop between a row without punctuation and one that starts a sentence. */
export function joinRows(text: string): string {
  const rows = text
    .split('\n')
    .map((row) => row.replace(/\s+/g, ' ').trim())
    .filter((row) => row !== '');
  return rows
    .map((row, i) => {
      const next = rows[i + 1];
      return next !== undefined && /^\p{Lu}/u.test(next) && !/[.!?:;,…]$/u.test(row) ? `${row}.` : row;
    })
    .join(' ');
}

/** Whether altTextWithWords quotes only the start of `words`. */
export function isCut(words: string): boolean {
  return words.length > MAX_QUOTED_LENGTH;
}

/** The caption and the quoted words; the words alone when there is no caption. */
export function altTextWithWords(caption: string, words: string): string {
  const quoted = `'${shorten(words)}'`;
  const what = caption.replace(/[.\s]+$/u, '');
  return what ? `${what}: ${quoted}` : `Text: ${quoted}`;
}

function shorten(text: string): string {
  if (!isCut(text)) return text;
  const cut = text.slice(0, MAX_QUOTED_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > MAX_QUOTED_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s.,;:]+$/u, '')}…`;
}
