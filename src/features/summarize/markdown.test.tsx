// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Markdown, type MarkdownProps } from './markdown';
import { keyPointsOf } from './markdown-parse';
import { SourcedPoints } from './points';

let container: HTMLElement;

function show(props: MarkdownProps): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  render(<Markdown {...props} />, container);
  return container;
}

afterEach(() => {
  render(null, container);
  container.remove();
});

describe('Markdown', () => {
  it('renders lists, bold and italic', () => {
    const root = show({ text: 'Intro with **bold** and *italic*.\n\n- first\n- second with **more**\n\n1. one\n2. two' });
    expect(root.querySelector('p')!.innerHTML).toBe('Intro with <strong>bold</strong> and <em>italic</em>.');
    expect([...root.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['first', 'second with more']);
    expect(root.querySelector('ul strong')!.textContent).toBe('more');
    expect([...root.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['one', 'two']);
  });

  it('shows HTML from the model as text, never as markup', () => {
    const text = '<script>alert(1)</script> <img src=x onerror="alert(2)">\n\n- <b>bold?</b> <a href="https://x.test">x</a>';
    const root = show({ text });
    expect(root.querySelector('script, img, b, a')).toBeNull();
    expect(root.querySelector('p')!.textContent).toBe('<script>alert(1)</script> <img src=x onerror="alert(2)">');
    expect(root.querySelector('li')!.textContent).toBe('<b>bold?</b> <a href="https://x.test">x</a>');
  });

  it('keeps only the text of links', () => {
    const root = show({ text: 'See [the docs](https://example.com/docs) or [this](javascript:alert(1)).' });
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toBe('See the docs or [this](javascript:alert(1)).');
  });

  it('renders headings below the panel’s own, code, breaks and rules', () => {
    const root = show({ text: '# Title\n### Small\nline one\nline two\n\nUse `npm test` now.\n\n---\n\n```\n<b>code</b>\n```' });
    expect(root.querySelector('h3')!.textContent).toBe('Title');
    expect(root.querySelector('h5')!.textContent).toBe('Small');
    expect(root.querySelector('p')!.innerHTML).toBe('line one<br>line two');
    expect(root.querySelector('p code')!.textContent).toBe('npm test');
    expect(root.querySelector('hr')).not.toBeNull();
    expect(root.querySelector('pre code')!.textContent).toBe('<b>code</b>');
  });

  it('reads the lists small models write: blank lines between items, "*" bullets, nesting, numbering', () => {
    const root = show({ text: 'Points:\n* one\n\n* two\n  - two.a\n  - two.b\n* three\n\n3. third\n4. fourth' });
    expect(root.querySelector('p')!.textContent).toBe('Points:');
    expect(root.querySelectorAll('ul')).toHaveLength(2);
    expect(root.querySelectorAll(':scope > div > ul > li')).toHaveLength(3);
    expect([...root.querySelectorAll('ul ul > li')].map((li) => li.textContent)).toEqual(['two.a', 'two.b']);
    expect(root.querySelector('ol')!.getAttribute('start')).toBe('3');
  });

  it('leaves snake_case and lone asterisks alone', () => {
    const root = show({ text: 'Call my_function_name with 2 * 3 * 4.' });
    expect(root.querySelector('em')).toBeNull();
    expect(root.textContent).toBe('Call my_function_name with 2 * 3 * 4.');
  });

  it('renders every prefix of a streaming answer without failing', () => {
    const answer = '## Summary\n\n- **Bold point** with *italic* and `code`\n- Second [link](https://a.b) point\n  - nested\n\n```js\nlet x;\n```\n1. last';
    for (let end = 0; end <= answer.length; end++) {
      expect(() => show({ text: answer.slice(0, end) })).not.toThrow();
      render(null, container);
      container.remove();
    }
    const root = show({ text: answer });
    expect(root.querySelector('li strong')!.textContent).toBe('Bold point');
  });

  it('shows unclosed emphasis as written while it streams', () => {
    const root = show({ text: '- a **bold start' });
    expect(root.querySelector('strong')).toBeNull();
    expect(root.querySelector('li')!.textContent).toBe('a **bold start');
  });

  it('adds a "show in page" button to key points that have a source', () => {
    const onShowSource = vi.fn();
    const root = show({ text: '- first\n  - nested\n- second\n- third', sources: ['#a', null, '#c'], onShowSource });
    const buttons = root.querySelectorAll<HTMLButtonElement>('button');
    expect(buttons).toHaveLength(2);
    expect(buttons[0]!.getAttribute('aria-label')).toBe('Show in page');
    // Each "↗" is described by its point, so a screen reader tells the buttons apart.
    expect([...buttons].map((button) => root.querySelector(`[id="${button.getAttribute('aria-describedby')}"]`)?.textContent)).toEqual(['first', 'third']);
    expect(buttons[0]!.closest('li')!.firstChild!.textContent).toBe('first');
    expect(buttons[1]!.closest('li')!.firstChild!.textContent).toBe('third');
    buttons[1]!.click();
    expect(onShowSource).toHaveBeenCalledWith('#c');
  });
});

describe('keyPointsOf', () => {
  it('lists the top-level items as plain text, matching the rendered key points', () => {
    expect(keyPointsOf('Here:\n\n- **Bold** one\n  - nested\n- two with `code`\n\n1. three')).toEqual([
      'Bold one',
      'two with code',
      'three',
    ]);
  });
});

describe('SourcedPoints', () => {
  it('shows page sentences as text, each with its source button', () => {
    container = document.createElement('div');
    const onShowSource = vi.fn();
    render(
      <SourcedPoints
        points={[
          { text: 'A **literal** <i>sentence</i>.', locator: 'p1' },
          { text: 'From a selection.', locator: '' },
        ]}
        onShowSource={onShowSource}
      />,
      container,
    );
    const items = container.querySelectorAll('li');
    expect(items[0]!.textContent).toContain('A **literal** <i>sentence</i>.');
    expect(container.querySelector('i, strong')).toBeNull();
    expect(items[1]!.querySelector('button')).toBeNull();
    items[0]!.querySelector('button')!.click();
    expect(onShowSource).toHaveBeenCalledWith('p1');
  });
});
