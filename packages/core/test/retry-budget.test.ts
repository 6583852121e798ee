import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker, pipeline, resilient, retry, retryBudget, type GiveUpInfo } from '../src/index.js';
import { alwaysFailing, ConnectionError, flush, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Withdraws until refused; returns how many succeeded. */
function drain(budget: ReturnType<typeof retryBudget>): number {
  let allowed = 0;
  while (budget.tryWithdraw()) allowed++;
  return allowed;
}

describe('retryBudget: Finagle arithmetic', () => {
  it.each([
    [10, 10_000, 100],
    [5, 1_000, 5],
    [1, 3_000, 3],
    [0.1, 30_000, 3],
  ])('a fresh budget with minPerSecond %d and ttl %d allows exactly %d retries in one ttl', (minPerSecond, ttl, reserve) => {
    const budget = retryBudget({ minPerSecond, ttl });
    expect(budget.stats()).toEqual({ balance: reserve, deposits: 0, withdrawals: 0, refusals: 0 });
    vi.advanceTimersByTime(ttl / 2);
    expect(drain(budget)).toBe(reserve);
    vi.advanceTimersByTime(ttl / 2 - 1);
    expect(budget.tryWithdraw()).toBe(false);
    expect(budget.stats()).toEqual({ balance: 0, deposits: 0, withdrawals: reserve, refusals: 2 });
  });

  it('each first attempt earns ratio of a retry: 10 deposits at 0.2 allow 2, at 0.3 allow 3', () => {
    for (const [ratio, allowed] of [
      [0.2, 2],
      [0.3, 3],
      [1, 10],
    ] as const) {
      const budget = retryBudget({ ratio, minPerSecond: 0 });
      expect(budget.tryWithdraw()).toBe(false);
      for (let i = 0; i < 10; i++) budget.deposit();
      expect(budget.stats().balance).toBe(allowed);
      expect(drain(budget)).toBe(allowed);
    }
  });

  it('deposits and withdrawals expire between ttl (exclusive) and 1.1 x ttl after they were made', () => {
    // Made at the very start of a tenth: it lasts the full 1.1 x ttl.
    vi.setSystemTime(0);
    const early = retryBudget({ ratio: 1, minPerSecond: 0, ttl: 10_000 });
    early.deposit();
    vi.setSystemTime(10_999);
    expect(early.stats().balance).toBe(1);
    vi.setSystemTime(11_000);
    expect(early.stats().balance).toBe(0);
    // Made at the very end of a tenth: it lasts just over ttl.
    vi.setSystemTime(999);
    const late = retryBudget({ ratio: 1, minPerSecond: 0, ttl: 10_000 });
    late.deposit();
    vi.setSystemTime(10_999);
    expect(late.stats().balance).toBe(1);
    vi.setSystemTime(11_000);
    expect(late.stats().balance).toBe(0);
  });

  it('the reserve refills as withdrawals expire', () => {
    vi.setSystemTime(0);
    const budget = retryBudget({ minPerSecond: 1, ttl: 2_000 });
    expect(drain(budget)).toBe(2);
    vi.setSystemTime(2_199);
    expect(budget.tryWithdraw()).toBe(false);
    vi.setSystemTime(2_200);
    expect(drain(budget)).toBe(2);
  });

  it("emits 'refused' on each refusal", () => {
    const budget = retryBudget({ minPerSecond: 0 });
    const refused = vi.fn();
    budget.on('refused', refused);
    budget.tryWithdraw();
    expect(refused).toHaveBeenCalledWith({ refusals: 1 });
  });

  it.each([
    [{ ratio: 0 }, RangeError, /ratio/],
    [{ ratio: 1.5 }, RangeError, /ratio/],
    [{ minPerSecond: -1 }, RangeError, /minPerSecond/],
    [{ ttl: 0 }, RangeError, /ttl/],
    [{ ttl: 2 ** 31 }, RangeError, /ttl/],
    [{ ratoi: 0.2 }, TypeError, /ratoi/],
    [{ ratio: null }, TypeError, /ratio/],
  ])('rejects %j at construction', (options, type, message) => {
    expect(() => retryBudget(options as never)).toThrow(type);
    expect(() => retryBudget(options as never)).toThrow(message);
  });
});

describe('retry({ budget })', () => {
  it('every first attempt deposits; a refused retry rejects with the last error at once, no timer', async () => {
    const budget = retryBudget({ ratio: 0.5, minPerSecond: 0 });
    const policy = retry({ maxAttempts: 3, budget, jitter: 'none', baseDelay: 100 });
    const giveUps: GiveUpInfo[] = [];
    policy.on('giveUp', (info) => giveUps.push(info));
    const fn = alwaysFailing();
    const outcome = rejectionOf(policy.execute(fn));
    await flush();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    const error = await outcome;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(giveUps).toEqual([{ attempts: 1, error, reason: 'budget' }]);
    expect(budget.stats()).toEqual({ balance: 0, deposits: 1, withdrawals: 0, refusals: 1 });
  });

  it('retries while the budget has credit, then stops', async () => {
    const budget = retryBudget({ ratio: 0.5, minPerSecond: 0 });
    budget.deposit();
    budget.deposit(); // one retry's worth banked, plus the call's own half
    const policy = retry({ maxAttempts: 5, budget, jitter: 'none', baseDelay: 10, backoff: 'fixed' });
    const fn = alwaysFailing();
    const outcome = rejectionOf(policy.execute(fn));
    await vi.runAllTimersAsync();
    await outcome;
    // 3 deposits x 0.5 = 1.5 retries: one retry made, the second refused.
    expect(fn).toHaveBeenCalledTimes(2);
    expect(budget.stats()).toMatchObject({ deposits: 3, withdrawals: 1, refusals: 1 });
  });

  it('the fused pipeline(breaker, retry) path deposits and withdraws the same', async () => {
    const budget = retryBudget({ ratio: 0.5, minPerSecond: 0 });
    const policy = pipeline(circuitBreaker({ failureThreshold: 100 }), retry({ maxAttempts: 3, budget, jitter: 'none' }));
    await expect(policy.execute(async () => 1)).resolves.toBe(1);
    const fn = alwaysFailing();
    const outcome = rejectionOf(policy.execute(fn));
    await vi.runAllTimersAsync();
    await outcome;
    // 2 deposits = 1 retry: the failing call retried once, then was refused.
    expect(fn).toHaveBeenCalledTimes(2);
    expect(budget.stats()).toMatchObject({ deposits: 2, withdrawals: 1, refusals: 1 });
  });

  it('resilient({ budget }) shares the budget across wrapped functions', async () => {
    const budget = retryBudget({ minPerSecond: 0, ratio: 1 });
    const a = resilient({ budget, baseDelay: 1, jitter: 'none' })(alwaysFailing());
    const b = resilient({ budget, baseDelay: 1, jitter: 'none' })(async () => 'ok');
    await b();
    const outcome = rejectionOf(a());
    await vi.runAllTimersAsync();
    await outcome;
    // 2 deposits at ratio 1 = 2 retries: a's third attempt spent the last of it.
    expect(budget.stats()).toMatchObject({ deposits: 2, withdrawals: 2, refusals: 0 });
  });

  it('a budget that is not one is a TypeError naming it', () => {
    expect(() => retry({ budget: {} as never })).toThrow(/budget/);
    expect(() => retry({ budget: {} as never })).toThrow(TypeError);
  });
});
