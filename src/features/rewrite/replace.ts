/**
 * Captures the user's selection when they pick a rewrite, and later puts the rewrite in its place,
 * without ever losing their text: if anything changed in between, nothing is replaced and the reason is returned.
 *
 * Runs in the content script, on the live page.
 */

import { deepActiveElement } from '../../ui/focus';

type TextField = HTMLTextAreaElement | HTMLInputElement;

/** Input types whose value is plain text the user may want rewritten. */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email']);

export interface FieldSelection {
  kind: 'textarea' | 'input';
  /** The selected text, without surrounding whitespace: that whitespace stays in the field. */
  text: string;
  /** False for read-only or disabled fields: Copy only. */
  editable: boolean;
  field: TextField;
  /** Offsets of `text` in `field.value`. */
  start: number;
  end: number;
  /** `field.value` at capture: if it changed, the offsets may no longer point at the selection. */
  value: string;
}

export interface ContentEditableSelection {
  kind: 'contenteditable';
  /** The selected text as the browser serializes it (line breaks between blocks), trimmed. */
  text: string;
  editable: true;
  /** The editing host: the outermost contenteditable element holding the selection. */
  host: HTMLElement;
  /** The selection without surrounding whitespace. A live Range: the DOM moves it when the host changes. */
  range: Range;
  /** `range.toString()` at capture time. */
  rangeText: string;
  /** `host.textContent` at capture time. */
  hostText: string;
}

/** Text that cannot be edited (page text, or a field without a selection API): Copy only. */
export interface PageSelection {
  kind: 'page';
  text: string;
  editable: false;
}

export type CapturedSelection = FieldSelection | ContentEditableSelection | PageSelection;

export interface CaptureError {
  /** empty: nothing but whitespace selected; password: a password field has focus; not-found: no selection at all. */
  error: 'empty' | 'password' | 'not-found';
}

export type ReplaceFailureReason =
  /** The selected text's DOM moved or was rebuilt, though the field's text is the same. */
  | 'selection-changed'
  /** The field's text changed since capture. */
  | 'field-edited'
  /** Page text, or a field that is (now) read-only, disabled or no longer contenteditable. */
  | 'not-editable'
  /** The field is no longer in the page. */
  | 'detached'
  /** The rewrite is blank: replacing with it would only delete the user's text. */
  | 'empty-replacement';

export type ReplaceResult = { ok: true } | { ok: false; reason: ReplaceFailureReason };

/**
 * Reads the current selection. Call it as soon as the user picks a rewrite (menu click), before any UI
 * of ours takes focus or the selection.
 * Password fields are refused without reading their value.
 */
export function captureSelection(doc: Document): CapturedSelection | CaptureError {
  const focused = deepActiveElement(doc);
  if (isPasswordField(focused)) return { error: 'password' };
  if (isTextField(focused)) return captureInField(focused, doc);
  return captureInDocument(doc);
}

/**
 * Puts `newText` in place of the captured selection, after checking the text there is still exactly what
 * was captured. The insertion goes through `execCommand('insertText')`, so that:
 * - it lands on the browser's own undo stack: Ctrl/Cmd+Z brings the original text back;
 * - the browser edits the DOM exactly as typing would and fires `input` (inputType 'insertText'), which is
 *   what rich editors (ProseMirror, Quill, Lexical, Slate…) handle best: they read the typed-like mutation
 *   into their own model. (Chromium fires no `beforeinput` for execCommand.)
 * Where execCommand is missing or refuses, the text is replaced directly and an `input` event is sent,
 * which frameworks pick up but which the browser's undo may not cover.
 */
export function replaceCaptured(captured: CapturedSelection, newText: string): ReplaceResult {
  if (newText.trim() === '') return failure('empty-replacement');
  switch (captured.kind) {
    case 'textarea':
    case 'input':
      return replaceInField(captured, newText);
    case 'contenteditable':
      return replaceInContentEditable(captured, newText);
    case 'page':
      return failure('not-editable');
  }
}

