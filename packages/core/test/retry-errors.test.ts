import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  IsolatedCircuitError,
  RateLimitError,
  retry,
  TimeoutError,
  type GiveUpInfo,
  type RetryInfo,
} from '../src/index.js';
import { alwaysFailing, ConnectionError, rejectionOf, ValueError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** How many times a function always failing with `error` runs under the default retryOn. */
async function attemptsFor(error: unknown): Promise<number> {
  const fn = vi.fn(() => Promise.reject(error));
  const outcome = rejectionOf(retry({ maxAttempts: 3, jitter: 'none' }).execute(fn));
  await vi.runAllTimersAsync();
  expect(await outcome).toBe(error);
  return fn.mock.calls.length;
}

describe('which errors are retried by default', () => {
  const abortError = new DOMException('The operation was aborted', 'AbortError');
  const namedAbort = Object.assign(new Error('aborted by the SDK'), { name: 'AbortError' });

  it.each([
    ['BrokenCircuitError (a rejection costs microseconds; retrying it is pointless)', new BrokenCircuitError('x', 100), 1],
    ['IsolatedCircuitError', new IsolatedCircuitError('x'), 1],
    ['BulkheadRejectedError', new BulkheadRejectedError(1, 0), 1],
    ['a DOMException AbortError', abortError, 1],
    ['any error named AbortError', namedAbort, 1],
    ['TimeoutError', new TimeoutError(100), 3],
    ['RateLimitError', new RateLimitError(50), 3],
    ['an ordinary Error', new ConnectionError('down'), 3],
    ['a thrown non-Error value', 'plain string', 3],
  ])('%s: %i attempt(s)', async (_name, error, attempts) => {
    expect(await attemptsFor(error)).toBe(attempts);
  });

  it('a custom retryOn replaces the default entirely', async () => {
    const broken = new BrokenCircuitError('x', 0);
    const fn = vi.fn(() => Promise.reject(broken));
    const outcome = rejectionOf(retry({ maxAttempts: 2, retryOn: () => true, jitter: 'none' }).execute(fn));
    await vi.runAllTimersAsync();
    expect(await outcome).toBe(broken);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe('retry events', () => {
  it("emits 'retry' before each wait and 'giveUp' once attempts run out", async () => {
    const policy = retry({ maxAttempts: 3, backoff: 'linear', baseDelay: 10, jitter: 'none' });
    const log: (['retry', RetryInfo] | ['giveUp', GiveUpInfo])[] = [];
    policy.on('retry', (info) => log.push(['retry', info]));
    policy.on('giveUp', (info) => log.push(['giveUp', info]));
    const errors = [new ConnectionError('1'), new ConnectionError('2'), new ConnectionError('3')];
    let call = 0;
    const outcome = rejectionOf(policy.execute(() => Promise.reject(errors[call++]!)));
    await vi.runAllTimersAsync();
    expect(await outcome).toBe(errors[2]);
    expect(log).toEqual([
      ['retry', { attempt: 1, error: errors[0], delay: 10 }],
      ['retry', { attempt: 2, error: errors[1], delay: 20 }],
      ['giveUp', { attempts: 3, error: errors[2], reason: 'attempts' }],
    ]);
  });

  it("reports an error not retried as giveUp with reason 'not-retryable'", async () => {
    const policy = retry({ retryOn: (e) => !(e instanceof ValueError) });
    const giveUp = vi.fn();
    const retried = vi.fn();
    policy.on('giveUp', giveUp);
    policy.on('retry', retried);
    const error = new ValueError('bad');
    await expect(policy.execute(() => Promise.reject(error))).rejects.toBe(error);
    expect(giveUp).toHaveBeenCalledWith({ attempts: 1, error, reason: 'not-retryable' });
    expect(retried).not.toHaveBeenCalled();
  });

  it('emits nothing on a first-time success', async () => {
    const policy = retry();
    const listener = vi.fn();
    policy.on('retry', listener);
    policy.on('giveUp', listener);
    await policy.execute(() => 'ok');
    expect(listener).not.toHaveBeenCalled();
  });

  it('stops calling a listener once unsubscribed', async () => {
    const policy = retry({ maxAttempts: 2, jitter: 'none' });
    const listener = vi.fn();
    const unsubscribe = policy.on('retry', listener);
    const first = rejectionOf(policy.execute(alwaysFailing()));
    await vi.runAllTimersAsync();
    await first;
    unsubscribe();
    const second = rejectionOf(policy.execute(alwaysFailing()));
    await vi.runAllTimersAsync();
    await second;
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('onRetry and the retry event see the same facts', async () => {
    const onRetry = vi.fn();
    const policy = retry({ maxAttempts: 2, baseDelay: 40, jitter: 'none', onRetry });
    const event = vi.fn();
    policy.on('retry', event);
    const outcome = rejectionOf(policy.execute(alwaysFailing()));
    await vi.runAllTimersAsync();
    await outcome;
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(event.mock.calls).toEqual(onRetry.mock.calls);
    expect(onRetry).toHaveBeenCalledWith({ attempt: 1, error: expect.any(ConnectionError) as unknown, delay: 40 });
  });
});
