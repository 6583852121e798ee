import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker, type BreakerSnapshot, type CircuitBreaker, type CircuitBreakerOptions } from '../src/index.js';
import { ConnectionError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

type Step = { outcome: 'success' | 'failure' } | { advance: number };

const steps = fc.array(
  fc.oneof(
    fc.constantFrom<Step>({ outcome: 'success' }, { outcome: 'failure' }),
    fc.integer({ min: 0, max: 5_000 }).map((advance): Step => ({ advance })),
  ),
  { maxLength: 40 },
);

const windowOptions: fc.Arbitrary<CircuitBreakerOptions> = fc.oneof(
  fc.record({ failureThreshold: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    window: fc.record({
      size: fc.integer({ min: 1, max: 8 }),
      failureRate: fc.double({ min: 0.05, max: 1, noNaN: true }),
    }),
  }),
  fc.record({
    window: fc.record({
      duration: fc.integer({ min: 10, max: 20_000 }),
      failureRate: fc.double({ min: 0.05, max: 1, noNaN: true }),
      minimumCalls: fc.integer({ min: 1, max: 6 }),
    }),
  }),
);

async function apply(breaker: CircuitBreaker, step: Step): Promise<void> {
  if ('advance' in step) return;
  await breaker
    .execute(() => (step.outcome === 'success' ? 'ok' : Promise.reject(new ConnectionError('down'))))
    .catch(() => undefined);
}

describe('persistence round trip (property)', () => {
  it('a breaker restored from toJSON() through JSON behaves exactly like the original from then on', async () => {
    await fc.assert(
      fc.asyncProperty(
        windowOptions,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1_000_000_000_000, max: 2_000_000_000_000 }),
        steps,
        steps,
        async (strategy, recoveryTimeout, start, before, after) => {
          vi.clearAllTimers();
          vi.setSystemTime(start);
          const options = { ...strategy, recoveryTimeout };
          const original = circuitBreaker(options);
          for (const step of before) {
            if ('advance' in step) vi.advanceTimersByTime(step.advance);
            await apply(original, step);
          }
          const snapshot = JSON.parse(JSON.stringify(original)) as BreakerSnapshot;
          const copy = circuitBreaker({ ...options, initialState: snapshot });
          expect(copy.toJSON()).toEqual(original.toJSON());
          for (const step of after) {
            if ('advance' in step) vi.advanceTimersByTime(step.advance);
            await apply(original, step);
            await apply(copy, step);
            expect(copy.toJSON()).toEqual(original.toJSON());
          }
          original.dispose();
          copy.dispose();
        },
      ),
      { numRuns: 300 },
    );
  });
});
