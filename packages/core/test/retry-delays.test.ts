import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retry, type RetryOptions } from '../src/index.js';
import { alwaysFailing, ConnectionError, flush, rejectionOf, RetryAfterError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The waits retry makes before each attempt, read from the scheduled timers at exact ms. */
async function gaps(options: RetryOptions, expected: number[], fn = alwaysFailing()): Promise<void> {
  const outcome = rejectionOf(retry({ maxAttempts: expected.length + 1, ...options }).execute(fn));
  await flush();
  for (const [index, gap] of expected.entries()) {
    await vi.advanceTimersByTimeAsync(gap - 1);
    expect(fn, `retry ${index + 1} ran before ${gap} ms`).toHaveBeenCalledTimes(index + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn, `retry ${index + 1} did not run at ${gap} ms`).toHaveBeenCalledTimes(index + 2);
  }
  await outcome;
}

describe('jitter', () => {
  it("'full' draws in [0, d]: Math.random() * d", async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    await gaps({ baseDelay: 100, jitter: 'full' }, [50, 100, 200]);
  });

  it("'equal' draws in [d/2, d]", async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await gaps({ baseDelay: 100, jitter: 'equal' }, [50, 100, 200]);
  });

  it("'decorrelated' grows from the previous delay: a draw in [base, 3 x previous]", async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    await gaps({ baseDelay: 100, maxDelay: 5_000, jitter: 'decorrelated' }, [300, 900, 2_700, 5_000]);
  });

  it("'decorrelated' never goes below baseDelay", async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await gaps({ baseDelay: 100, jitter: 'decorrelated' }, [100, 100, 100]);
  });
});

describe('maxDelay', () => {
  it('caps the backoff curve before jitter', async () => {
    await gaps({ backoff: 'exponential', baseDelay: 100, factor: 10, maxDelay: 1_500, jitter: 'none' }, [100, 1_000, 1_500, 1_500]);
  });

  it('caps a custom backoff function too', async () => {
    await gaps({ backoff: (n) => n * 1_000, maxDelay: 1_500, jitter: 'none' }, [1_000, 1_500]);
  });

  it('a full jitter stays under the cap', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    await gaps({ backoff: 'linear', baseDelay: 1_000, maxDelay: 1_200, jitter: 'full' }, [1_000, 1_200]);
  });
});

describe('Retry-After', () => {
  const after = (ms: number) =>
    vi.fn(async (): Promise<never> => {
      throw new RetryAfterError(ms);
    });

  it('waits at least error.retryAfter ms', async () => {
    await gaps({ baseDelay: 100, jitter: 'none' }, [500, 500], after(500));
  });

  it('keeps the longer backoff when retryAfter is shorter', async () => {
    await gaps({ backoff: 'fixed', baseDelay: 300, jitter: 'none' }, [300], after(10));
  });

  it('is still capped by maxDelay', async () => {
    await gaps({ baseDelay: 100, maxDelay: 1_000, jitter: 'none' }, [1_000], after(60_000));
  });

  it('ignores a retryAfter that is not a finite number >= 0', async () => {
    const fn = vi.fn(async (): Promise<never> => {
      throw Object.assign(new Error('odd'), { retryAfter: '5000' });
    });
    await gaps({ backoff: 'fixed', baseDelay: 100, jitter: 'none' }, [100], fn);
    await gaps({ backoff: 'fixed', baseDelay: 100, jitter: 'none' }, [100], after(-5));
  });

  it('reports the Retry-After wait as the delay of the retry event', async () => {
    const policy = retry({ maxAttempts: 2, baseDelay: 100, jitter: 'none' });
    const delays: number[] = [];
    policy.on('retry', ({ delay }) => delays.push(delay));
    const outcome = rejectionOf(policy.execute(after(700)));
    await vi.runAllTimersAsync();
    await outcome;
    expect(delays).toEqual([700]);
  });
});

describe('maxElapsed', () => {
  it('starts no attempt once the budget would be spent by the next wait', async () => {
    const started = Date.now();
    const startedAt: number[] = [];
    const fn = vi.fn(async (): Promise<never> => {
      startedAt.push(Date.now() - started);
      throw new ConnectionError('down');
    });
    const policy = retry({ maxAttempts: 10, backoff: 'fixed', baseDelay: 100, jitter: 'none', maxElapsed: 250 });
    const reasons: string[] = [];
    policy.on('giveUp', ({ reason, attempts }) => reasons.push(`${reason} after ${attempts}`));
    const outcome = rejectionOf(policy.execute(fn));
    await vi.runAllTimersAsync();
    expect(await outcome).toBeInstanceOf(ConnectionError);
    expect(startedAt).toEqual([0, 100, 200]); // the next would start at 300 ms, past the budget
    expect(reasons).toEqual(['elapsed after 3']);
  });

  it('counts the time attempts take, not only the waits', async () => {
    const fn = vi.fn(
      () =>
        new Promise<never>((_, reject) =>
          setTimeout(() => {
            reject(new ConnectionError('slow failure'));
          }, 200),
        ),
    );
    const outcome = rejectionOf(retry({ maxAttempts: 10, baseDelay: 100, jitter: 'none', maxElapsed: 250 }).execute(fn));
    await vi.runAllTimersAsync();
    await outcome;
    expect(fn).toHaveBeenCalledTimes(1); // 200 ms spent + 100 ms wait > 250
  });
});

describe('abort', () => {
  it('ends a backoff sleep at once with the abort reason, clearing its timer and listener', async () => {
    const fn = alwaysFailing();
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const outcome = rejectionOf(retry({ backoff: 'fixed', baseDelay: 60_000, jitter: 'none' }).execute(fn, controller.signal));
    await flush();
    expect(vi.getTimerCount()).toBe(1);
    const before = Date.now();
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(Date.now()).toBe(before); // no fake time had to pass
    expect(fn).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with a DOMException AbortError when aborted without a reason', async () => {
    const controller = new AbortController();
    const outcome = rejectionOf(retry({ baseDelay: 1_000 }).execute(alwaysFailing(), controller.signal));
    await flush();
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('an aborted caller signal stops retrying whatever retryOn says', async () => {
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      controller.abort('stop');
      throw new ConnectionError('failed while aborting');
    });
    await expect(retry({ retryOn: () => true }).execute(fn, controller.signal)).rejects.toBe('stop');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('an already aborted signal never gets past the first attempt', async () => {
    const controller = new AbortController();
    controller.abort('gone');
    const fn = vi.fn(() => Promise.reject(new ConnectionError('x')));
    await expect(retry().execute(fn, controller.signal)).rejects.toBe('gone');
    expect(fn.mock.calls.length).toBeLessThanOrEqual(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no abort listener behind after a completed wait', async () => {
    const controller = new AbortController();
    const result = retry({ jitter: 'none' }).execute(
      vi.fn().mockRejectedValueOnce(new ConnectionError('once')).mockResolvedValueOnce('ok'),
      controller.signal,
    );
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
