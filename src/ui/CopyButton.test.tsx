// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from './CopyButton';

let container: HTMLElement | undefined;

afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  vi.restoreAllMocks();
});

/** Renders Copy for `text`, clicks it, and returns what its status says once the copy has settled. */
async function clickCopy(text: string): Promise<string> {
  container = document.createElement('div');
  document.body.append(container);
  // Its first effects run before the click, as they would long before a person's.
  act(() => render(<CopyButton text={text} />, container!));
  container.querySelector('button')!.click();
  await vi.waitFor(() => expect(container!.querySelector('[role="status"]')).not.toBeNull());
  return container.querySelector('[role="status"]')!.textContent ?? '';
}

describe('CopyButton', () => {
  it('says Copied. once the clipboard has the text', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    expect(await clickCopy('A summary')).toBe('Copied.');
    expect(writeText).toHaveBeenCalledWith('A summary');
  });

  it('says it could not copy, and how to, when the browser refuses both ways', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('Document is not focused.', 'NotAllowedError'));
    const execCommand = vi.fn(() => false);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    expect(await clickCopy('A summary')).toBe('Could not copy. Select the text and press Ctrl+C.');
    expect(execCommand).toHaveBeenCalledWith('copy');
    // Nothing of the attempt is left in the document.
    expect(document.querySelector('textarea')).toBeNull();
  });
});
