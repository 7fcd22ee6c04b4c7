// Images of one colour and the alt text the color-captioner fixture gives them, for the alt-text tests.
import sharp from 'sharp';
import { expect } from 'vitest';
import { captionToAltText } from '../../src/features/alt-text/caption-text';
import { CAPTION_PALETTE, expectedCaption, type Rgb } from '../fixtures/models/color-captioner';

export function rgb(name: string): Rgb {
  const entry = CAPTION_PALETTE.find((colour) => colour.name === name);
  if (!entry) throw new Error(`No palette colour ${name}`);
  return entry.rgb;
}

/** The alt text the extension should write for an image whose mean colour is `colour`. */
export function altFor(colour: string): string {
  const text = captionToAltText(expectedCaption(...rgb(colour)));
  expect(text).not.toBe('');
  return text;
}

/** A PNG of `size`×`size` pixels, all of one palette colour. */
export async function solidPng(colour: string, size = 64): Promise<Buffer> {
  const [r, g, b] = rgb(colour);
  return sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } }).png().toBuffer();
}
