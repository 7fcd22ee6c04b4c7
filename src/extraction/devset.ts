// Scoring on trafilatura's evaluation data (the "dev set"), the way trafilatura scores it
// (tests/eval_common.py in github.com/adbar/trafilatura): each page lists text segments that must be
// in the output ("with") and boilerplate that must not ("without"). A segment counts as found when
// it occurs, whitespace-normalized, as a substring of the whitespace-normalized output. Over all
// pages: precision = tp / (tp + fp), recall = tp / (tp + fn), where tp = "with" segments found,
// fn = "with" segments missed, fp = "without" segments found, tn = "without" segments missed.
// Node only (reads files); the pages themselves are third-party and never committed.

export interface DevItem {
  file: string;
  with: string[];
  without: string[];
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface DevScores {
  precision: number;
  recall: number;
  accuracy: number;
  f1: number;
}

/** Whitespace-normalized text, as trafilatura's norm(). */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Per-page counts: substring matching of the normalized segments in the normalized output. */
export function countItem(item: Pick<DevItem, 'with' | 'without'>, output: string | null): Counts {
  const text = output === null ? null : normalizeSpace(output);
  const found = (segment: string) => text !== null && text.includes(normalizeSpace(segment));
  const tp = item.with.filter(found).length;
  const fp = item.without.filter(found).length;
  return { tp, fp, fn: item.with.length - tp, tn: item.without.length - fp };
}

export function addCounts(total: Counts, counts: Counts): Counts {
  return { tp: total.tp + counts.tp, fp: total.fp + counts.fp, fn: total.fn + counts.fn, tn: total.tn + counts.tn };
}

export const NO_COUNTS: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };

export function devScores({ tp, fp, fn, tn }: Counts): DevScores {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    accuracy: ratio(tp + tn, tp + tn + fp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}

/**
 * Decodes a saved page's bytes: a byte-order mark, else the charset the page declares in its first
 * bytes, else UTF-8 if the bytes are valid UTF-8, else windows-1252 (what browsers assume).
 */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: use what the page declares
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  for (const label of [declared, 'windows-1252']) {
    if (!label || /^utf-?8$/.test(label)) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // unknown label: try the next
    }
  }
  return new TextDecoder('windows-1252').decode(bytes);
}
