import { describe, expect, it } from 'vitest';
import { JobQueue } from './queue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('JobQueue', () => {
  it('runs one job at a time, interactive before background', async () => {
    const queue = new JobQueue();
    const order: string[] = [];
    const gate = deferred();
    const first = queue.run(async () => {
      order.push('first');
      await gate.promise;
    });
    const background = queue.run(async () => void order.push('background'), { priority: 'background' });
    const interactive = queue.run(async () => void order.push('interactive'));
    expect(order).toEqual(['first']);
    gate.resolve();
    await Promise.all([first, background, interactive]);
    expect(order).toEqual(['first', 'interactive', 'background']);
  });

  it('never runs a job cancelled while it waits', async () => {
    const queue = new JobQueue();
    const gate = deferred();
    const ran: string[] = [];
    const first = queue.run(() => gate.promise);
    const controller = new AbortController();
    const cancelled = queue.run(async () => void ran.push('cancelled'), { signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    gate.resolve();
    await first;
    await queue.run(async () => void ran.push('after'));
    expect(ran).toEqual(['after']);
  });

  it('counts only waiting and running jobs by the time a job’s caller hears back', async () => {
    const queue = new JobQueue();
    await queue.run(async () => 'done');
    expect(queue.size).toBe(0);
  });

  it('keeps going after a job fails', async () => {
    const queue = new JobQueue();
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(async () => 42)).resolves.toBe(42);
    expect(queue.size).toBe(0);
  });
});