function captureInField(field: TextField, doc: Document): CapturedSelection | CaptureError {
  const { selectionStart, selectionEnd } = field;
  if (selectionStart === null || selectionEnd === null) {
    // Chrome gives email fields no selection offsets, so the selected part cannot be located to replace it.
    const text = doc.getSelection()?.toString().trim() ?? '';
    return text ? { kind: 'page', text, editable: false } : { error: 'empty' };
  }
  const { value } = field;
  let start = selectionStart;
  let end = selectionEnd;
  while (start < end && /\s/.test(value.charAt(start))) start++;
  while (end > start && /\s/.test(value.charAt(end - 1))) end--;
  if (start === end) return { error: 'empty' };
  return {
    kind: field.localName === 'textarea' ? 'textarea' : 'input',
    text: value.slice(start, end),
    editable: !field.readOnly && !field.disabled,
    field,
    start,
    end,
    value,
  };
}

function captureInDocument(doc: Document): CapturedSelection | CaptureError {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0) return { error: 'not-found' };
  const text = selection.toString().trim();
  const range = withoutSurroundingWhitespace(selection.getRangeAt(0));
  if (!range || text === '') return { error: 'empty' };
  const host = editingHostOf(range);
  if (!host) return { kind: 'page', text, editable: false };
  return {
    kind: 'contenteditable',
    text,
    editable: true,
    host,
    range,
    rangeText: range.toString(),
    hostText: host.textContent ?? '',
  };
}

function replaceInField(captured: FieldSelection, newText: string): ReplaceResult {
  const { field, start, end } = captured;
  const problem = whyFieldCannotBeReplaced(captured);
  if (problem) return failure(problem);
  field.focus({ preventScroll: true });
  // A page's focus handler may have reformatted the field.
  const problemAfterFocus = whyFieldCannotBeReplaced(captured);
  if (problemAfterFocus) return failure(problemAfterFocus);

  field.setSelectionRange(start, end);
  if (insertTextWithUndo(field.ownerDocument, newText)) return { ok: true };

  field.setRangeText(newText, start, end, 'end');
  announceInput(field, newText);
  return { ok: true };
}

/**
 * Any edit since capture stops Replace: from the value alone, typing "ha " before the second "ha" of
 * "ha ha" cannot be told from typing it after, so the offsets might point at other words.
 */
function whyFieldCannotBeReplaced({ field, editable, value }: FieldSelection): ReplaceFailureReason | null {
  if (!field.isConnected) return 'detached';
  if (!editable || field.readOnly || field.disabled) return 'not-editable';
  if (field.value !== value) return 'field-edited';
  return null;
}

function replaceInContentEditable(captured: ContentEditableSelection, newText: string): ReplaceResult {
  const { host, range } = captured;
  const problem = whyContentEditableCannotBeReplaced(captured);
  if (problem) return failure(problem);
  host.focus({ preventScroll: true });
  // Some editors re-render on focus.
  const problemAfterFocus = whyContentEditableCannotBeReplaced(captured);
  if (problemAfterFocus) return failure(problemAfterFocus);

  const doc = host.ownerDocument;
  selectOnly(doc, range.cloneRange());
  if (insertTextWithUndo(doc, newText)) return { ok: true };

  replaceRangeWithText(range, newText);
  announceInput(host, newText);
  return { ok: true };
}

function whyContentEditableCannotBeReplaced(captured: ContentEditableSelection): ReplaceFailureReason | null {
  const { host, range } = captured;
  if (!host.isConnected) return 'detached';
  if (!host.isContentEditable) return 'not-editable';
  if (host.textContent !== captured.hostText) return 'field-edited';
  const rangeIntact =
    host.contains(range.startContainer) && host.contains(range.endContainer) && range.toString() === captured.rangeText;
  return rangeIntact ? null : 'selection-changed';
}

/** Replaces the document's selection with `text` the way typing would. False if the browser would not. */
function insertTextWithUndo(doc: Document, text: string): boolean {
  if (typeof doc.execCommand !== 'function') return false;
  try {
    return doc.execCommand('insertText', false, text);
  } catch {
    return false;
  }
}

