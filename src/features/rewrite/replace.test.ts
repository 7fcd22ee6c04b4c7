// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureSelection, replaceCaptured, type CapturedSelection } from './replace';

/** Narrows a capture result for the test, failing loudly when it is an error. */
function captured(result: ReturnType<typeof captureSelection>): CapturedSelection {
  if ('error' in result) throw new Error(`capture failed: ${result.error}`);
  return result;
}

function selectInField(field: HTMLTextAreaElement | HTMLInputElement, start: number, end: number): void {
  field.focus();
  field.setSelectionRange(start, end);
}

function selectNodes(startNode: Node, startOffset: number, endNode: Node, endOffset: number): void {
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  const selection = document.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
}

function textOf(selector: string): Text {
  const node = document.querySelector(selector)?.firstChild;
  if (!(node instanceof Text)) throw new Error(`no text in ${selector}`);
  return node;
}

/** Records the input events a field receives. */
function recordInputEvents(target: EventTarget): InputEvent[] {
  const events: InputEvent[] = [];
  target.addEventListener('input', (event) => events.push(event as InputEvent));
  return events;
}

/** Stands in for Chromium's execCommand('insertText'): replaces the current selection and reports success. */
function fakeExecCommandInsertText(): ReturnType<typeof vi.fn> {
  const execCommand = vi.fn((command: string, _showUi: boolean, text: string) => {
    const active = document.activeElement;
    if (command !== 'insertText') return false;
    if (active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement) {
      active.setRangeText(text, active.selectionStart!, active.selectionEnd!, 'end');
    } else {
      const range = document.getSelection()!.getRangeAt(0);
      range.deleteContents();
      range.insertNode(document.createTextNode(text));
    }
    return true;
  });
  Object.assign(document, { execCommand });
  return execCommand;
}

beforeEach(() => {
  document.body.innerHTML = '';
});

afterEach(() => {
  Reflect.deleteProperty(document, 'execCommand');
  vi.restoreAllMocks();
});

describe('captureSelection in text fields', () => {
  it('captures a textarea selection with its offsets', () => {
    document.body.innerHTML = '<textarea>hello world, how are you</textarea>';
    const textarea = document.querySelector('textarea')!;
    selectInField(textarea, 6, 11);
    expect(captureSelection(document)).toEqual({
      kind: 'textarea',
      text: 'world',
      editable: true,
      field: textarea,
      start: 6,
      end: 11,
      value: 'hello world, how are you',
    });
  });

  it('leaves surrounding whitespace out of the capture, so the replacement keeps it', () => {
    document.body.innerHTML = '<textarea>first line\n\n  second line  \n\nthird</textarea>';
    const textarea = document.querySelector('textarea')!;
    selectInField(textarea, 10, 28);
    expect(captured(captureSelection(document))).toMatchObject({ text: 'second line', start: 14, end: 25 });
  });

  it.each(['text', 'search', 'url', 'tel'])('captures an <input type=%s>', (type) => {
    document.body.innerHTML = `<input type="${type}" value="abc def">`;
    const input = document.querySelector('input')!;
    selectInField(input, 4, 7);
    expect(captured(captureSelection(document))).toMatchObject({ kind: 'input', text: 'def', editable: true });
  });

  it('offers Copy only for a field without selection offsets (email in Chromium)', () => {
    document.body.innerHTML = '<input type="email" value="ann@example.com"><p>ann@example.com</p>';
    document.querySelector('input')!.focus();
    const text = textOf('p');
    selectNodes(text, 0, text, 3);
    expect(captureSelection(document)).toEqual({ kind: 'page', text: 'ann', editable: false });
  });

  it('marks read-only and disabled fields as not editable', () => {
    document.body.innerHTML = '<textarea readonly>read only text</textarea>';
    selectInField(document.querySelector('textarea')!, 0, 4);
    expect(captured(captureSelection(document))).toMatchObject({ text: 'read', editable: false });
  });

  it.each([
    ['a password field', '<input type="password">'],
    ['a shown password (a text field marked current-password)', '<input type="text" autocomplete="current-password">'],
    ['a shown password (a text field marked new-password)', '<input type="text" autocomplete="new-password">'],
    ['a card number', '<input type="text" autocomplete="cc-number">'],
    ['a card security code', '<input type="text" autocomplete="cc-csc">'],
    ['a one-time code', '<input type="text" inputmode="numeric" autocomplete="one-time-code">'],
  ])('refuses %s without reading its value', (_kind, html) => {
    document.body.innerHTML = html;
    const input = document.querySelector('input')!;
    const readValue = vi.fn(() => 'hunter2');
    Object.defineProperty(input, 'value', { get: readValue });
    input.focus();
    expect(captureSelection(document)).toEqual({ error: 'password' });
    expect(readValue).not.toHaveBeenCalled();
  });

  it('reports an empty selection', () => {
    document.body.innerHTML = '<textarea>some text</textarea>';
    selectInField(document.querySelector('textarea')!, 4, 4);
    expect(captureSelection(document)).toEqual({ error: 'empty' });
  });

  it('reports a whitespace-only selection as empty', () => {
    document.body.innerHTML = '<textarea>some \n\n text</textarea>';
    selectInField(document.querySelector('textarea')!, 4, 8);
    expect(captureSelection(document)).toEqual({ error: 'empty' });
  });
});

