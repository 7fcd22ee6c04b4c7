import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './base64';

describe('base64', () => {
  it('round-trips every byte value, across chunk boundaries', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    const encoded = toBase64(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(encoded)).toEqual(bytes);
  });

  it('encodes only the view it is given, of either byte array type (canvas pixels are clamped)', () => {
    const buffer = new Uint8Array([9, 1, 2, 3, 250, 9]).buffer;
    expect(toBase64(new Uint8ClampedArray(buffer, 1, 4))).toBe(Buffer.from([1, 2, 3, 250]).toString('base64'));
    expect(toBase64(new Uint8Array(buffer, 1, 4))).toBe(Buffer.from([1, 2, 3, 250]).toString('base64'));
    expect(fromBase64('AQID+g==')).toEqual(new Uint8Array([1, 2, 3, 250]));
  });
});
