import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyJitter, backoffDelay, retry, retryDelay, type Backoff, type Jitter } from '../src/index.js';
import { rejectionOf, RetryAfterError } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const ms = fc.integer({ min: 0, max: 120_000 });
const retryNumber = fc.integer({ min: 1, max: 80 });
const factor = fc.double({ min: 1, max: 10, noNaN: true });
const jitter = fc.constantFrom<Jitter>('none', 'full', 'equal', 'decorrelated');
const namedBackoff = fc.constantFrom<Backoff>('fixed', 'linear', 'exponential');
/** A user's backoff function, including ones that misbehave. */
const customBackoff = fc
  .constantFrom(NaN, -1, Infinity, 0, 1e12)
  .chain((odd) => fc.func(fc.oneof(ms, fc.constant(odd))).map((f) => (n: number) => f(n)));

describe('jitter bounds (property)', () => {
  it('none returns d; full stays in [0, d]; equal in [d/2, d]', () => {
    fc.assert(
      fc.property(ms, ms, ms, random, (d, baseDelay, previous, r) => {
        const context = { baseDelay, maxDelay: Math.max(d, baseDelay), previous };
        expect(applyJitter(d, 'none', context, () => r)).toBe(d);
        const full = applyJitter(d, 'full', context, () => r);
        expect(full).toBeGreaterThanOrEqual(0);
        expect(full).toBeLessThanOrEqual(d);
        const equal = applyJitter(d, 'equal', context, () => r);
        expect(equal).toBeGreaterThanOrEqual(d / 2);
        expect(equal).toBeLessThanOrEqual(d);
      }),
    );
  });

  it('decorrelated stays in [min(base, max), min(max, max(base, 3 x previous))]', () => {
    fc.assert(
      fc.property(ms, ms, ms, ms, random, (d, baseDelay, maxDelay, previous, r) => {
        const value = applyJitter(d, 'decorrelated', { baseDelay, maxDelay, previous }, () => r);
        const low = Math.min(baseDelay, maxDelay);
        expect(value).toBeGreaterThanOrEqual(low);
        expect(value).toBeLessThanOrEqual(Math.min(maxDelay, Math.max(low, 3 * previous)));
      }),
    );
  });

  it('the extremes of the draw reach the ends of each range', () => {
    const context = { baseDelay: 100, maxDelay: 10_000, previous: 1_000 };
    expect(applyJitter(800, 'full', context, () => 0)).toBe(0);
    expect(applyJitter(800, 'equal', context, () => 0)).toBe(400);
    expect(applyJitter(800, 'decorrelated', context, () => 0)).toBe(100);
    expect(applyJitter(800, 'decorrelated', context, () => 0.5)).toBe(1_550);
  });
});

describe('backoff curve (property)', () => {
  it('never exceeds maxDelay nor goes below 0, for every backoff and jitter', () => {
    fc.assert(
      fc.property(
        fc.oneof(namedBackoff, customBackoff),
        jitter,
        retryNumber,
        ms,
        ms,
        factor,
        ms,
        random,
        (backoff, jitterKind, n, baseDelay, maxDelay, growth, previous, r) => {
          const options = { backoff, baseDelay, factor: growth, maxDelay, jitter: jitterKind };
          const delay = retryDelay(n, options, previous, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxDelay);
        },
      ),
    );
  });

  it('without jitter: fixed base, linear base * n, exponential base * factor^(n-1), capped', () => {
    fc.assert(
      fc.property(retryNumber, ms, ms, factor, (n, baseDelay, maxDelay, growth) => {
        const at = (backoff: Backoff) => backoffDelay(n, { backoff, baseDelay, factor: growth, maxDelay });
        expect(at('fixed')).toBe(Math.min(baseDelay, maxDelay));
        expect(at('linear')).toBe(Math.min(baseDelay * n, maxDelay));
        expect(at('exponential')).toBe(Math.min(baseDelay * growth ** (n - 1), maxDelay));
      }),
    );
  });

  it('exponential and linear are monotone in n without jitter', () => {
    fc.assert(
      fc.property(retryNumber, retryNumber, ms, ms, factor, (a, b, baseDelay, maxDelay, growth) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        for (const backoff of ['exponential', 'linear'] as const) {
          const options = { backoff, baseDelay, factor: growth, maxDelay, jitter: 'none' as const };
          expect(retryDelay(low, options, baseDelay)).toBeLessThanOrEqual(retryDelay(high, options, baseDelay));
        }
      }),
    );
  });
});

describe('the waits a retry policy really makes (property)', () => {
  it('never wait longer than maxDelay, Retry-After included', async () => {
    await fc.assert(
      fc.asyncProperty(
        namedBackoff,
        jitter,
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.array(fc.option(fc.integer({ min: 0, max: 20_000 })), { minLength: 1, maxLength: 6 }),
        async (backoff, jitterKind, baseDelay, maxDelay, retryAfters) => {
          vi.useFakeTimers();
          const waits: number[] = [];
          let call = 0;
          const policy = retry({ maxAttempts: retryAfters.length, backoff, baseDelay, maxDelay, jitter: jitterKind });
          policy.on('retry', ({ delay }) => waits.push(delay));
          const outcome = rejectionOf(
            policy.execute(() => {
              const retryAfter = retryAfters[call++];
              return Promise.reject(typeof retryAfter === 'number' ? new RetryAfterError(retryAfter) : new Error('plain'));
            }),
          );
          await vi.runAllTimersAsync();
          await outcome;
          expect(waits).toHaveLength(retryAfters.length - 1);
          for (const wait of waits) expect(wait).toBeLessThanOrEqual(maxDelay);
          for (const [i, wait] of waits.entries()) {
            const retryAfter = retryAfters[i];
            if (typeof retryAfter === 'number') expect(wait).toBeGreaterThanOrEqual(Math.min(retryAfter, maxDelay));
          }
          vi.useRealTimers();
        },
      ),
      { numRuns: 100 },
    );
  });
});
