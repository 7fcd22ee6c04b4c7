// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { highlightPassage } from './in-page';

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('highlightPassage', () => {
  it('scrolls the passage into view and outlines it for a moment, then restores its style', () => {
    vi.useFakeTimers();
    const passage = document.createElement('p');
    passage.style.outline = '1px dotted red';
    const pageOutline = passage.style.outline;
    document.body.append(passage);
    passage.scrollIntoView = vi.fn();

    highlightPassage(passage);

    expect(passage.scrollIntoView).toHaveBeenCalledWith(expect.objectContaining({ block: 'center' }));
    expect(passage.style.outline).toContain('solid');
    vi.runAllTimers();
    expect(passage.style.outline).toBe(pageOutline);
  });

  it('clears the previous highlight when another passage is shown', () => {
    vi.useFakeTimers();
    const [first, second] = [document.createElement('p'), document.createElement('p')];
    document.body.append(first, second);

    highlightPassage(first);
    highlightPassage(second);

    expect(first.style.outline).toBe('');
    expect(second.style.outline).toContain('solid');
    vi.runAllTimers();
    expect(second.style.outline).toBe('');
  });
});
