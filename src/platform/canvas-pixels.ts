// Writing raw RGBA pixels into a canvas from a content script differs by browser.
// Chrome: `new ImageData(bytes)` and putImageData, at once.
// Firefox: a content script runs in a sandbox that sees the page's canvas through Xray wrappers; the canvas
// refuses an ImageData made in the sandbox ("Failed to extract Uint8ClampedArray from ImageData (security
// check failed?)"), and `data.set(bytes)` on one the canvas made is denied ("Permission denied to access
// object"). Writing the canvas-made ImageData's bytes one by one is allowed; the images are small (the
// pixels are at most 1024 px a side, see alt-text/pixels.ts).

/** Draws `rgba` (width × height × 4 bytes) at the canvas's top left corner. */
export function putRgbaPixels(context: CanvasRenderingContext2D, rgba: Uint8Array<ArrayBuffer>, width: number, height: number): void {
  if (!import.meta.env.FIREFOX) {
    context.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), width, height), 0, 0);
    return;
  }
  const pixels = context.createImageData(width, height);
  const target = pixels.data;
  for (let i = 0; i < rgba.length; i++) target[i] = rgba[i]!;
  context.putImageData(pixels, 0, 0);
}
