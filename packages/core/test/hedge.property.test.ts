import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hedge, percentile } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('hedge (property)', () => {
  it('never starts more than maxHedges + 1 attempts, always settles, and a success wins over failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 50 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.boolean()), { minLength: 5, maxLength: 5 }),
        async (maxHedges, delay, plan) => {
          vi.useFakeTimers();
          let started = 0;
          const result = hedge({ maxHedges, delay })
            .execute(async ({ attempt }) => {
              started++;
              const [ms, ok] = plan[attempt - 1] ?? [0, false];
              await new Promise((resolve) => setTimeout(resolve, ms));
              if (!ok) throw new Error(`attempt ${attempt}`);
              return attempt;
            })
            .then(
              (attempt) => ({ ok: true, attempt }),
              (error: unknown) => ({ ok: false, error }),
            );
          await vi.runAllTimersAsync();
          const outcome = await result;
          expect(started).toBeLessThanOrEqual(maxHedges + 1);
          const used = plan.slice(0, started);
          if (used.some(([, ok]) => ok)) expect(outcome.ok).toBe(true);
          else expect(outcome).toEqual({ ok: false, error: new Error('attempt 1') });
          vi.useRealTimers();
        },
      ),
    );
  });

  it('the percentile is one of the values, with at least p of them at or below it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1 }), fc.double({ min: 0.001, max: 1, noNaN: true }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        const q = percentile(sorted, p)!;
        expect(sorted).toContain(q);
        expect(sorted.filter((v) => v <= q).length).toBeGreaterThanOrEqual(Math.ceil(p * sorted.length) - 1e-9);
      }),
    );
  });
});
