/**
 * A selection too long for the model's context is rewritten in parts. Parts end at paragraph breaks,
 * else line breaks, else sentence ends, else spaces; the whitespace between parts is kept aside, untouched,
 * so the rewritten parts joined back keep the selection's paragraphing exactly.
 */

export interface SplitText {
  /** Trimmed, non-empty pieces of text to rewrite one by one. */
  parts: string[];
  /**
   * The exact whitespace around the parts: `separators[0]` before the first part, `separators[i]` between
   * part i-1 and part i, and the last one after the last part. Always `parts.length + 1` entries.
   */
  separators: string[];
}

// From the most to the least natural place to cut. Each matches the whitespace between two pieces.
const BOUNDARIES = [
  /\s*\n[^\S\n]*\n\s*/g, // blank line: paragraph break
  /\s*\n\s*/g, // line break
  /(?<=[.!?…]["'”’»)\]]*)\s+|(?<=[。！？])\s*/g, // sentence end
  /\s+/g, // word
];

interface Piece {
  text: string;
  /** Whitespace between this piece and the next; '' for the last one. */
  separatorAfter: string;
}

/**
 * Splits `text` into parts of at most `budgetTokens` tokens each, as measured by `countTokens`.
 * `joinRewrittenParts(split.parts, split.separators)` gives back `text` exactly.
 * A single word longer than the budget cannot be split and becomes a part of its own.
 */
export function splitForRewrite(
  text: string,
  countTokens: (text: string) => number,
  budgetTokens: number,
): SplitText {
  if (!(budgetTokens > 0)) throw new RangeError(`budgetTokens must be positive, got ${budgetTokens}`);
  const leading = text.slice(0, text.length - text.trimStart().length);
  const core = text.slice(leading.length).trimEnd();
  if (core === '') return { parts: [], separators: [text] };
  const trailing = text.slice(leading.length + core.length);

  const fits = (candidate: string) => countTokens(candidate) <= budgetTokens;
  const pieces = piecesThatFit(core, 0, fits);
  return {
    parts: pieces.map((piece) => piece.text),
    separators: [leading, ...pieces.slice(0, -1).map((piece) => piece.separatorAfter), trailing],
  };
}

/** Interleaves rewritten parts with the separators from `splitForRewrite`. */
export function joinRewrittenParts(parts: readonly string[], separators: readonly string[]): string {
  if (separators.length !== parts.length + 1) {
    throw new RangeError(`Expected ${parts.length + 1} separators for ${parts.length} parts, got ${separators.length}`);
  }
  return parts.reduce((joined, part, i) => joined + part + separators[i + 1], separators[0]!);
}

/**
 * Cuts `text` at the first boundary level that occurs in it, then packs neighbouring pieces back together
 * while they fit, so the model gets as much context as possible. A piece too long on its own is cut at the
 * next level and is not packed with its neighbours: parts then end at the most natural boundary available.
 */
function piecesThatFit(text: string, level: number, fits: (candidate: string) => boolean): Piece[] {
  if (fits(text) || level >= BOUNDARIES.length) return [{ text, separatorAfter: '' }];
  const cut = cutAt(text, BOUNDARIES[level]!);
  if (cut.length === 1) return piecesThatFit(text, level + 1, fits);

  const packed: Piece[] = [];
  let lastCanGrow = false;
  for (const piece of cut) {
    if (!fits(piece.text)) {
      const smaller = piecesThatFit(piece.text, level + 1, fits);
      smaller[smaller.length - 1]!.separatorAfter = piece.separatorAfter;
      packed.push(...smaller);
      lastCanGrow = false;
      continue;
    }
    const last = packed.at(-1);
    if (lastCanGrow && last && fits(last.text + last.separatorAfter + piece.text)) {
      last.text += last.separatorAfter + piece.text;
      last.separatorAfter = piece.separatorAfter;
    } else {
      packed.push(piece);
    }
    lastCanGrow = true;
  }
  return packed;
}

/** Splits trimmed `text` at every match of `boundary`, keeping each match as the separator after its piece. */
function cutAt(text: string, boundary: RegExp): Piece[] {
  const pieces: Piece[] = [];
  let pieceStart = 0;
  for (const match of text.matchAll(boundary)) {
    // A zero-width cut at either end would leave an empty piece.
    if (match.index === 0 || match.index + match[0].length === text.length) continue;
    pieces.push({ text: text.slice(pieceStart, match.index), separatorAfter: match[0] });
    pieceStart = match.index + match[0].length;
  }
  pieces.push({ text: text.slice(pieceStart), separatorAfter: '' });
  return pieces;
}
