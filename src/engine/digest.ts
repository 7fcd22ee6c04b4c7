/**
 * Content hashes as lowercase hex: model files are checked against the host's SHA-256 (and git's
 * SHA-1 blob ids), and captions are cached by the SHA-256 of the image's pixels.
 *
 * `crypto.subtle` exists in Node 20 and in secure contexts only: extension pages, the service
 * worker and offscreen documents have it, but a content script on an http:// page does not, so
 * hash where the bytes are fetched (the extension side), not in the page.
 */
export async function digestHex(algorithm: 'SHA-256' | 'SHA-1', bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('Hashing needs crypto.subtle (a secure context)');
  const digest = await subtle.digest(algorithm, toDigestInput(bytes));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  return digestHex('SHA-256', bytes);
}

/**
 * `digest` refuses views of a SharedArrayBuffer (which this cross-origin-isolated extension
 * can have), so those are copied; plain buffers and their views go in as they are.
 */
function toDigestInput(bytes: ArrayBuffer | Uint8Array): ArrayBuffer | Uint8Array<ArrayBuffer> {
  if (!ArrayBuffer.isView(bytes)) return isPlainArrayBuffer(bytes) ? bytes : new Uint8Array(bytes).slice();
  if (isPlainArrayBuffer(bytes.buffer)) return bytes as Uint8Array<ArrayBuffer>;
  return new Uint8Array(bytes); // copies the elements into a new, plain buffer
}

function isPlainArrayBuffer(buffer: ArrayBufferLike): buffer is ArrayBuffer {
  return Object.prototype.toString.call(buffer) === '[object ArrayBuffer]';
}
