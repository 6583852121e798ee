import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrokenCircuitError, circuitBreaker, IsolatedCircuitError, ResilienceError } from '../src/index.js';
import { alwaysFailing, ConnectionError, rejectionOf, ValueError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const fail = (): Promise<never> => Promise.reject(new ConnectionError('down'));
const ok = (): Promise<string> => Promise.resolve('success');

/** Runs `fn` through the breaker and swallows its (expected) rejection. */
async function failOnce(breaker: ReturnType<typeof circuitBreaker>, fn: () => Promise<unknown> = fail): Promise<unknown> {
  return rejectionOf(breaker.execute(fn));
}

describe('circuit breaker: the Python suite, ported', () => {
  // Ports test_circuit_closed_initially.
  it('is closed initially with no failures', () => {
    const breaker = circuitBreaker({ failureThreshold: 3 });
    expect(breaker.state).toBe('closed');
    expect(breaker.stats()).toEqual({ state: 'closed', failures: 0, successes: 0, rejections: 0, consecutiveFailures: 0 });
  });

  // Ports test_circuit_opens_after_threshold.
  it('opens at the failure threshold, rethrowing each original error', async () => {
    const breaker = circuitBreaker({ failureThreshold: 3 });
    for (const expected of [1, 2]) {
      const error = new ConnectionError(`failure ${expected}`);
      await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
      expect(breaker.state).toBe('closed');
      expect(breaker.stats().consecutiveFailures).toBe(expected);
    }
    const third = new ConnectionError('third');
    await expect(breaker.execute(() => Promise.reject(third))).rejects.toBe(third);
    expect(breaker.state).toBe('open');
    expect(breaker.stats().failures).toBe(3);
  });

  // Ports test_circuit_rejects_calls_when_open.
  it('rejects calls while open without calling the function', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2, recoveryTimeout: 60_000 });
    await failOnce(breaker);
    await failOnce(breaker);
    const fn = vi.fn(ok);
    const error = await rejectionOf(breaker.execute(fn));
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect(error).toBeInstanceOf(ResilienceError);
    expect(fn).not.toHaveBeenCalled();
  });

  // Ports test_circuit_transitions_to_half_open_after_timeout.
  it('lets a trial call through once the recovery timeout has passed', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2, recoveryTimeout: 200 });
    await failOnce(breaker);
    await failOnce(breaker);
    vi.advanceTimersByTime(199);
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(breaker.state).toBe('half-open');
    const fn = alwaysFailing();
    await failOnce(breaker, fn);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(breaker.state).toBe('open');
    expect(breaker.stats().failures).toBe(3);
  });

  // Ports test_circuit_closes_after_successful_half_open_call.
  it('closes after a successful trial call', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2, recoveryTimeout: 100 });
    await failOnce(breaker);
    await failOnce(breaker);
    vi.advanceTimersByTime(150);
    await expect(breaker.execute(ok)).resolves.toBe('success');
    expect(breaker.state).toBe('closed');
    expect(breaker.stats().consecutiveFailures).toBe(0);
  });

  // Ports test_circuit_reopens_after_failed_half_open_call.
  it('reopens after a failed trial call, with a fresh recovery timeout', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2, recoveryTimeout: 100 });
    await failOnce(breaker);
    await failOnce(breaker);
    vi.advanceTimersByTime(150);
    await failOnce(breaker);
    expect(breaker.state).toBe('open');
    expect(breaker.stats().openedAt).toBe(Date.now());
    const rejected = await failOnce(breaker, ok);
    expect(rejected).toMatchObject({ retryAfter: 100 });
    vi.advanceTimersByTime(99);
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(breaker.state).toBe('half-open');
  });

  // Ports test_circuit_manual_reset.
  it('reset() closes an open circuit and clears the counts', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2 });
    await failOnce(breaker);
    await failOnce(breaker);
    await failOnce(breaker, ok); // a rejection, counted
    expect(breaker.state).toBe('open');
    breaker.reset();
    expect(breaker.stats()).toEqual({ state: 'closed', failures: 0, successes: 0, rejections: 0, consecutiveFailures: 0 });
    await failOnce(breaker);
    expect(breaker.state).toBe('closed');
    expect(breaker.stats().consecutiveFailures).toBe(1);
  });

  // Ports test_circuit_only_counts_expected_exceptions. Divergence on purpose (DESIGN §3):
  // an error isFailure rejects counts as a success (the dependency answered), so it
  // breaks a run of consecutive failures, where Python left the count untouched.
  it('counts only the errors isFailure accepts; others pass through unchanged as successes', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2, isFailure: (e) => e instanceof ConnectionError });
    await failOnce(breaker);
    const valueError = new ValueError('bad input');
    await expect(breaker.execute(() => Promise.reject(valueError))).rejects.toBe(valueError);
    expect(breaker.stats()).toMatchObject({ state: 'closed', failures: 1, successes: 1, consecutiveFailures: 0 });
    await failOnce(breaker);
    expect(breaker.state).toBe('closed');
    await failOnce(breaker);
    expect(breaker.state).toBe('open');
    expect(breaker.stats().failures).toBe(3);
  });
});