describe('captureSelection in contenteditable and page text', () => {
  it('captures a contenteditable selection with its editing host, range and host text', () => {
    document.body.innerHTML = '<div id="editor" contenteditable="true"><p>One <b>two</b> three</p><p>four</p></div>';
    selectNodes(textOf('#editor p'), 0, textOf('#editor b'), 3);
    const capture = captured(captureSelection(document));
    expect(capture).toMatchObject({
      kind: 'contenteditable',
      text: 'One two',
      editable: true,
      host: document.querySelector('#editor'),
      rangeText: 'One two',
      hostText: 'One two threefour',
    });
  });

  it('finds the outermost editing host from a nested editable element', () => {
    document.body.innerHTML = '<div id="editor" contenteditable="true"><section><p><em>deep</em> text</p></section></div>';
    selectNodes(textOf('em'), 0, textOf('em'), 4);
    expect(captured(captureSelection(document))).toMatchObject({ host: document.querySelector('#editor') });
  });

  it('trims the range to the text, so a triple-click does not reach into the next paragraph', () => {
    document.body.innerHTML = '<div id="editor" contenteditable="true"><p>  Hello there  </p><p>Next</p></div>';
    const next = textOf('#editor p:nth-child(2)');
    selectNodes(textOf('#editor p'), 0, next, 0);
    const capture = captured(captureSelection(document));
    if (capture.kind !== 'contenteditable') throw new Error('expected contenteditable');
    expect(capture.text).toBe('Hello there');
    expect(capture.range.toString()).toBe('Hello there');
    expect(capture.range.endContainer).toBe(textOf('#editor p'));
  });

  it('captures page text as Copy only', () => {
    document.body.innerHTML = '<article><p>Plain page text here.</p></article>';
    const text = textOf('p');
    selectNodes(text, 6, text, 15);
    expect(captureSelection(document)).toEqual({ kind: 'page', text: 'page text', editable: false });
  });

  it('treats a selection reaching outside the editable area as page text', () => {
    document.body.innerHTML = '<p id="outside">Outside</p><div contenteditable="true"><p id="inside">Inside</p></div>';
    selectNodes(textOf('#outside'), 0, textOf('#inside'), 6);
    expect(captured(captureSelection(document))).toMatchObject({ kind: 'page', editable: false });
  });

  it('reports no selection as not found', () => {
    document.body.innerHTML = '<p>Text</p>';
    document.getSelection()!.removeAllRanges();
    expect(captureSelection(document)).toEqual({ error: 'not-found' });
  });

  it('reports a whitespace-only page selection as empty', () => {
    document.body.innerHTML = '<p>word     word</p>';
    const text = textOf('p');
    selectNodes(text, 5, text, 8);
    expect(captureSelection(document)).toEqual({ error: 'empty' });
  });
});

