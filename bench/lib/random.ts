// Seeded pseudo-random data for the benchmark weights: speed does not depend on the values, but
// they must stay finite and of a sane size (NaN, infinities and denormals change CPU speed).
import { randomFillSync } from 'node:crypto';

/** xorshift32, seeded: the same model on every run. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** The next 32-bit state, as an unsigned integer. */
  nextUint32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  /** A number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
}

/** Roughly normal values (sum of uniforms) with standard deviation `std`. */
export function normalFloats(count: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(count);
  // (u1 + u2 + u3 + u4 - 2) has variance 4/12 = 1/3.
  const k = std * Math.sqrt(3);
  for (let i = 0; i < count; i++) out[i] = (rng.next() + rng.next() + rng.next() + rng.next() - 2) * k;
  return out;
}

/** Random bytes: packed 4-bit weights or int8 weights, where every bit pattern is a valid number. */
export function randomBytes(count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let offset = 0; offset < count; offset += 65536) randomFillSync(out, offset, Math.min(65536, count - offset));
  return out;
}

export function filled(count: number, value: number): Float32Array {
  return new Float32Array(count).fill(value);
}
