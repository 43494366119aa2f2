import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MicroBatcher, Serial } from '../../workers/batcher.ts';

/** A wait on the fake clock: it ends only when the test advances time past it. */
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('MicroBatcher', () => {
  it('when items arrive while a batch holds the lane then they gather into one next batch', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        await tick(50);
        return items.map((i) => i * 2);
      },
      new Serial(),
      { maxSize: 100, maxWaitMs: 5 },
    );
    const first = batcher.submit(1);
    await vi.advanceTimersByTimeAsync(15);
    expect(sizes).toEqual([1]);
    const later = Array.from({ length: 20 }, (_, i) => batcher.submit(i + 2));
    const all = Promise.all([first, ...later]);
    await vi.runAllTimersAsync();
    expect(await all).toEqual(Array.from({ length: 21 }, (_, i) => (i + 1) * 2));
    expect(sizes).toEqual([1, 20]);
  });

  it('when no item follows then a lone item waits maxWaitMs, not longer', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        return items;
      },
      new Serial(),
      { maxSize: 100, maxWaitMs: 5 },
    );
    const one = batcher.submit(1);
    await vi.advanceTimersByTimeAsync(4);
    expect(sizes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sizes).toEqual([1]);
    expect(await one).toBe(1);
  });

  it('when a batch fails then its items run alone and only the bad one fails', async () => {
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        if (items.includes(3)) throw new Error(`bad item among ${items.length}`);
        return items;
      },
      new Serial(),
      { maxSize: 10, maxWaitMs: 5 },
    );
    const settled = Promise.allSettled([1, 2, 3, 4].map((i) => batcher.submit(i)));
    await vi.runAllTimersAsync();
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('bad item among 1');
  });

  it('when more than maxSize items wait then they go in batches of at most maxSize', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        return items;
      },
      new Serial(),
      { maxSize: 4, maxWaitMs: 5 },
    );
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(i)));
    await vi.runAllTimersAsync();
    await all;
    expect(sizes).toEqual([4, 4, 2]);
  });
});

describe('Serial', () => {
  it('when work of several priorities waits then the lowest number goes first, in arrival order within one', async () => {
    const serial = new Serial();
    const order: string[] = [];
    const step = (name: string) => async () => {
      order.push(name);
      await tick(5);
    };
    const all = Promise.all([
      serial.run(step('running'), 1),
      serial.run(step('load-1'), 1),
      serial.run(step('dedup'), 2),
      serial.run(step('register-1'), 0),
      serial.run(step('load-2'), 1),
      serial.run(step('register-2'), 0),
    ]);
    await vi.runAllTimersAsync();
    await all;
    expect(order).toEqual(['running', 'register-1', 'register-2', 'load-1', 'load-2', 'dedup']);
  });

  it('when work fails then the next still runs and the failure reaches its caller', async () => {
    const serial = new Serial();
    const failed = serial.run(async () => {
      throw new Error('boom');
    });
    const next = serial.run(async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });
});
