// Turns a DOM subtree into text blocks (headings, paragraphs, list items...), keeping the
// boundaries a reader sees: every block-level element starts a new block, <br> breaks a line.

export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'quote' | 'code' | 'caption';

export interface TextBlock {
  kind: BlockKind;
  text: string;
  /** Heading level 1-6, for headings. */
  level?: number;
  /** The block-level element whose own text this is. */
  owner: Element;
  /** The innermost element holding all of the text (the owner, or an inline element in it). */
  anchor: Element;
  /** The text nodes the text came from. */
  sources: Node[];
  /** Characters of the text that sit inside links. */
  linkChars: number;
}

export interface CollectOptions {
  /** Heading level to report for a heading element (lets callers undo Readability's h1 -> h2). */
  headingLevel?: (heading: Element) => number;
  /** Subtrees to leave out, on top of the never-text elements. */
  skip?: (element: Element) => boolean;
  /** Stop once the blocks hold this many characters: the rest of the subtree is not read. */
  maxChars?: number;
}

/** Elements that never hold reader-facing text (or hold only UI chrome). */
const NON_TEXT_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK', 'BASE',
  'SVG', 'CANVAS', 'OBJECT', 'EMBED', 'IFRAME', 'FRAME', 'AUDIO', 'VIDEO', 'MAP',
  'BUTTON', 'SELECT', 'OPTION', 'DATALIST', 'INPUT', 'TEXTAREA', 'DIALOG',
]);

/** Elements that start a new block. Everything else is inline and continues the current one. */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIR', 'DIV',
  'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HGROUP', 'HR', 'HTML', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'P', 'PRE', 'SEARCH', 'SECTION',
  'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);

/** Whitespace a browser renders otherwise: any but a lone space. */
const COLLAPSIBLE_SPACE = /[^\S ]| {2}/;

const HEADING_LEVEL: Record<string, number> = { H1: 1, H2: 2, H3: 3, H4: 4, H5: 5, H6: 6 };

/** Deeper than this, an element's remaining text is taken flat (no recursion overflow on odd pages). */
const MAX_DEPTH = 400;

interface BlockContext {
  owner: Element;
  kind: BlockKind;
  level: number | undefined;
  preformatted: boolean;
}

/** Blocks of text under `root`, in document order. */
export function collectBlocks(root: Element, options: CollectOptions = {}): TextBlock[] {
  const collector = new BlockCollector(options);
  collector.collect(root);
  return collector.blocks;
}

/** Whether an element never contributes text. */
export function isNonTextElement(element: Element): boolean {
  return NON_TEXT_TAGS.has(element.tagName.toUpperCase());
}

/**
 * Length of the text a reader could see in `element` (no scripts, styles...), spaces excluded. With `known`, the
 * lengths of every element measured are kept there and reused: for a tree that does not change while it is asked,
 * where nested elements are measured in turn (each furniture guess asks whether it holds most of the text), which
 * then costs one walk of the tree, not one per element.
 */
export function visibleTextLength(element: Element, known?: Map<Element, number>): number {
  const measured = known?.get(element);
  if (measured !== undefined) return measured;
  // Depth first, each element's sum added to its parent's once all its children are counted (no recursion: pages
  // can nest deeper than the stack).
  const open: { element: Element; next: ChildNode | null; length: number }[] = [{ element, next: element.firstChild, length: 0 }];
  for (;;) {
    const frame = open[open.length - 1]!;
    const node = frame.next;
    if (node === null) {
      known?.set(frame.element, frame.length);
      open.pop();
      if (open.length === 0) return frame.length;
      open[open.length - 1]!.length += frame.length;
      continue;
    }
    frame.next = node.nextSibling;
    if (node.nodeType === 3) frame.length += countNonSpace(node.nodeValue ?? '');
    else if (node.nodeType === 1 && !isNonTextElement(node as Element)) {
      const child = node as Element;
      const childLength = known?.get(child);
      if (childLength !== undefined) frame.length += childLength;
      else open.push({ element: child, next: child.firstChild, length: 0 });
    }
  }
}

function countNonSpace(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) count++;
  return count;
}

class BlockCollector {
  readonly blocks: TextBlock[] = [];
  private parts: string[] = [];
  private linkChars = 0;
  private anchor: Element | null = null;
  private sources: Node[] = [];
  private context: BlockContext | null = null;
  /** Characters in the blocks so far, and how many end the collection. */
  private chars = 0;
  private readonly maxChars: number;

  constructor(private readonly options: CollectOptions) {
    this.maxChars = options.maxChars ?? Infinity;
  }

  collect(root: Element): void {
    const context: BlockContext = { owner: root, kind: 'paragraph', level: undefined, preformatted: false };
    this.visitElement(root, context, false, 0);
    this.flush();
  }