describe('replaceCaptured in text fields', () => {
  function captureTextarea(value: string, start: number, end: number) {
    document.body.innerHTML = '<textarea></textarea><button>elsewhere</button>';
    const textarea = document.querySelector('textarea')!;
    textarea.value = value;
    selectInField(textarea, start, end);
    const capture = captured(captureSelection(document));
    document.querySelector('button')!.focus(); // our card takes focus meanwhile
    return { textarea, capture };
  }

  it('inserts through execCommand insertText, on the field it focuses and the range it restores', () => {
    const { textarea, capture } = captureTextarea('hey there, friend', 0, 9);
    const execCommand = fakeExecCommandInsertText();
    const selectionAtInsert: Array<[Element | null, number | null, number | null]> = [];
    execCommand.mockImplementationOnce((command: string, showUi: boolean, text: string) => {
      selectionAtInsert.push([document.activeElement, textarea.selectionStart, textarea.selectionEnd]);
      textarea.setRangeText(text, textarea.selectionStart!, textarea.selectionEnd!, 'end');
      return command === 'insertText' && !showUi;
    });
    const events = recordInputEvents(textarea);

    expect(replaceCaptured(capture, 'Hello there')).toEqual({ ok: true });
    expect(execCommand).toHaveBeenCalledWith('insertText', false, 'Hello there');
    expect(selectionAtInsert).toEqual([[textarea, 0, 9]]);
    expect(textarea.value).toBe('Hello there, friend');
    expect(events).toHaveLength(0); // the browser fires its own input event; ours would be a duplicate
  });

  it('falls back to setRangeText and an input event when execCommand is missing', () => {
    const { textarea, capture } = captureTextarea('Intro.\n\n  thx for ur help  \n\nBye.', 6, 28);
    const events = recordInputEvents(textarea);

    expect(replaceCaptured(capture, 'Thank you for your help.')).toEqual({ ok: true });
    expect(textarea.value).toBe('Intro.\n\n  Thank you for your help.  \n\nBye.');
    expect(document.activeElement).toBe(textarea);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'input', bubbles: true, inputType: 'insertReplacementText' });
  });

  it.each([
    ['returns false', () => false],
    [
      'throws',
      () => {
        throw new Error('not allowed');
      },
    ],
  ])('falls back when execCommand %s', (_case, execCommand) => {
    const { textarea, capture } = captureTextarea('a b c', 2, 3);
    Object.assign(document, { execCommand: vi.fn(execCommand) });
    expect(replaceCaptured(capture, 'B')).toEqual({ ok: true });
    expect(textarea.value).toBe('a B c');
  });

  it('replaces in an <input> too', () => {
    document.body.innerHTML = '<input type="search" value="cheap flihgts paris">';
    const input = document.querySelector('input')!;
    selectInField(input, 6, 13);
    expect(replaceCaptured(captured(captureSelection(document)), 'flights')).toEqual({ ok: true });
    expect(input.value).toBe('cheap flights paris');
  });

  it('refuses when other parts of the field changed: the issue says Replace does not guess after an edit', () => {
    const { textarea, capture } = captureTextarea('keep this. fix thsi', 11, 19);
    textarea.value += ' And more typed since.';
    expect(replaceCaptured(capture, 'Fix this.')).toEqual({ ok: false, reason: 'field-edited' });
    expect(textarea.value).toBe('keep this. fix thsi And more typed since.');
  });

  it('refuses when the captured text was edited, and leaves the field alone', () => {
    const { textarea, capture } = captureTextarea('keep this. fix thsi', 11, 19);
    textarea.value = 'keep this. fix this now';
    const execCommand = fakeExecCommandInsertText();
    expect(replaceCaptured(capture, 'Fix this.')).toEqual({ ok: false, reason: 'field-edited' });
    expect(textarea.value).toBe('keep this. fix this now');
    expect(execCommand).not.toHaveBeenCalled();
  });

  it('refuses when focusing the field made the page change it', () => {
    const { textarea, capture } = captureTextarea('fix thsi', 0, 8);
    textarea.addEventListener('focus', () => (textarea.value = 'FIX THSI'));
    expect(replaceCaptured(capture, 'Fix this.')).toEqual({ ok: false, reason: 'field-edited' });
    expect(textarea.value).toBe('FIX THSI');
  });

  it('refuses when text was typed before the selection, moving it', () => {
    const { textarea, capture } = captureTextarea('fix thsi', 0, 8);
    textarea.value = 'Hi! fix thsi';
    expect(replaceCaptured(capture, 'Fix this.')).toEqual({ ok: false, reason: 'field-edited' });
    expect(textarea.value).toBe('Hi! fix thsi');
  });

  it('refuses when an edit left the same words at the same offsets, since it may have moved them', () => {
    const { textarea, capture } = captureTextarea('ha ha', 3, 5);
    textarea.value = 'ha ha ha';
    expect(replaceCaptured(capture, 'HA')).toEqual({ ok: false, reason: 'field-edited' });
    expect(textarea.value).toBe('ha ha ha');
  });

  it('refuses when the field left the page', () => {
    const { textarea, capture } = captureTextarea('some text', 0, 4);
    textarea.remove();
    expect(replaceCaptured(capture, 'Some')).toEqual({ ok: false, reason: 'detached' });
  });

  it('refuses a field that became read-only or disabled', () => {
    const { textarea, capture } = captureTextarea('some text', 0, 4);
    textarea.disabled = true;
    expect(replaceCaptured(capture, 'Some')).toEqual({ ok: false, reason: 'not-editable' });
    expect(textarea.value).toBe('some text');
  });

  it('refuses a field that was read-only at capture', () => {
    document.body.innerHTML = '<textarea readonly>read only</textarea>';
    selectInField(document.querySelector('textarea')!, 0, 4);
    expect(replaceCaptured(captured(captureSelection(document)), 'Read')).toEqual({
      ok: false,
      reason: 'not-editable',
    });
  });

  it('refuses a blank rewrite, which would only delete the user’s text', () => {
    const { textarea, capture } = captureTextarea('some text', 0, 4);
    expect(replaceCaptured(capture, ' \n ')).toEqual({ ok: false, reason: 'empty-replacement' });
    expect(textarea.value).toBe('some text');
  });
});

