import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hedge, pipeline, retryBudget, timeout, type ExecutionContext } from '../src/index.js';
import { ConnectionError, deferred, flush, rejectionOf, ValueError, type Deferred } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A function whose every attempt waits on its own deferred, recording its context. */
function held<T>() {
  const attempts: { context: ExecutionContext; outcome: Deferred<T> }[] = [];
  const fn = vi.fn((context: ExecutionContext) => {
    const outcome = deferred<T>();
    attempts.push({ context, outcome });
    return outcome.promise;
  });
  return { fn, attempts };
}

describe('hedge: timing', () => {
  it('starts one attempt before delay, k + 1 at k x delay, never more than maxHedges + 1', async () => {
    const { fn, attempts } = held<string>();
    const result = hedge({ maxHedges: 3, delay: 100 }).execute(fn);
    expect(fn).toHaveBeenCalledTimes(1);
    for (let k = 1; k <= 3; k++) {
      await vi.advanceTimersByTimeAsync(99);
      expect(fn).toHaveBeenCalledTimes(k);
      await vi.advanceTimersByTimeAsync(1);
      expect(fn).toHaveBeenCalledTimes(k + 1);
    }
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fn).toHaveBeenCalledTimes(4);
    expect(attempts.map((a) => a.context.attempt)).toEqual([1, 2, 3, 4]);
    attempts[2]?.outcome.resolve('third');
    await expect(result).resolves.toBe('third');
  });

  it('a delay function gets n = 1 for the first hedge, counted from the previous start', async () => {
    const { fn } = held<string>();
    const delay = vi.fn((n: number) => n * 100);
    void hedge({ maxHedges: 2, delay }).execute(fn).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(100);
    expect(fn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(fn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(delay.mock.calls.map(([n]) => n)).toEqual([1, 2]);
  });

  it("the first hedge is due delay after the call's start, however long attempt 1's synchronous part takes", async () => {
    const { fn } = held<string>();
    const slowStart = vi.fn((context: ExecutionContext) => {
      if (context.attempt === 1) vi.setSystemTime(Date.now() + 30); // 30 ms of synchronous work
      return fn(context);
    });
    const started = Date.now();
    void hedge({ delay: 100 }).execute(slowStart).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(started + 100 - Date.now() - 1);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('delay 0 starts every attempt synchronously', () => {
    const { fn, attempts } = held<string>();
    void hedge({ maxHedges: 2, delay: 0 }).execute(fn);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(attempts.map((a) => a.context.attempt)).toEqual([1, 2, 3]);
  });

  it('a call that settles before delay sends no hedge and leaves no work behind', async () => {
    const fn = vi.fn(async () => 'fast');
    const policy = hedge({ delay: 100 });
    await expect(policy.execute(fn)).resolves.toBe('fast');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(policy.stats()).toEqual({ calls: 1, hedges: 0, wins: 0, refusals: 0, delay: 100 });
  });
});

describe('hedge: outcomes', () => {
  it("the first success wins: every other attempt's signal aborts in the same tick, losers are not awaited", async () => {
    const { fn, attempts } = held<string>();
    const policy = hedge({ maxHedges: 2, delay: 10 });
    const result = policy.execute(fn);
    await vi.advanceTimersByTimeAsync(20);
    expect(fn).toHaveBeenCalledTimes(3);
    let abortedWhenSettled: boolean[] = [];
    const settled = result.then((value) => {
      abortedWhenSettled = attempts.map((a) => a.context.signal.aborted);
      return value;
    });
    attempts[1]?.outcome.resolve('second');
    await expect(settled).resolves.toBe('second');
    expect(abortedWhenSettled).toEqual([true, false, true]);
    expect((attempts[0]?.context.signal.reason as Error).name).toBe('AbortError');
    expect(policy.stats()).toMatchObject({ calls: 1, hedges: 2, wins: 1 });
    // The losers never settle: nothing waits on them.
  });

  it("if every attempt fails, attempt 1's error is rethrown", async () => {
    const { fn, attempts } = held<string>();
    const result = rejectionOf(hedge({ maxHedges: 1, delay: 10 }).execute(fn));
    await vi.advanceTimersByTimeAsync(10);
    const first = new ConnectionError('first');
    attempts[1]?.outcome.reject(new ConnectionError('second'));
    await flush();
    attempts[0]?.outcome.reject(first);
    expect(await result).toBe(first);
  });

  it('a failure shouldHedge accepts starts the next attempt at once', async () => {
    const { fn, attempts } = held<string>();
    const result = hedge({ maxHedges: 2, delay: 1_000 }).execute(fn);
    attempts[0]?.outcome.reject(new ConnectionError('down'));
    await flush();
    expect(fn).toHaveBeenCalledTimes(2);
    // The next hedge counts from attempt 2's start.
    await vi.advanceTimersByTimeAsync(999);
    expect(fn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(3);
    attempts[2]?.outcome.resolve('third');
    await expect(result).resolves.toBe('third');
  });

  it('an attempt that throws synchronously is a failure like any other', async () => {
    let calls = 0;
    const result = hedge({ delay: 1_000 }).execute(({ attempt }) => {
      calls++;
      if (attempt === 1) throw new ConnectionError('sync');
      return Promise.resolve('second');
    });
    await expect(result).resolves.toBe('second');
    expect(calls).toBe(2);
  });

  it('a failure shouldHedge rejects ends the call with that error and aborts the others', async () => {
    const { fn, attempts } = held<string>();
    const shouldHedge = (error: unknown) => !(error instanceof ValueError);
    const result = rejectionOf(hedge({ maxHedges: 1, delay: 10, shouldHedge }).execute(fn));
    await vi.advanceTimersByTimeAsync(10);
    const bad = new ValueError('bad request');
    attempts[1]?.outcome.reject(bad);
    expect(await result).toBe(bad);
    expect(attempts[0]?.context.signal.aborted).toBe(true);
  });

  it("by default an abort error is not hedged: it ends the call", async () => {
    const { fn, attempts } = held<string>();
    const result = rejectionOf(hedge({ delay: 1_000 }).execute(fn));
    const abort = new DOMException('gone', 'AbortError');
    attempts[0]?.outcome.reject(abort);
    expect(await result).toBe(abort);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("the caller's abort rejects at once with its reason and aborts every attempt", async () => {
    const { fn, attempts } = held<string>();
    const controller = new AbortController();
    const result = rejectionOf(hedge({ delay: 10 }).execute(fn, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('caller left');
    controller.abort(reason);
    expect(await result).toBe(reason);
    expect(attempts.map((a): unknown => a.context.signal.reason)).toEqual([reason, reason]);
  });
});

describe('hedge: budget', () => {
  it('every call deposits; a refusal stops new hedges only', async () => {
    const budget = retryBudget({ minPerSecond: 0, ratio: 0.5 });
    const policy = hedge({ maxHedges: 2, delay: 10, budget });
    const refused = vi.fn();
    policy.on('refused', refused);
    const { fn, attempts } = held<string>();
    const result = policy.execute(fn);
    await vi.advanceTimersByTimeAsync(100);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(refused).toHaveBeenCalledWith({ attempt: 2 });
    attempts[0]?.outcome.resolve('only');
    await expect(result).resolves.toBe('only');
    expect(budget.stats()).toMatchObject({ deposits: 1, refusals: 1 });
    budget.deposit();
    const second = held<string>();
    void policy.execute(second.fn);
    await vi.advanceTimersByTimeAsync(100);
    // 3 deposits x 0.5 = 1 hedge; the second hedge is refused.
    expect(second.fn).toHaveBeenCalledTimes(2);
    expect(policy.stats()).toMatchObject({ calls: 2, hedges: 1, refusals: 2 });
  });

  it('when the budget refuses after every started attempt failed, attempt 1’s error is rethrown', async () => {
    const budget = retryBudget({ minPerSecond: 0 });
    const { fn, attempts } = held<string>();
    const result = rejectionOf(hedge({ delay: 10, budget }).execute(fn));
    const first = new ConnectionError('first');
    attempts[0]?.outcome.reject(first);
    expect(await result).toBe(first);
  });
});

describe('hedge: adaptive delay', () => {
  it('no hedge before the first refresh; then the percentile of its own successful calls, at least min', async () => {
    vi.setSystemTime(0);
    const policy = hedge({ delay: { percentile: 0.5, refresh: 1_000, window: 10_000, min: 5 } });
    const { fn, attempts } = held<string>();
    const latencies = [10, 20, 30, 40];
    for (const latency of latencies) {
      const call = policy.execute(fn);
      await vi.advanceTimersByTimeAsync(latency);
      attempts.at(-1)?.outcome.resolve('ok');
      await call;
    }
    expect(fn).toHaveBeenCalledTimes(4); // 100 ms of calls, no hedge
    expect(policy.stats().delay).toBeUndefined();
    vi.setSystemTime(1_000);
    void policy.execute(fn);
    expect(policy.stats().delay).toBe(20);
    await vi.advanceTimersByTimeAsync(19);
    expect(fn).toHaveBeenCalledTimes(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(6);
  });

  it('latencies older than window drop out at the next refresh', async () => {
    vi.setSystemTime(0);
    const policy = hedge({ delay: { refresh: 1_000, window: 5_000 } });
    await policy.execute(async () => 'ok');
    vi.setSystemTime(1_000);
    await policy.execute(async () => 'ok');
    expect(policy.stats().delay).toBe(1); // a 0 ms latency, raised to min
    vi.setSystemTime(6_000);
    await policy.execute(async () => 'ok');
    // The samples of t = 0 and t = 1_000 are 5 s old or more: no percentile, no hedge.
    expect(policy.stats().delay).toBeUndefined();
  });

  it('with no successful call in the window, it does not hedge', async () => {
    const policy = hedge({ delay: { refresh: 100 } });
    vi.advanceTimersByTime(100);
    const { fn } = held<string>();
    void policy.execute(fn);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('hedge: composition and validation', () => {
  it('composes in a pipeline: each attempt gets its own timeout', async () => {
    const { fn } = held<string>();
    const result = rejectionOf(pipeline(hedge({ delay: 50 }), timeout(100)).execute(fn));
    await vi.advanceTimersByTimeAsync(150);
    expect(fn).toHaveBeenCalledTimes(2);
    expect((await result as Error).name).toBe('TimeoutError');
  });

  it.each([
    [{ maxHedges: 0 }, RangeError, /maxHedges/],
    [{ maxHedges: 1.5 }, RangeError, /maxHedges/],
    [{ delay: -1 }, RangeError, /delay/],
    [{ delay: { percentile: 0 } }, RangeError, /percentile/],
    [{ delay: { refresh: 0 } }, RangeError, /refresh/],
    [{ delay: { percentil: 0.9 } }, TypeError, /percentil/],
    [{ maxHedge: 2 }, TypeError, /maxHedge/],
    [{ shouldHedge: 'yes' }, TypeError, /shouldHedge/],
    [{ budget: 1 }, TypeError, /budget/],
  ])('rejects %j at construction', (options, type, message) => {
    expect(() => hedge(options as never)).toThrow(type);
    expect(() => hedge(options as never)).toThrow(message);
  });
});
