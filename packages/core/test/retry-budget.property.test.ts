import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryBudget } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

const ratio = fc.double({ min: 0.01, max: 1, noNaN: true });
const ttl = fc.integer({ min: 10, max: 60_000 });

describe('retryBudget (property)', () => {
  it('a fresh budget allows exactly floor(minPerSecond x ttl / 1000) withdrawals within one ttl', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), ttl, ratio, fc.double({ min: 0, max: 0.999, noNaN: true }), (minPerSecond, ttlMs, r, at) => {
        vi.useFakeTimers();
        const budget = retryBudget({ minPerSecond, ttl: ttlMs, ratio: r });
        vi.advanceTimersByTime(Math.floor(at * ttlMs));
        let allowed = 0;
        while (budget.tryWithdraw()) allowed++;
        expect(allowed).toBe(Math.floor((minPerSecond * ttlMs) / 1000));
        vi.useRealTimers();
      }),
    );
  });

  it('within one ttl, withdrawals never exceed the reserve plus ratio x deposits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        ratio,
        fc.array(fc.boolean(), { maxLength: 300 }),
        (minPerSecond, r, steps) => {
          vi.useFakeTimers();
          const budget = retryBudget({ minPerSecond, ttl: 1_000, ratio: r });
          for (const deposit of steps) {
            if (deposit) budget.deposit();
            else budget.tryWithdraw();
          }
          const { deposits, withdrawals, balance } = budget.stats();
          expect(withdrawals).toBeLessThanOrEqual(minPerSecond + Math.floor((deposits * 1000) / Math.floor(1000 / r)) + 1e-9);
          expect(balance).toBeGreaterThanOrEqual(0);
          vi.useRealTimers();
        },
      ),
    );
  });

  it('a deposit counts at ttl after it was made and is gone at 1.1 x ttl', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 60_000 }), fc.integer({ min: 0, max: 10_000_000 }), (ttlMs, at) => {
        vi.useFakeTimers();
        vi.setSystemTime(at);
        const budget = retryBudget({ ratio: 1, minPerSecond: 0, ttl: ttlMs });
        budget.deposit();
        vi.setSystemTime(at + ttlMs);
        expect(budget.stats().balance).toBe(1);
        vi.setSystemTime(at + Math.ceil(1.1 * ttlMs));
        expect(budget.stats().balance).toBe(0);
        vi.useRealTimers();
      }),
    );
  });
});
