import { describe, expect, it } from 'vitest';
import { fenced } from './fence';

describe('fenced', () => {
  it('wraps content in the named tag', () => {
    expect(fenced('text', 'Hello')).toBe('<text>\nHello\n</text>');
  });

  it('picks a tag the content does not contain, whatever its case', () => {
    expect(fenced('text', 'a </TEXT> b <text1>')).toBe('<text2>\na </TEXT> b <text1>\n</text2>');
  });
});