describe('circuit breaker: rejections and manual control', () => {
  it('says who rejected and when the next trial is due', async () => {
    const breaker = circuitBreaker({ name: 'billing', failureThreshold: 1, recoveryTimeout: 10_000 });
    await failOnce(breaker);
    vi.advanceTimersByTime(2_500);
    const error = await rejectionOf(breaker.execute(ok));
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect(error).toMatchObject({ name: 'BrokenCircuitError', breakerName: 'billing', retryAfter: 7_500 });
    expect((error as Error).message).toContain('billing');
  });

  it('reads half-open once recoveryTimeout has passed, even if no timer has run', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 1_000 });
    await failOnce(breaker);
    // Move the clock without firing timers: the state is read, not pushed.
    vi.setSystemTime(Date.now() + 1_000);
    expect(breaker.state).toBe('half-open');
    expect(breaker.stats().state).toBe('half-open');
  });

  it('isolate() holds the circuit open with IsolatedCircuitError (retryAfter Infinity) until reset()', async () => {
    const breaker = circuitBreaker({ name: 'unifi', recoveryTimeout: 100 });
    breaker.isolate();
    expect(breaker.state).toBe('isolated');
    const fn = vi.fn(ok);
    const error = await rejectionOf(breaker.execute(fn));
    expect(error).toBeInstanceOf(IsolatedCircuitError);
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect(error).toMatchObject({ name: 'IsolatedCircuitError', breakerName: 'unifi', retryAfter: Infinity });
    vi.advanceTimersByTime(1_000_000);
    expect(breaker.state).toBe('isolated');
    expect(fn).not.toHaveBeenCalled();
    breaker.reset();
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(fn)).resolves.toBe('success');
  });

  it('isolate() on an open circuit cancels its pending half-open transition', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 100 });
    await failOnce(breaker);
    breaker.isolate();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(200);
    expect(breaker.state).toBe('isolated');
  });

  it('a success in closed state resets the consecutive count (unlike the Python module)', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2 });
    await failOnce(breaker);
    await breaker.execute(ok);
    await failOnce(breaker);
    expect(breaker.state).toBe('closed');
    expect(breaker.stats()).toMatchObject({ failures: 2, successes: 1, consecutiveFailures: 1 });
  });

  it('passes the attempt number and the caller signal to fn', async () => {
    const breaker = circuitBreaker();
    const controller = new AbortController();
    const fn = vi.fn(ok);
    await breaker.execute(fn, controller.signal, 3);
    expect(fn).toHaveBeenCalledWith({ signal: controller.signal, attempt: 3 });
  });

  it('counts a synchronous throw like a rejection', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const error = new ConnectionError('sync');
    await expect(
      breaker.execute(() => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(breaker.state).toBe('open');
  });

  it('leaves no timer behind once the circuit closes again', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 100 });
    await failOnce(breaker);
    expect(vi.getTimerCount()).toBe(1); // the half-open transition
    vi.advanceTimersByTime(100);
    expect(vi.getTimerCount()).toBe(0);
    await breaker.execute(ok);
    expect(breaker.state).toBe('closed');
    await failOnce(breaker);
    breaker.reset();
    expect(vi.getTimerCount()).toBe(0);
  });
});
