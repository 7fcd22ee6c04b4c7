import { describe, expect, it } from 'vitest';
import { sha256Hex } from './digest';

// Published SHA-256 test vectors (FIPS 180-2): "" and "abc".
const SHA256_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sha256Hex', () => {
  it('hashes an ArrayBuffer to 64 lowercase hex digits', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc').buffer)).toBe(SHA256_ABC);
    expect(await sha256Hex(new ArrayBuffer(0))).toBe(SHA256_EMPTY);
  });

  it('hashes a Uint8Array, honouring its offset and length within the buffer', async () => {
    const bytes = new TextEncoder().encode('xxabcxx');
    expect(await sha256Hex(bytes.subarray(2, 5))).toBe(SHA256_ABC);
  });

  it('accepts a Node Buffer (a Uint8Array subclass)', async () => {
    expect(await sha256Hex(Buffer.from('abc'))).toBe(SHA256_ABC);
  });

  it('accepts bytes in a SharedArrayBuffer', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(3));
    shared.set([0x61, 0x62, 0x63]);
    expect(await sha256Hex(shared)).toBe(SHA256_ABC);
    expect(await sha256Hex(shared.buffer as unknown as ArrayBuffer)).toBe(SHA256_ABC);
  });

  it('gives different content different keys, and equal content equal keys', async () => {
    const a = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const b = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 4]);
    expect(await sha256Hex(a)).not.toBe(await sha256Hex(b));
    expect(await sha256Hex(a)).toBe(await sha256Hex(a.slice()));
  });
});