/** The fallback for contenteditable: line breaks become <br>, since a bare "\n" would render as a space. */
function replaceRangeWithText(range: Range, text: string): void {
  const doc = documentOf(range.startContainer);
  const fragment = doc.createDocumentFragment();
  text.split('\n').forEach((line, index) => {
    if (index > 0) fragment.append(doc.createElement('br'));
    if (line) fragment.append(doc.createTextNode(line));
  });
  const lastInserted = fragment.lastChild;
  range.deleteContents();
  range.insertNode(fragment);
  if (!lastInserted) return;
  const caret = doc.createRange();
  caret.setStartAfter(lastInserted);
  selectOnly(doc, caret);
}

/** Tells the page's scripts and frameworks the field changed, as the browser would after a replacement. */
function announceInput(target: HTMLElement, text: string): void {
  target.dispatchEvent(
    new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: text }),
  );
}

function selectOnly(doc: Document, range: Range): void {
  const selection = doc.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/**
 * The part of `range` from its first to its last non-whitespace character; null if it has none.
 * A triple-clicked paragraph ends at the start of the next one: replacing that would merge the two blocks.
 */
function withoutSurroundingWhitespace(range: Range): Range | null {
  const spans = textSpansIn(range).filter((span) => /\S/.test(span.node.data.slice(span.from, span.to)));
  const first = spans[0];
  const last = spans.at(-1);
  if (!first || !last) return null;
  const trimmed = range.cloneRange();
  trimmed.setStart(first.node, first.from + first.node.data.slice(first.from, first.to).search(/\S/));
  trimmed.setEnd(last.node, last.from + last.node.data.slice(last.from, last.to).trimEnd().length);
  return trimmed;
}

interface TextSpan {
  node: Text;
  from: number;
  to: number;
}

/** The text nodes `range` covers, each with the offsets of the covered part, in document order. */
function textSpansIn(range: Range): TextSpan[] {
  const root = range.commonAncestorContainer;
  const nodes: Text[] = [];
  if (root.nodeType === Node.TEXT_NODE) {
    nodes.push(root as Text);
  } else {
    const walker = documentOf(root).createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (range.intersectsNode(node)) nodes.push(node as Text);
    }
  }
  return nodes.map((node) => ({
    node,
    from: node === range.startContainer ? range.startOffset : 0,
    to: node === range.endContainer ? range.endOffset : node.length,
  }));
}

/** The outermost contenteditable element holding the whole range, or null if the range is not all editable. */
function editingHostOf(range: Range): HTMLElement | null {
  const start = elementOf(range.startContainer);
  const end = elementOf(range.endContainer);
  if (!start?.isContentEditable || !end?.isContentEditable) return null;
  let host = start;
  while (host.parentElement?.isContentEditable) host = host.parentElement;
  return host.contains(end) ? host : null;
}

function documentOf(node: Node): Document {
  return node.ownerDocument ?? (node as Document);
}

function elementOf(node: Node): HTMLElement | null {
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return element && 'isContentEditable' in element ? (element as HTMLElement) : null;
}

function isTextField(element: Element | null): element is TextField {
  if (element?.localName === 'textarea') return true;
  return element?.localName === 'input' && TEXT_INPUT_TYPES.has((element as HTMLInputElement).type);
}

/**
 * Secret fields: passwords (including ones a "show password" button turned into text fields, which keep
 * their autocomplete hint), card numbers and security codes, and one-time codes.
 */
function isPasswordField(element: Element | null): boolean {
  if (element?.localName !== 'input' && element?.localName !== 'textarea') return false;
  const field = element as HTMLInputElement;
  return field.type === 'password' || /\b(?:current-password|new-password|cc-number|cc-csc|one-time-code)\b/i.test(field.getAttribute('autocomplete') ?? '');
}

function failure(reason: ReplaceFailureReason): ReplaceResult {
  return { ok: false, reason };
}
