import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rateLimit, RateLimitError, ResilienceError, TokenBucket } from '../src/index.js';
import { flush, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts a call and records the fake time at which fn runs. */
function timed(limiter: ReturnType<typeof rateLimit>, ranAt: number[], signal?: AbortSignal): Promise<string> {
  const call = limiter.execute(() => {
    ranAt.push(Date.now());
    return 'ok';
  }, signal);
  call.catch(() => undefined);
  return call;
}

describe('rate limit: token bucket', () => {
  it('starts full (burst defaults to tokens) and rejects when empty, saying when a token frees', async () => {
    const limiter = rateLimit({ tokens: 2, interval: 1_000 });
    await limiter.execute(() => 1);
    await limiter.execute(() => 2);
    const fn = vi.fn(() => 3);
    const error = await rejectionOf(limiter.execute(fn));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(ResilienceError);
    expect(error).toMatchObject({ name: 'RateLimitError', retryAfter: 500 });
    expect(fn).not.toHaveBeenCalled();
  });

  it('regains tokens per interval', async () => {
    const limiter = rateLimit({ tokens: 2, interval: 1_000 });
    await limiter.execute(() => 1);
    await limiter.execute(() => 2);
    vi.advanceTimersByTime(499);
    const early = await rejectionOf(limiter.execute(() => 3));
    expect((early as RateLimitError).retryAfter).toBe(1); // refill is continuous: float arithmetic
    vi.advanceTimersByTime(1);
    await expect(limiter.execute(() => 3)).resolves.toBe(3);
  });

  it('holds at most burst tokens after an idle period', async () => {
    const limiter = rateLimit({ tokens: 1, interval: 1_000, burst: 3 });
    vi.advanceTimersByTime(60_000);
    for (let i = 0; i < 3; i++) await limiter.execute(() => i);
    await expect(limiter.execute(() => 'fourth')).rejects.toMatchObject({ retryAfter: 1_000 });
    expect(limiter.burst).toBe(3);
  });

  it('reports tokens available now', async () => {
    const limiter = rateLimit({ tokens: 4, interval: 1_000 });
    expect(limiter.available).toBe(4);
    await limiter.execute(() => 1);
    expect(limiter.available).toBe(3);
    vi.advanceTimersByTime(250);
    expect(limiter.available).toBe(4);
  });

  it("emits 'rejected' with retryAfter", async () => {
    const limiter = rateLimit({ tokens: 1, interval: 100 });
    const listener = vi.fn();
    limiter.on('rejected', listener);
    await limiter.execute(() => 1);
    await rejectionOf(limiter.execute(() => 2));
    expect(listener).toHaveBeenCalledWith({ retryAfter: 100 });
  });
});

describe('rate limit: maxWait', () => {
  it('waits for a token when it frees within maxWait, and runs exactly then', async () => {
    const limiter = rateLimit({ tokens: 1, interval: 100, maxWait: 1_000 });
    const ranAt: number[] = [];
    const calls = [timed(limiter, ranAt), timed(limiter, ranAt), timed(limiter, ranAt)];
    await flush();
    expect(ranAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(99);
    expect(ranAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(101);
    expect(ranAt).toEqual([0, 100, 200]); // waiters reserve tokens in turn
    await Promise.all(calls);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a call whose wait would exceed maxWait, counting reserved tokens', async () => {
    const limiter = rateLimit({ tokens: 1, interval: 100, maxWait: 150 });
    const ranAt: number[] = [];
    const first = timed(limiter, ranAt);
    const second = timed(limiter, ranAt); // waits 100
    const error = await rejectionOf(limiter.execute(() => 'third')); // would wait 200
    expect(error).toMatchObject({ retryAfter: 200 });
    await vi.runAllTimersAsync();
    await Promise.all([first, second]);
    expect(ranAt).toEqual([0, 100]);
  });

  it('an abort during the wait rejects at once with the reason and gives the token back', async () => {
    const limiter = rateLimit({ tokens: 1, interval: 1_000, maxWait: 5_000 });
    const ranAt: number[] = [];
    await timed(limiter, ranAt);
    const controller = new AbortController();
    const waiting = timed(limiter, ranAt, controller.signal);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort('changed my mind');
    await expect(waiting).rejects.toBe('changed my mind');
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // The refunded reservation: the next caller waits for the first token to free (at 1 s), not the second.
    const next = timed(limiter, ranAt);
    await vi.advanceTimersByTimeAsync(900);
    await next;
    expect(ranAt).toEqual([0, 1_000]);
  });

  it('accepts maxWait Infinity: every call waits its turn', async () => {
    const limiter = rateLimit({ tokens: 1, interval: 10_000, maxWait: Infinity });
    const ranAt: number[] = [];
    const calls = [timed(limiter, ranAt), timed(limiter, ranAt), timed(limiter, ranAt)];
    await vi.runAllTimersAsync();
    await Promise.all(calls);
    expect(ranAt).toEqual([0, 10_000, 20_000]);
  });

  it('rejects an already aborted caller without taking a token', async () => {
    const limiter = rateLimit({ tokens: 1, interval: 1_000 });
    const controller = new AbortController();
    controller.abort('gone');
    await expect(limiter.execute(() => 'x', controller.signal)).rejects.toBe('gone');
    expect(limiter.available).toBe(1);
  });
});

describe('TokenBucket', () => {
  it('is pure arithmetic on the times it is given', () => {
    const bucket = new TokenBucket(2, 1_000, 2, 0);
    expect(bucket.take(0, 0)).toBe(0);
    expect(bucket.take(0, 0)).toBe(0);
    expect(bucket.take(0, 0)).toBe(-500); // would wait 500 ms: refused
    expect(bucket.take(0, 500)).toBe(500); // reserved
    expect(bucket.available(0)).toBe(-1);
    bucket.refund(0);
    expect(bucket.available(250)).toBe(0.5);
  });
});
