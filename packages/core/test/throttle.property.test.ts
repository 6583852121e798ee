import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectProbability, throttle, ThrottledError, TimeoutError } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('throttle (property)', () => {
  it('the probability is the SRE formula clamped to [0, maxRejectProbability]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (requests, acceptShare, k, max) => {
          const accepts = Math.floor(requests * acceptShare);
          const p = rejectProbability(requests, accepts, k, max);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(max);
          expect(p).toBe(Math.min(max, Math.max(0, (requests - k * accepts) / (requests + 1))));
        },
      ),
    );
  });

  it('a call is rejected exactly when random() < p, and accepts never exceed requests', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 0.999, noNaN: true })), { maxLength: 60 }), async (calls) => {
        vi.useFakeTimers();
        let draw = 0;
        const policy = throttle({ random: () => draw });
        for (const [ok, r] of calls) {
          draw = r;
          const p = policy.probability;
          const outcome = await policy.execute(async () => (ok ? 1 : Promise.reject(new TimeoutError(1)))).then(
            () => 'ok',
            (error: unknown) => (error instanceof ThrottledError ? 'throttled' : 'failed'),
          );
          expect(outcome === 'throttled').toBe(p > 0 && r < p);
          const { requests, accepts } = policy.stats();
          expect(accepts).toBeLessThanOrEqual(requests);
        }
        vi.useRealTimers();
      }),
    );
  });
});
