import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrokenCircuitError, CircuitBreaker, resilient, TimeoutError } from '../src/index.js';
import { alwaysFailing, ConnectionError, rejectionOf, ValueError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('resilient(): the Python suite, ported', () => {
  // Ports test_resilient_decorator: resilient(3, 60, 2, "exponential").
  it('opens the breaker after N exhausted retry runs, one breaker failure per run', async () => {
    const fn = alwaysFailing();
    const call = resilient({ failureThreshold: 3, recoveryTimeout: 60_000, maxAttempts: 2, backoff: 'exponential' })(fn);
    for (let run = 1; run <= 3; run++) {
      const outcome = rejectionOf(call());
      await vi.advanceTimersByTimeAsync(100); // the one exponential wait of each run (at most baseDelay)
      expect(await outcome).toBeInstanceOf(ConnectionError);
      expect(call.breaker.stats().failures).toBe(run);
    }
    expect(fn).toHaveBeenCalledTimes(6);
    expect(call.breaker.state).toBe('open');
    await expect(call()).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(fn).toHaveBeenCalledTimes(6);
  });

  // Ports test_full_resilience_stack: resilient(3, 0.2, 2, "exponential"), the API fails its first 4 calls.
  it('full stack: two exhausted runs leave the breaker closed, the third call succeeds first time', async () => {
    let failures = 0;
    const api = vi.fn(async () => {
      if (api.mock.calls.length <= 4) {
        failures++;
        throw new ConnectionError('upstream down');
      }
      return { data: 'success' };
    });
    const call = resilient({ failureThreshold: 3, recoveryTimeout: 200, maxAttempts: 2, backoff: 'exponential' })(api);
    for (let run = 0; run < 2; run++) {
      const outcome = rejectionOf(call());
      await vi.advanceTimersByTimeAsync(100);
      expect(await outcome).toBeInstanceOf(ConnectionError);
    }
    expect(api).toHaveBeenCalledTimes(4);
    expect(call.breaker.stats()).toMatchObject({ state: 'closed', failures: 2, consecutiveFailures: 2 });
    await expect(call()).resolves.toEqual({ data: 'success' });
    expect(api).toHaveBeenCalledTimes(5);
    expect(failures).toBe(4);
  });
});

describe('resilient(opts)(fn)', () => {
  it('exposes .breaker and .policy, names the breaker after the function', async () => {
    async function getInvoice(id: string): Promise<string> {
      return `invoice ${id}`;
    }
    const call = resilient()(getInvoice);
    expect(call.breaker).toBeInstanceOf(CircuitBreaker);
    expect(call.breaker.name).toBe('getInvoice');
    expect(call.name).toBe('getInvoice');
    expect(call.policy.policies[0]).toBe(call.breaker);
    await expect(call('42')).resolves.toBe('invoice 42');
  });

  it('prefers an explicit name, and falls back to "default" for an anonymous function', () => {
    expect(resilient({ name: 'mailgun' })(async () => 1).breaker.name).toBe('mailgun');
    const anonymous = [async () => 1][0]!;
    expect(resilient()(anonymous).breaker.name).toBe('default');
  });

  it('gives each wrapped function its own breaker', async () => {
    const wrap = resilient({ failureThreshold: 1, maxAttempts: 1 });
    const a = wrap(alwaysFailing());
    const b = wrap(async () => 'b');
    await rejectionOf(a());
    expect(a.breaker.state).toBe('open');
    expect(b.breaker.state).toBe('closed');
    await expect(b()).resolves.toBe('b');
  });

  it('passes arguments and keeps `this` when called as a method', async () => {
    const wrapped = resilient()(async function (this: { base: number }, add: number) {
      return this.base + add;
    });
    const holder = { base: 40, wrapped };
    await expect(holder.wrapped(2)).resolves.toBe(42);
  });

  it('bounds each attempt with the timeout option and retries the TimeoutError', async () => {
    const fn = vi.fn(() => new Promise<never>(() => undefined));
    const call = resilient({ timeout: 100, maxAttempts: 2, jitter: 'none', baseDelay: 10 })(fn);
    const outcome = rejectionOf(call());
    await vi.advanceTimersByTimeAsync(210);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(call.breaker.stats().failures).toBe(1);
  });

  it("returns the fallback option after everything failed: a value, or a function of (error, ...args)", async () => {
    const withValue = resilient({ maxAttempts: 1, fallback: 'cached' })(alwaysFailing());
    await expect(withValue()).resolves.toBe('cached');
    const fromError = vi.fn((error: unknown, id: string) => `stale ${id} (${(error as Error).name})`);
    const withFunction = resilient({ maxAttempts: 1, fallback: fromError })(async (_id: string): Promise<string> => {
      throw new ConnectionError('down');
    });
    await expect(withFunction('7')).resolves.toBe('stale 7 (ConnectionError)');
  });

  it('serves the fallback when the breaker is open, and fallbackOn filters errors', async () => {
    const fn = vi.fn(async (): Promise<string> => {
      throw new ConnectionError('down');
    });
    const call = resilient({
      failureThreshold: 1,
      maxAttempts: 1,
      fallback: 'offline',
      fallbackOn: (e) => e instanceof BrokenCircuitError,
    })(fn);
    await expect(call()).rejects.toBeInstanceOf(ConnectionError); // not a breaker rejection
    await expect(call()).resolves.toBe('offline');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('isFailure and retryOn apply to their own layers', async () => {
    const valueError = new ValueError('caller mistake');
    const fn = vi.fn(() => Promise.reject(valueError));
    const call = resilient({
      failureThreshold: 1,
      isFailure: (e) => e instanceof ConnectionError,
      retryOn: (e) => e instanceof ConnectionError,
    })(fn);
    await expect(call()).rejects.toBe(valueError);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(call.breaker.state).toBe('closed');
  });

  it('validates every option when the wrapper is made, not on the first call', () => {
    expect(() => resilient({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resilient({ failureThreshold: 1.5 })).toThrow(RangeError);
    expect(() => resilient({ timeout: 0 })).toThrow(RangeError);
    expect(() => resilient({ fallback: 1, fallbackOn: 'yes' as unknown as () => boolean })).toThrow(TypeError);
  });

  it('refuses to wrap something that is not a function', () => {
    expect(() => resilient()(42 as unknown as () => void)).toThrow(TypeError);
  });
});
