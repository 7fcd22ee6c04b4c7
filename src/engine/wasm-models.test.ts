import { describe, expect, it, vi } from 'vitest';
import { yieldBetweenRuns } from './wasm-models';

describe('yieldBetweenRuns', () => {
  it('frees a spent KV cache in JS memory, and leaves one on the GPU (whose data cannot be read) alone', async () => {
    const cpuCache = new Float32Array(16);
    // Node 20 has no ArrayBuffer.prototype.transfer, which frees a buffer at once in the browser: watch the call.
    const transfer = vi.fn();
    Object.defineProperty(cpuCache.buffer, 'transfer', { value: transfer });
    const inputIds = new BigInt64Array(2);
    Object.defineProperty(inputIds.buffer, 'transfer', { value: vi.fn() });
    const gpuCache = {
      location: 'gpu-buffer',
      get data(): never {
        throw new Error('The data is not on CPU.');
      },
    };
    const session = { run: async (feeds: Record<string, unknown>) => ({ feeds }) };
    yieldBetweenRuns({ decoder: session as never });
    const feeds = {
      input_ids: { location: 'cpu', data: inputIds },
      'past_key_values.0.key': { location: 'cpu', data: cpuCache },
      'past_key_values.0.value': gpuCache,
    };
    await expect(session.run(feeds)).resolves.toEqual({ feeds });
    expect(transfer).toHaveBeenCalledWith(0);
    expect((inputIds.buffer as unknown as { transfer: () => void }).transfer).not.toHaveBeenCalled();
  });
});
