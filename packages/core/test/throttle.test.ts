import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  circuitBreaker,
  pipeline,
  rejectProbability,
  retry,
  throttle,
  ThrottledError,
  TimeoutError,
  type ThrottleOptions,
} from '../src/index.js';
import { ConnectionError, deferred, rejectionOf, ValueError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const down = async (): Promise<never> => {
  throw new TimeoutError(100);
};

/** A throttle whose random() returns the queued values in turn (then 0.999). */
function stubbed(values: number[], options: ThrottleOptions = {}) {
  const random = vi.fn(() => values.shift() ?? 0.999);
  return { policy: throttle({ ...options, random }), random };
}

describe('throttle: Google SRE arithmetic', () => {
  it('the probability is (requests - k x accepts) / (requests + 1), before this call is counted', async () => {
    const { policy } = stubbed([], { k: 2, maxRejectProbability: 1 });
    for (let i = 0; i < 10; i++) await rejectionOf(policy.execute(down));
    expect(policy.stats()).toMatchObject({ requests: 10, accepts: 0 });
    expect(policy.probability).toBe(10 / 11);
    await policy.execute(async () => 1).catch(() => undefined);
    await policy.execute(async () => 1).catch(() => undefined);
    const { requests, accepts } = policy.stats();
    expect(policy.probability).toBe((requests - 2 * accepts) / (requests + 1));
  });

  it('rejects iff random() < p, with ThrottledError carrying p; a rejected call counts as a request', async () => {
    const { policy } = stubbed([], { k: 2 });
    for (let i = 0; i < 9; i++) await rejectionOf(policy.execute(down));
    const p = 9 / 10;
    expect(policy.probability).toBe(p);
    const fn = vi.fn(async () => 'ok');
    // random() = p: not below p, so admitted.
    const atP = throttle({ k: 2, random: () => p });
    for (let i = 0; i < 9; i++) await rejectionOf(atP.execute(down));
    await expect(atP.execute(fn)).resolves.toBe('ok');
    // random() just below p: rejected without calling fn.
    const below = throttle({ k: 2, random: () => p - 1e-9 });
    for (let i = 0; i < 9; i++) await rejectionOf(below.execute(down));
    fn.mockClear();
    const error = await rejectionOf(below.execute(fn));
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).probability).toBe(p);
    expect(fn).not.toHaveBeenCalled();
    expect(below.stats()).toMatchObject({ requests: 10, accepts: 0, throttled: 1 });
  });

  it('never rejects more often than maxRejectProbability, nor while accepts keep up', async () => {
    const { policy, random } = stubbed([], { maxRejectProbability: 0.5 });
    for (let i = 0; i < 20; i++) await policy.execute(down).catch(() => undefined);
    expect(policy.probability).toBe(0.5);
    const healthy = throttle({ random });
    for (let i = 0; i < 20; i++) await healthy.execute(async () => i);
    expect(healthy.probability).toBe(0);
  });

  it('rejectProbability is clamped to [0, max]', () => {
    expect(rejectProbability(0, 0, 2, 0.9)).toBe(0);
    expect(rejectProbability(100, 10, 2, 0.9)).toBe(80 / 101);
    expect(rejectProbability(100, 0, 2, 0.9)).toBe(0.9);
    expect(rejectProbability(100, 60, 2, 0.9)).toBe(0);
  });

  it('buckets older than window drop out', async () => {
    const { policy } = stubbed([], { window: 1_200, buckets: 12, maxRejectProbability: 1 });
    for (let i = 0; i < 5; i++) await rejectionOf(policy.execute(down));
    vi.setSystemTime(1_199);
    expect(policy.stats().requests).toBe(5);
    vi.setSystemTime(1_200);
    expect(policy.stats().requests).toBe(0);
  });
});

describe('throttle: what counts as an accept', () => {
  it("an answer counts in the bucket of the throttle's latest clock reading, between the call's start and end", async () => {
    const policy = throttle({ window: 1_200, buckets: 12 });
    const answer = deferred<number>();
    const call = policy.execute(() => answer.promise); // starts in bucket 0
    vi.setSystemTime(150);
    expect(policy.stats()).toMatchObject({ requests: 1, accepts: 0 }); // a reading in bucket 1
    answer.resolve(1);
    await call;
    vi.setSystemTime(1_250);
    expect(policy.stats()).toMatchObject({ requests: 0, accepts: 1 }); // bucket 0 has dropped out, bucket 1 has not
    vi.setSystemTime(1_300);
    expect(policy.stats()).toMatchObject({ requests: 0, accepts: 0 });
  });

  it.each([
    ['a success', async () => 1, 1],
    ['an application error', async () => Promise.reject(new ValueError('bad')), 1],
    ['a plain transport error', async () => Promise.reject(new ConnectionError('refused')), 1],
    ['a TimeoutError', async () => Promise.reject(new TimeoutError(5)), 0],
    ['a BrokenCircuitError', async () => Promise.reject(new BrokenCircuitError('x', 5)), 0],
    ['an error of kind transport', async () => Promise.reject(Object.assign(new Error('x'), { kind: 'transport' })), 0],
    ['an error of kind rate-limit', async () => Promise.reject(Object.assign(new Error('x'), { kind: 'rate-limit' })), 0],
  ])('%s: %d accept', async (_name, fn, accepts) => {
    const policy = throttle();
    await policy.execute(fn).catch(() => undefined);
    expect(policy.stats()).toMatchObject({ requests: 1, accepts });
  });

  it('isAccepted decides when given', async () => {
    const policy = throttle({ isAccepted: (error) => error instanceof TimeoutError });
    await policy.execute(down).catch(() => undefined);
    expect(policy.stats().accepts).toBe(1);
  });
});

describe('throttle: composition', () => {
  it('a breaker ignores ThrottledError: neither failure nor success, in the fused path too', async () => {
    for (const inner of [[], [retry({ maxAttempts: 1 })]]) {
      const breaker = circuitBreaker({ failureThreshold: 2 });
      const policy = pipeline(breaker, ...inner, throttle({ random: () => 0, maxRejectProbability: 1 }));
      await rejectionOf(policy.execute(down)); // p was 0: admitted, failed, 1 breaker failure
      const error = await rejectionOf(policy.execute(async () => 1)); // p = 1/2 > random() = 0
      expect(error).toBeInstanceOf(ThrottledError);
      expect(breaker.state).toBe('closed');
      expect(breaker.stats()).toMatchObject({ failures: 1, successes: 0 });
    }
  });

  it.each([
    [{ k: 0 }, RangeError, /k/],
    [{ buckets: 0 }, RangeError, /buckets/],
    [{ maxRejectProbability: 1.1 }, RangeError, /maxRejectProbability/],
    [{ window: 0 }, RangeError, /window/],
    [{ isAccepted: 1 }, TypeError, /isAccepted/],
    [{ random: 0.5 }, TypeError, /random/],
    [{ K: 2 }, TypeError, /K/],
  ])('rejects %j at construction', (options, type, message) => {
    expect(() => throttle(options as never)).toThrow(type);
    expect(() => throttle(options as never)).toThrow(message);
  });
});