  private visitElement(element: Element, context: BlockContext, inLink: boolean, depth: number): void {
    const tag = element.tagName.toUpperCase();
    if (NON_TEXT_TAGS.has(tag) || this.options.skip?.(element)) return;
    if (tag === 'BR') {
      this.appendLineBreak();
      return;
    }
    const linked = inLink || tag === 'A';
    if (!BLOCK_TAGS.has(tag)) {
      // Custom elements are often styled as blocks: keep their words from running into the next.
      const custom = tag.includes('-');
      if (custom) this.appendSpace();
      this.visitChildren(element, context, linked, depth);
      if (custom) this.appendSpace();
      return;
    }
    this.flush();
    if (tag !== 'HR') this.visitChildren(element, this.blockContext(element, tag, context), linked, depth);
    this.flush();
  }

  private visitChildren(element: Element, context: BlockContext, inLink: boolean, depth: number): void {
    if (depth >= MAX_DEPTH) {
      this.append(element.textContent ?? '', context, inLink, element, null);
      return;
    }
    for (let node = element.firstChild; node && this.chars < this.maxChars; node = node.nextSibling) {
      if (node.nodeType === 3 || node.nodeType === 4) this.append(node.nodeValue ?? '', context, inLink, element, node);
      else if (node.nodeType === 1) this.visitElement(node as Element, context, inLink, depth + 1);
    }
  }

  /** Kind of the block an element starts: its own if it has one, else the enclosing block's. */
  private blockContext(element: Element, tag: string, outer: BlockContext): BlockContext {
    const context: BlockContext = { ...outer, owner: element };
    if (tag in HEADING_LEVEL || element.getAttribute('role') === 'heading') {
      context.kind = 'heading';
      context.level = tag in HEADING_LEVEL
        ? (this.options.headingLevel?.(element) ?? HEADING_LEVEL[tag])
        : clampLevel(Number(element.getAttribute('aria-level')) || 2);
    } else if (tag === 'LI' || tag === 'DD' || tag === 'DT') {
      context.kind = outer.kind === 'quote' ? 'quote' : 'list-item';
    } else if (tag === 'BLOCKQUOTE') {
      context.kind = 'quote';
    } else if (tag === 'PRE') {
      context.kind = 'code';
      context.preformatted = true;
    } else if (tag === 'FIGCAPTION' || tag === 'CAPTION') {
      context.kind = 'caption';
    }
    return context;
  }

  private append(text: string, context: BlockContext, inLink: boolean, from: Element, source: Node | null): void {
    const visible = /\S/.test(text);
    if (this.context === null) {
      if (!visible) return; // whitespace between blocks starts nothing
      this.context = context;
    }
    if (visible) {
      this.anchor = this.anchor ? commonAncestor(this.anchor, from, context.owner) : from;
      if (source) this.sources.push(source);
    }
    // Source line breaks are just spaces when rendered, except in <pre>. Most text has none, nor runs of spaces.
    const rendered = context.preformatted || !COLLAPSIBLE_SPACE.test(text) ? text : text.replace(/\s+/g, ' ');
    this.parts.push(rendered);
    if (inLink) this.linkChars += rendered.trim().length;
  }

  private appendLineBreak(): void {
    if (this.context !== null) this.parts.push('\n');
  }

  private appendSpace(): void {
    if (this.context !== null) this.parts.push(' ');
  }

  private flush(): void {
    const context = this.context;
    if (context === null) return;
    const text = context.preformatted ? tidyPreformatted(this.parts.join('')) : tidyLines(this.parts.join(''));
    const linkChars = Math.min(this.linkChars, text.length);
    const anchor = this.anchor ?? context.owner;
    const sources = this.sources;
    this.sources = [];
    this.parts = [];
    this.linkChars = 0;
    this.anchor = null;
    this.context = null;
    if (!text) return;
    const block: TextBlock = { kind: context.kind, text, owner: context.owner, anchor, sources, linkChars };
    if (context.kind === 'heading') block.level = context.level;
    this.blocks.push(block);
    this.chars += text.length;
  }
}

/** The innermost element containing both `a` and `b`, no higher than `limit`. */
function commonAncestor(a: Element, b: Element, limit: Element): Element {
  for (let el: Element | null = a; el && el !== limit; el = el.parentElement) {
    if (el.contains(b)) return el;
  }
  return limit;
}

/** Trims, and drops spaces and repeats around <br> line breaks (paragraphs are separate blocks). */
function tidyLines(text: string): string {
  return text.replace(/ {2,}/g, ' ').replace(/ *\n[ \n]*/g, '\n').trim();
}

function tidyPreformatted(text: string): string {
  return text.replace(/[ \t]+$/gm, '').replace(/^\n+|\s+$/g, '');
}

function clampLevel(level: number): number {
  return Math.min(6, Math.max(1, Math.round(level)));
}
