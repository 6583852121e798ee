import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  circuitBreaker,
  fallback,
  pipeline,
  retry,
  timeout,
  TimeoutError,
  type ExecutionContext,
  type Operation,
  type PolicyLike,
} from '../src/index.js';
import { alwaysFailing, ConnectionError, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A policy that only records when it is entered and left. */
function tracer(name: string, log: string[]): PolicyLike {
  return {
    async execute<T>(fn: Operation<T>, signal?: AbortSignal, attempt = 1): Promise<T> {
      log.push(`enter ${name} (attempt ${attempt})`);
      try {
        return await fn({ signal: signal ?? new AbortController().signal, attempt });
      } finally {
        log.push(`leave ${name}`);
      }
    },
  };
}

describe('pipeline', () => {
  it('runs the first policy outermost', async () => {
    const log: string[] = [];
    const result = await pipeline(tracer('a', log), tracer('b', log), tracer('c', log)).execute(() => {
      log.push('fn');
      return 42;
    });
    expect(result).toBe(42);
    expect(log).toEqual(['enter a (attempt 1)', 'enter b (attempt 1)', 'enter c (attempt 1)', 'fn', 'leave c', 'leave b', 'leave a']);
  });

  it("carries retry's attempt numbers through the inner policies to fn", async () => {
    const log: string[] = [];
    const attempts: number[] = [];
    const policy = pipeline(tracer('outer', log), retry({ maxAttempts: 3, jitter: 'none' }), tracer('inner', log), timeout(1_000));
    const outcome = rejectionOf(
      policy.execute(({ attempt }) => {
        attempts.push(attempt);
        return Promise.reject(new ConnectionError(`attempt ${attempt}`));
      }),
    );
    await vi.runAllTimersAsync();
    await outcome;
    expect(attempts).toEqual([1, 2, 3]);
    expect(log.filter((line) => line.startsWith('enter inner'))).toEqual([
      'enter inner (attempt 1)',
      'enter inner (attempt 2)',
      'enter inner (attempt 3)',
    ]);
    expect(log.filter((line) => line.startsWith('enter outer'))).toEqual(['enter outer (attempt 1)']);
  });

  it('with no policy, just runs fn as attempt 1', async () => {
    const fn = vi.fn((ctx: ExecutionContext) => ctx.attempt);
    await expect(pipeline().execute(fn)).resolves.toBe(1);
  });

  it('refuses an argument that is not a policy, naming its position', () => {
    expect(() => pipeline(retry(), {} as PolicyLike)).toThrow(new TypeError('pipeline argument 2 is not a policy (it has no execute method)'));
  });

  it('exposes its policies, outermost first', () => {
    const a = retry();
    const b = timeout(10);
    expect(pipeline(a, b).policies).toEqual([a, b]);
  });
});

describe('the recommended order: fallback, breaker, retry, timeout', () => {
  it('the breaker counts one failure per logical call, however many attempts it took', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2 });
    const fn = alwaysFailing();
    const policy = pipeline(breaker, retry({ maxAttempts: 3, jitter: 'none' }));
    const first = rejectionOf(policy.execute(fn));
    await vi.runAllTimersAsync();
    expect(await first).toBeInstanceOf(ConnectionError);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(breaker.stats()).toMatchObject({ state: 'closed', failures: 1 });
  });

  it('the timeout bounds each attempt and its TimeoutError is retried', async () => {
    const started: number[] = [];
    const t0 = Date.now();
    const policy = pipeline(retry({ maxAttempts: 3, backoff: 'fixed', baseDelay: 50, jitter: 'none' }), timeout(100));
    const outcome = rejectionOf(
      policy.execute(() => {
        started.push(Date.now() - t0);
        return new Promise<never>(() => undefined);
      }),
    );
    await vi.runAllTimersAsync();
    expect(await outcome).toMatchObject({ name: 'TimeoutError', timeout: 100 });
    expect(started).toEqual([0, 150, 300]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the fallback sees the final outcome: after retries, and when the breaker is open', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const fn = alwaysFailing();
    const seen: unknown[] = [];
    const policy = pipeline(
      fallback((error) => {
        seen.push(error);
        return 'stale';
      }),
      breaker,
      retry({ maxAttempts: 2, jitter: 'none' }),
      timeout(1_000),
    );
    const first = policy.execute(fn);
    await vi.advanceTimersByTimeAsync(100); // the retry's wait; the breaker's 60 s stay ahead
    await expect(first).resolves.toBe('stale');
    expect(fn).toHaveBeenCalledTimes(2);
    expect(breaker.state).toBe('open');
    await expect(policy.execute(fn)).resolves.toBe('stale');
    expect(fn).toHaveBeenCalledTimes(2);
    expect(seen[0]).toBeInstanceOf(ConnectionError);
    expect(seen[1]).toBeInstanceOf(BrokenCircuitError);
  });

  it('retry outside an open breaker gives up at once: BrokenCircuitError is not retried', async () => {
    const breaker = circuitBreaker();
    breaker.isolate();
    const fn = vi.fn(() => 'x');
    await expect(pipeline(retry({ maxAttempts: 5 }), breaker).execute(fn)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(fn).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("the caller's signal reaches fn and its abort ends the whole call", async () => {
    const controller = new AbortController();
    const policy = pipeline(circuitBreaker(), retry({ baseDelay: 10_000 }), timeout(60_000));
    let attemptSignal: AbortSignal | undefined;
    const outcome = rejectionOf(
      policy.execute(({ signal }) => {
        attemptSignal = signal;
        return new Promise<never>(() => undefined);
      }, controller.signal),
    );
    await vi.advanceTimersByTimeAsync(10);
    controller.abort('bye');
    expect(await outcome).toBe('bye');
    expect(attemptSignal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a TimeoutError of an attempt is a breaker failure; a caller abort is not', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const policy = pipeline(breaker, timeout(100));
    const outcome = rejectionOf(policy.execute(() => new Promise<never>(() => undefined)));
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(breaker.state).toBe('open');

    const other = circuitBreaker({ failureThreshold: 1 });
    const controller = new AbortController();
    const aborted = rejectionOf(pipeline(other, timeout(100)).execute(() => new Promise<never>(() => undefined), controller.signal));
    controller.abort('caller');
    expect(await aborted).toBe('caller');
    expect(other.state).toBe('closed');
    expect(other.stats().failures).toBe(0);
  });
});
