import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retry, type RetryInfo, type RetryOptions } from '../src/index.js';
import { alwaysFailing, ConnectionError, failing, flush, rejectionOf, ValueError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Runs an always-failing function with the given options and returns the ms
 * between consecutive attempts, checking each attempt starts not even 1 ms early.
 */
async function gapsBetweenAttempts(options: RetryOptions, expected: number[]): Promise<void> {
  const fn = alwaysFailing();
  const outcome = rejectionOf(retry({ jitter: 'none', ...options }).execute(fn));
  await flush();
  expect(fn).toHaveBeenCalledTimes(1);
  for (const [index, gap] of expected.entries()) {
    await vi.advanceTimersByTimeAsync(gap - 1);
    expect(fn, `attempt ${index + 2} ran 1 ms early`).toHaveBeenCalledTimes(index + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn, `attempt ${index + 2} did not run after ${gap} ms`).toHaveBeenCalledTimes(index + 2);
  }
  expect(await outcome).toBeInstanceOf(ConnectionError);
  expect(vi.getTimerCount()).toBe(0);
}

describe('retry: the Python suite, ported', () => {
  // Ports test_retry_succeeds_on_first_attempt.
  it('returns the result of a first successful attempt without retrying', async () => {
    const fn = vi.fn(() => 'success');
    await expect(retry().execute(fn)).resolves.toBe('success');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1 }));
    expect(vi.getTimerCount()).toBe(0);
  });

  // Ports test_retry_succeeds_on_second_attempt.
  it('returns the result of the second attempt after one failure', async () => {
    const fn = failing(1, 'success');
    const result = retry({ maxAttempts: 3 }).execute(fn);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('success');
    expect(fn).toHaveBeenCalledTimes(2);
    expect(fn.mock.calls.map(([context]) => context?.attempt)).toEqual([1, 2]);
  });

  // Ports test_retry_fails_after_max_attempts. We rethrow the last error itself, not a wrapper.
  it('gives up after maxAttempts (the first included) and rethrows the last error unchanged', async () => {
    const errors: ConnectionError[] = [];
    const fn = vi.fn(async () => {
      const error = new ConnectionError(`attempt ${errors.length + 1}`);
      errors.push(error);
      throw error;
    });
    const outcome = rejectionOf(retry({ maxAttempts: 3 }).execute(fn));
    await vi.runAllTimersAsync();
    expect(await outcome).toBe(errors[2]);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  // Ports test_retry_with_fixed_backoff: fixed(0.1 s) -> 100 ms between attempts, exactly.
  it('waits baseDelay before every retry with fixed backoff', async () => {
    await gapsBetweenAttempts({ backoff: 'fixed', baseDelay: 100, maxAttempts: 3 }, [100, 100]);
  });

  // Ports test_retry_with_exponential_backoff: exponential(0.1, 1.0, 2.0) with 4 attempts.
  it('waits base * factor^(n-1) with exponential backoff', async () => {
    await gapsBetweenAttempts({ backoff: 'exponential', baseDelay: 100, factor: 2, maxDelay: 1_000, maxAttempts: 4 }, [100, 200, 400]);
  });

  // Ports test_retry_with_linear_backoff: linear(0.1, 0.1) with 4 attempts -> 0.1, 0.2, 0.3 s.
  it('waits base * n with linear backoff', async () => {
    await gapsBetweenAttempts({ backoff: 'linear', baseDelay: 100, maxAttempts: 4 }, [100, 200, 300]);
  });

  // Ports test_retry_with_on_retry_callback.
  it('calls onRetry before each wait, and not after the last attempt', async () => {
    const fn = alwaysFailing();
    const seen: { info: RetryInfo; calls: number; timers: number }[] = [];
    const onRetry = (info: RetryInfo): void => {
      seen.push({ info, calls: fn.mock.calls.length, timers: vi.getTimerCount() });
    };
    const policy = retry({ maxAttempts: 3, backoff: 'fixed', baseDelay: 100, jitter: 'none', onRetry });
    const outcome = rejectionOf(policy.execute(fn));
    await vi.runAllTimersAsync();
    await outcome;
    expect(seen).toHaveLength(2);
    expect(seen.map((s) => s.info.attempt)).toEqual([1, 2]);
    expect(seen.map((s) => s.info.delay)).toEqual([100, 100]);
    expect(seen.every((s) => s.info.error instanceof ConnectionError)).toBe(true);
    // Before the wait: the attempt had run, its sleep not yet scheduled.
    expect(seen.map((s) => [s.calls, s.timers])).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  // Ports test_retry_only_retries_expected_exceptions.
  it('rethrows at once an error retryOn rejects', async () => {
    const valueError = new ValueError('bad input');
    const fn = vi.fn(() => Promise.reject(valueError));
    const retryOn = vi.fn((error: unknown) => error instanceof ConnectionError);
    await expect(retry({ retryOn }).execute(fn)).rejects.toBe(valueError);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(retryOn).toHaveBeenCalledWith(valueError, 1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('retry: defaults and basics', () => {
  it('defaults to 3 attempts, exponential from 100 ms with full jitter', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(1);
    try {
      await gapsBetweenAttempts({ jitter: 'full' }, [100, 200]);
      expect(random).toHaveBeenCalledTimes(2);
    } finally {
      random.mockRestore();
    }
  });

  it('does not call fn at all when the caller signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    const fn = vi.fn(() => 1);
    await expect(retry().execute(fn, controller.signal)).rejects.toThrow('gone');
    expect(fn).not.toHaveBeenCalled();
  });

  it('exposes maxAttempts', () => {
    expect(retry().maxAttempts).toBe(3);
    expect(retry({ maxAttempts: 7 }).maxAttempts).toBe(7);
  });

  it('maxAttempts 1 means no retry at all', async () => {
    const fn = alwaysFailing();
    await expect(retry({ maxAttempts: 1 }).execute(fn)).rejects.toBeInstanceOf(ConnectionError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('retries a synchronous throw', async () => {
    let calls = 0;
    const result = retry({ jitter: 'none' }).execute(() => {
      if (++calls === 1) throw new ConnectionError('sync');
      return 'second';
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('second');
  });

  it('passes retryOn the attempt number that failed', async () => {
    const retryOn = vi.fn((_error: unknown, attempt: number) => attempt < 2);
    const fn = alwaysFailing();
    const outcome = rejectionOf(retry({ maxAttempts: 5, retryOn, jitter: 'none' }).execute(fn));
    await vi.runAllTimersAsync();
    await outcome;
    expect(retryOn.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2]);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('uses a custom backoff function with n = 1 for the first retry', async () => {
    const backoff = vi.fn((n: number) => n * 7);
    await gapsBetweenAttempts({ backoff, maxAttempts: 4 }, [7, 14, 21]);
    expect(backoff.mock.calls.map(([n]) => n)).toEqual([1, 2, 3]);
  });
});
