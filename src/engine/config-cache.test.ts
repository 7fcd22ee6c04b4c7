import { describe, expect, it } from 'vitest';
import { configCache } from './config-cache';

/** A load that counts its calls and answers with the current value. */
function source(initial: number) {
  const state = { value: initial, loads: 0 };
  return { state, load: async () => (state.loads++, state.value) };
}

describe('configCache', () => {
  it('reads once until told of a change, then reads the new settings', async () => {
    const { state, load } = source(1);
    const cache = configCache(load);
    expect(await cache.read()).toBe(1);
    state.value = 2;
    expect(await cache.read()).toBe(1);
    expect(state.loads).toBe(1);
    cache.changed();
    expect(await cache.read()).toBe(2);
    expect(await cache.read()).toBe(2);
    expect(state.loads).toBe(2);
  });

  it('shares one read among requests at the same moment', async () => {
    const { state, load } = source(1);
    const cache = configCache(load);
    expect(await Promise.all([cache.read(), cache.read(), cache.read()])).toEqual([1, 1, 1]);
    expect(state.loads).toBe(1);
  });

  it('does not keep a read that was under way when the settings changed', async () => {
    let release!: (value: number) => void;
    let loads = 0;
    const cache = configCache(() => (loads++ === 0 ? new Promise<number>((resolve) => (release = resolve)) : Promise.resolve(2)));
    const early = cache.read();
    cache.changed();
    release(1);
    expect(await early).toBe(1);
    expect(await cache.read()).toBe(2);
  });

  it('reads again after a failed read', async () => {
    let fail = true;
    const cache = configCache(async () => {
      if (fail) throw new Error('no answer');
      return 3;
    });
    await expect(cache.read()).rejects.toThrow('no answer');
    fail = false;
    expect(await cache.read()).toBe(3);
  });
});
