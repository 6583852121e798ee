// Harmful values are refused at construction (DESIGN §3 "Errors and validation", §9).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bulkhead, circuitBreaker, fallback, rateLimit, resilient, retry, sleep, timeout, neverAbortedSignal } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

function thrown(make: () => unknown): Error {
  try {
    make();
  } catch (error: unknown) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('durations fit a timer: at most 2^31 - 1 ms', () => {
  it.each([
    ['timeout', () => timeout(2_147_483_648)],
    ['timeout', () => timeout({ ms: 3e9 })],
    ['baseDelay', () => retry({ baseDelay: 3e9 })],
    ['maxDelay', () => retry({ maxDelay: 2 ** 31 })],
    ['maxElapsed', () => retry({ maxElapsed: 2 ** 40 })],
    ['recoveryTimeout', () => circuitBreaker({ recoveryTimeout: 2 ** 31 })],
    ['window.duration', () => circuitBreaker({ window: { duration: 2 ** 31, failureRate: 0.5 } })],
    ['interval', () => rateLimit({ tokens: 1, interval: 2 ** 31 })],
    ['maxWait', () => rateLimit({ tokens: 1, interval: 1_000, maxWait: 2 ** 31 })],
  ])('%s over 2^31 - 1 is a RangeError naming it', (option, make) => {
    const error = thrown(make);
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toContain(`${option} must be at most 2147483647 ms`);
  });

  it('2^31 - 1 itself is accepted', () => {
    expect(timeout(2_147_483_647).ms).toBe(2_147_483_647);
  });

  it('a rate limit that must wait longer than a timer holds (maxWait Infinity) waits: 1 of 30 calls runs at once', async () => {
    vi.useFakeTimers();
    const limit = rateLimit({ tokens: 1, interval: 86_400_000, maxWait: Infinity });
    let ran = 0;
    for (let i = 0; i < 30; i++) void limit.execute(() => ++ran).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    expect(ran).toBe(1);
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(ran).toBe(2);
  });

  it('sleep() longer than 2^31 - 1 ms does not fire at once', async () => {
    vi.useFakeTimers();
    let done = false;
    void sleep(3e9, neverAbortedSignal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2_147_483_647);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(3e9 - 2_147_483_647);
    expect(done).toBe(true);
  });
});

describe('breaker windows and restored state', () => {
  it.each([2 ** 32, 1e12, 1_000_001])('window.size %d is a RangeError naming it and its bound, before allocating', (size) => {
    const error = thrown(() => circuitBreaker({ window: { size, failureRate: 0.5, minimumCalls: 1 } }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/window\.size must be at most 1000000, got/);
  });

  it('window.size 10^6 is accepted', () => {
    expect(() => circuitBreaker({ window: { size: 1_000_000, failureRate: 0.5, minimumCalls: 1 } })).not.toThrow();
  });

  it.each([['abc'], [NaN], [Infinity], [null]])('initialState.openedAt %j is a TypeError', (openedAt) => {
    const error = thrown(() => circuitBreaker({ initialState: { state: 'open', openedAt: openedAt as number } }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/initialState\.openedAt must be a finite number/);
  });
});

describe('typos and nulls', () => {
  it.each([
    ['maxAttemps', () => retry({ maxAttemps: 5 } as never)],
    ['failureTreshold', () => circuitBreaker({ failureTreshold: 5 } as never)],
    ['limt', () => bulkhead({ limit: 1, limt: 2 } as never)],
    ['maxwait', () => rateLimit({ tokens: 1, interval: 1, maxwait: 5 } as never)],
    ['strategie', () => timeout({ ms: 5, strategie: 'cooperative' } as never)],
    ['onn', () => fallback(1, { onn: () => true } as never)],
    ['minCalls', () => circuitBreaker({ window: { size: 5, failureRate: 0.5, minCalls: 1 } as never })],
    ['maxAttemps', () => resilient({ maxAttemps: 5 } as never)],
  ])('unknown key %s is a TypeError naming it', (key, make) => {
    const error = thrown(make);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`unknown option "${key}"`);
  });

  it.each([
    ['maxAttempts', () => retry({ maxAttempts: null } as never)],
    ['baseDelay', () => retry({ baseDelay: null } as never)],
    ['failureThreshold', () => circuitBreaker({ failureThreshold: null } as never)],
    ['queue', () => bulkhead({ limit: 1, queue: null } as never)],
    ['maxWait', () => rateLimit({ tokens: 1, interval: 1, maxWait: null } as never)],
    ['timeout', () => timeout({ ms: null } as never)],
  ])('%s: null is not "the default", it is a TypeError', (option, make) => {
    const error = thrown(make);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`${option} must be`);
    expect(error.message).toContain('got null');
  });

  it('resilient() still takes the union of breaker, retry, timeout and fallback options', async () => {
    const wrapped = resilient({ failureThreshold: 2, maxAttempts: 2, baseDelay: 0, timeout: 1_000, fallback: 'x' })(() => 'ok');
    expect(await wrapped()).toBe('ok');
  });
});
