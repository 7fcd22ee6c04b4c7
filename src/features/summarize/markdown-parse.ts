/**
 * A small Markdown parser for what small models write: paragraphs, headings, bulleted and
 * numbered lists (nested by indentation), code fences, rules, and **bold**, *italic* and `code`.
 *
 * It never fails: whatever it does not recognize, including half-written syntax while an answer
 * is streaming (an unclosed "**", a fence without its end), stays literal text. It produces data,
 * never HTML, so the renderer can only ever create text nodes from the model's words.
 *
 * Links `[text](url)` keep their text only: small models make URLs up, and a page can ask the
 * model (by prompt injection) to show a link of its choosing.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'break' };

export type MarkdownBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: ListItem[] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

export interface ListItem {
  text: string;
  /** Lists nested under this item. */
  children: MarkdownBlock[];
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;

interface ListLine {
  indent: number;
  ordered: boolean;
  number: number;
  text: string;
}

export function parseMarkdown(markdown: string): MarkdownBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
    } else if (FENCE.test(line)) {
      i = parseFence(lines, i, blocks);
    } else if (HEADING.test(line)) {
      const [, hashes, text] = HEADING.exec(line)!;
      blocks.push({ kind: 'heading', level: hashes!.length, text: text! });
      i++;
    } else if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
    } else if (listLine(line)) {
      i = parseList(lines, i, blocks);
    } else {
      i = parseParagraph(lines, i, blocks);
    }
  }
  return blocks;
}

/** A fenced code block; while streaming, an unclosed fence runs to the end of the text. */
function parseFence(lines: string[], start: number, blocks: MarkdownBlock[]): number {
  const fence = FENCE.exec(lines[start]!)![1]!;
  let end = start + 1;
  while (end < lines.length && !lines[end]!.trim().startsWith(fence)) end++;
  blocks.push({ kind: 'code', text: lines.slice(start + 1, end).join('\n') });
  return end + 1;
}

function parseParagraph(lines: string[], start: number, blocks: MarkdownBlock[]): number {
  let end = start + 1;
  while (end < lines.length && lines[end]!.trim() && !startsOtherBlock(lines[end]!)) end++;
  blocks.push({ kind: 'paragraph', text: lines.slice(start, end).map((line) => line.trim()).join('\n') });
  return end;
}

/** Parses the list starting at `start` into `blocks`; returns the index of the first line after it. */
function parseList(lines: string[], start: number, blocks: MarkdownBlock[]): number {
  const first = listLine(lines[start]!)!;
  const list = { kind: 'list' as const, ordered: first.ordered, start: first.number, items: [] as ListItem[] };
  blocks.push(list);
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      // Small models often leave blank lines between items: the list goes on if an item follows.
      const next = nextNonBlankLine(lines, i);
      const nextItem = next === undefined ? null : listLine(next);
      if (!nextItem || nextItem.indent < first.indent) return i;
      i++;
      continue;
    }
    const item = listLine(line);
    const last = list.items.at(-1);
    if (item && item.indent < first.indent) return i;
    if (item && last && item.indent >= first.indent + 2) {
      i = parseList(lines, i, last.children);
    } else if (item && item.ordered === list.ordered) {
      list.items.push({ text: item.text, children: [] });
      i++;
    } else if (item || startsOtherBlock(line) || !last) {
      return i;
    } else {
      last.text += `\n${line.trim()}`; // a continuation line of the item
      i++;
    }
  }
  return i;
}

function nextNonBlankLine(lines: string[], after: number): string | undefined {
  for (let i = after + 1; i < lines.length; i++) if (lines[i]!.trim()) return lines[i];
  return undefined;
}

function listLine(line: string): ListLine | null {
  const match = LIST_ITEM.exec(line);
  if (!match || RULE.test(line)) return null;
  const [, indent, marker, text] = match;
  const ordered = /\d/.test(marker!);
  return {
    indent: indent!.replace(/\t/g, '    ').length,
    ordered,
    number: ordered ? parseInt(marker!, 10) : 1,
    text: text!,
  };
}

function startsOtherBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || listLine(line) !== null;
}

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!>~|]/;

/** Parses bold, italic, code spans, link text and line breaks; anything unmatched stays text. */
export function parseInline(text: string): Inline[] {
  const inlines: Inline[] = [];
  let literal = '';
  const flush = () => {
    if (literal) inlines.push({ kind: 'text', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\\' && ESCAPABLE.test(text[i + 1] ?? '')) {
      literal += text[i + 1];
      i += 2;
    } else if (char === '\n') {
      flush();
      inlines.push({ kind: 'break' });
      i++;
    } else {
      const span = parseSpan(text, i);
      if (span) {
        flush();
        inlines.push(...span.inlines);
        i = span.end;
      } else {
        literal += char;
        i++;
      }
    }
  }
  flush();
  return inlines;
}

/** A code span, emphasis or link starting at `i`, or null when there is none (or it is unclosed). */
function parseSpan(text: string, i: number): { inlines: Inline[]; end: number } | null {
  const char = text[i];
  if (char === '`') {
    const ticks = /^`+/.exec(text.slice(i))![0];
    const close = text.indexOf(ticks, i + ticks.length);
    if (close === -1) return null;
    return { inlines: [{ kind: 'code', text: text.slice(i + ticks.length, close).trim() }], end: close + ticks.length };
  }
  if (char === '*' || char === '_') {
    const delimiter = text.startsWith(char + char, i) ? char + char : char;
    const close = findEmphasisClose(text, i, delimiter);
    if (close === -1) return null;
    const children = parseInline(text.slice(i + delimiter.length, close));
    return { inlines: [{ kind: delimiter.length === 2 ? 'strong' : 'em', children }], end: close + delimiter.length };
  }
  if (char === '[') {
    const link = /^\[([^\]\n]+)\]\(([^()\s]*)(?:\s+"[^"\n]*")?\)/.exec(text.slice(i));
    if (!link) return null;
    return { inlines: parseInline(link[1]!), end: i + link[0].length };
  }
  return null;
}

/**
 * Where the emphasis opened at `open` closes, or -1. An opener must be followed by a non-space,
 * a closer preceded by one; "_" only counts at word edges, so snake_case stays as written.
 */
function findEmphasisClose(text: string, open: number, delimiter: string): number {
  const contentStart = open + delimiter.length;
  if (!/\S/.test(text[contentStart] ?? ' ')) return -1;
  if (delimiter[0] === '_' && isWordChar(text[open - 1])) return -1;
  for (let close = text.indexOf(delimiter, contentStart + 1); close !== -1; close = text.indexOf(delimiter, close + 1)) {
    const isPartOfLonger = delimiter.length === 1 && (text[close + 1] === delimiter || text[close - 1] === delimiter);
    const atWordEdge = delimiter[0] !== '_' || !isWordChar(text[close + delimiter.length]);
    if (/\S/.test(text[close - 1]!) && !isPartOfLonger && atWordEdge) return close;
  }
  return -1;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/** The text a reader sees, without Markdown marks; line breaks become spaces. */
export function plainText(inlines: Inline[]): string {
  return inlines
    .map((inline) => {
      switch (inline.kind) {
        case 'text':
        case 'code':
          return inline.text;
        case 'break':
          return ' ';
        default:
          return plainText(inline.children);
      }
    })
    .join('');
}

/** The top-level list items of a Markdown answer, as plain text: the key points, in order. */
export function keyPointsOf(markdown: string): string[] {
  return parseMarkdown(markdown)
    .flatMap((block) => (block.kind === 'list' ? block.items : []))
    .map((item) => plainText(parseInline(item.text)).trim());
}