describe('replaceCaptured in contenteditable and page text', () => {
  function captureEditor(html: string, select: () => void) {
    document.body.innerHTML = `<div id="editor" contenteditable="true">${html}</div>`;
    select();
    const capture = captured(captureSelection(document));
    document.getSelection()!.removeAllRanges(); // the user clicked into our card meanwhile
    return { editor: document.querySelector<HTMLElement>('#editor')!, capture };
  }

  it('restores the range, focuses the host and inserts through execCommand insertText', () => {
    const { editor, capture } = captureEditor('<p>Hi <b>bob</b>, thx</p>', () =>
      selectNodes(textOf('#editor p'), 0, textOf('#editor b'), 3),
    );
    const execCommand = fakeExecCommandInsertText();
    const atInsert: Array<[Element | null, string]> = [];
    execCommand.mockImplementationOnce(() => {
      atInsert.push([document.activeElement, document.getSelection()!.toString()]);
      return true;
    });

    expect(replaceCaptured(capture, 'Hello Bob')).toEqual({ ok: true });
    expect(execCommand).toHaveBeenCalledWith('insertText', false, 'Hello Bob');
    expect(atInsert).toEqual([[editor, 'Hi bob']]);
  });

  it('falls back to replacing the range, with <br> for line breaks, and an input event', () => {
    const { editor, capture } = captureEditor('<p>Start. hi bob, thx. End.</p>', () => {
      const text = textOf('#editor p');
      selectNodes(text, 7, text, 20);
    });
    const events = recordInputEvents(editor);

    expect(replaceCaptured(capture, 'Hello Bob.\n\nThank you.')).toEqual({ ok: true });
    expect(editor.innerHTML).toBe('<p>Start. Hello Bob.<br><br>Thank you. End.</p>');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ inputType: 'insertReplacementText', bubbles: true });
  });

  it('refuses when the host text changed', () => {
    const { editor, capture } = captureEditor('<p>hi bob</p>', () => {
      const text = textOf('#editor p');
      selectNodes(text, 0, text, 6);
    });
    textOf('#editor p').appendData('!');
    expect(replaceCaptured(capture, 'Hello Bob')).toEqual({ ok: false, reason: 'field-edited' });
    expect(editor.textContent).toBe('hi bob!');
  });

  it('refuses when the page rebuilt the editor, even with the same text', () => {
    const { editor, capture } = captureEditor('<p>hi bob</p>', () => {
      const text = textOf('#editor p');
      selectNodes(text, 0, text, 2);
    });
    editor.innerHTML = '<p>hi bob</p>';
    expect(replaceCaptured(capture, 'Hello')).toEqual({ ok: false, reason: 'selection-changed' });
    expect(editor.innerHTML).toBe('<p>hi bob</p>');
  });

  it('refuses when the editor left the page or stopped being editable', () => {
    const first = captureEditor('<p>hi bob</p>', () => selectNodes(textOf('#editor p'), 0, textOf('#editor p'), 2));
    first.editor.setAttribute('contenteditable', 'false');
    expect(replaceCaptured(first.capture, 'Hello')).toEqual({ ok: false, reason: 'not-editable' });

    const second = captureEditor('<p>hi bob</p>', () => selectNodes(textOf('#editor p'), 0, textOf('#editor p'), 2));
    second.editor.remove();
    expect(replaceCaptured(second.capture, 'Hello')).toEqual({ ok: false, reason: 'detached' });
  });

  it('never replaces page text', () => {
    document.body.innerHTML = '<p>Plain page text.</p>';
    selectNodes(textOf('p'), 0, textOf('p'), 5);
    const capture = captured(captureSelection(document));
    expect(replaceCaptured(capture, 'Simple')).toEqual({ ok: false, reason: 'not-editable' });
    expect(document.body.innerHTML).toBe('<p>Plain page text.</p>');
  });
});
