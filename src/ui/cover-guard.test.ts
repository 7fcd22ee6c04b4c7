import { describe, expect, it } from 'vitest';
import { filterKeepsTextReadable } from './cover-guard';

// Firefox applies a filter on <html> to the top layer, our cards included: which filters still leave them readable.
describe('filterKeepsTextReadable', () => {
  it('passes no filter, and filters that keep black and white apart', () => {
    for (const filter of [
      'none',
      'grayscale(1)',
      'grayscale(100%)',
      'sepia(0.8)',
      'hue-rotate(180deg)',
      'hue-rotate(0.5turn)',
      'saturate(3)',
      'invert(1)',
      'brightness(1.4)',
      'contrast(1.2)',
      'blur(0px)',
      'opacity(1)',
      // Dark Reader's filter mode.
      'invert(1) hue-rotate(180deg) brightness(1) contrast(0.9) sepia(0.1) grayscale(0)',
    ]) {
      expect(filterKeepsTextReadable(filter), filter).toBe(true);
    }
  });

  it('refuses filters that fade, darken, flatten or blur, and what it cannot read', () => {
    for (const filter of [
      'opacity(0.02)',
      'opacity(0.9)',
      'brightness(0.1)',
      'brightness(0)',
      'contrast(0.2)',
      'invert(0.5)',
      'invert(0.45)',
      'blur(4px)',
      'drop-shadow(rgb(0, 0, 0) 2px 2px 3px)',
      'url("#fade")',
      'grayscale(1) opacity(0.1)',
      // Each step passes alone; together they leave black and white too close.
      'contrast(0.5) brightness(0.6)',
      'grayscale(1) nonsense',
      'brightness(-1)',
    ]) {
      expect(filterKeepsTextReadable(filter), filter).toBe(false);
    }
  });
});
