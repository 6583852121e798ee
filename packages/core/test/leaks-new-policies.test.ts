import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adaptiveLimit, chaos, hedge, pipeline, retry, retryBudget, throttle, timeout, type ExecutionContext } from '../src/index.js';
import { ConnectionError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the new policies leave no listeners or timers behind', () => {
  it('after many calls that succeed, fail, hedge, queue, throttle and get injected latency', async () => {
    const budget = retryBudget();
    const policy = pipeline(
      throttle({ random: () => 0.5 }),
      adaptiveLimit({ initial: 2, queue: 100 }),
      retry({ maxAttempts: 2, baseDelay: 5, budget }),
      hedge({ delay: 20, budget }),
      chaos.latency({ rate: 0.5, ms: 15, random: () => 0.25 }),
      timeout(100),
    );
    const caller = new AbortController();
    let n = 0;
    const fn = async ({ signal }: ExecutionContext) => {
      n++;
      await new Promise((resolve) => setTimeout(resolve, n % 3 === 0 ? 50 : 5));
      signal.throwIfAborted();
      if (n % 4 === 0) throw new ConnectionError('down');
      return n;
    };
    const calls = Array.from({ length: 50 }, () => policy.execute(fn, caller.signal).catch(() => 'failed'));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(calls);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a caller abort during hedging and queueing removes every listener', async () => {
    const caller = new AbortController();
    const limiter = adaptiveLimit({ initial: 1, queue: 10 });
    const policy = pipeline(limiter, hedge({ delay: 10 }));
    const calls = Array.from({ length: 5 }, () => policy.execute(() => new Promise<never>(() => undefined), caller.signal).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(50);
    caller.abort(new Error('bye'));
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((e) => (e as Error).message === 'bye')).toBe(true);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    // The hedge rejected at once (its attempts never settle, and are not awaited): the slot is free.
    expect(limiter.stats()).toMatchObject({ inFlight: 0, queued: 0 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
