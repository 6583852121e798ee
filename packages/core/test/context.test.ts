/**
 * A call's context (`execute`'s fourth argument) travels with the call: every
 * policy passes it, untouched, to the policies inside it and to its events.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bulkhead, circuitBreaker, fallback, pipeline, rateLimit, retry, timeout, type PolicyLike } from '../src/index.js';
import { ConnectionError, alwaysFailing, deferred, failing, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

interface CallContext {
  callId: number;
  tool: string;
}

const quick = { backoff: 'fixed', baseDelay: 1, jitter: 'none' } as const;

describe('the call context', () => {
  it('reaches the breaker events of its call, the same object', async () => {
    const breaker = circuitBreaker<CallContext>({ failureThreshold: 1 });
    const seen: [string, CallContext | undefined][] = [];
    breaker.on('success', ({ context }) => seen.push(['success', context]));
    breaker.on('failure', ({ context }) => seen.push(['failure', context]));
    breaker.on('rejected', ({ context }) => seen.push(['rejected', context]));
    const one = { callId: 1, tool: 'read' };
    const two = { callId: 2, tool: 'write' };
    const three = { callId: 3, tool: 'read' };
    await breaker.execute(() => 'ok', undefined, 1, one);
    await rejectionOf(breaker.execute(() => Promise.reject(new ConnectionError('down')), undefined, 1, two));
    await rejectionOf(breaker.execute(() => 'never', undefined, 1, three));
    expect(seen).toEqual([['success', one], ['failure', two], ['rejected', three]]);
    expect(seen[0]?.[1]).toBe(one);
  });

  it('reaches retry, giveUp and onRetry', async () => {
    const onRetry = vi.fn();
    const policy = retry<CallContext>({ maxAttempts: 2, ...quick, onRetry });
    const seen: unknown[] = [];
    policy.on('retry', ({ attempt, context }) => seen.push(['retry', attempt, context]));
    policy.on('giveUp', ({ reason, context }) => seen.push(['giveUp', reason, context]));
    const context = { callId: 7, tool: 'search' };
    const call = rejectionOf(policy.execute(alwaysFailing(), undefined, 1, context));
    await vi.advanceTimersByTimeAsync(5);
    await call;
    expect(seen).toEqual([['retry', 1, context], ['giveUp', 'attempts', context]]);
    expect(onRetry).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1, context }));
  });

  it('is undefined in events of a call made without one', async () => {
    const breaker = circuitBreaker();
    const payloads: unknown[] = [];
    breaker.on('success', (payload) => payloads.push(payload));
    await breaker.execute(() => 'ok');
    expect(payloads).toEqual([{ name: 'default', state: 'closed', context: undefined }]);
    expect(Object.hasOwn(payloads[0] as object, 'context')).toBe(true);
  });

  it.each([
    ['fused breaker and retry', false],
    ['breaker, timeout, retry (nested)', true],
  ])('travels through a pipeline to every policy: %s', async (_name, nested) => {
    const context = { callId: 42, tool: 'lookup' };
    const breaker = circuitBreaker<CallContext>({ failureThreshold: 10 });
    const policy = retry<CallContext>({ maxAttempts: 2, ...quick });
    const substitute = fallback<string, CallContext>('cached');
    const seen: [string, CallContext | undefined][] = [];
    breaker.on('failure', ({ context: c }) => seen.push(['breaker failure', c]));
    policy.on('retry', ({ context: c }) => seen.push(['retry', c]));
    policy.on('giveUp', ({ context: c }) => seen.push(['giveUp', c]));
    substitute.on('fallback', ({ context: c }) => seen.push(['fallback', c]));
    const policies: PolicyLike<CallContext>[] = nested
      ? [substitute, breaker, timeout(1_000), policy]
      : [substitute, breaker, policy, timeout(1_000)];
    const call = pipeline(...policies).execute(alwaysFailing(), undefined, 1, context);
    await vi.advanceTimersByTimeAsync(5);
    expect(await call).toBe('cached');
    expect(seen).toEqual([['retry', context], ['giveUp', context], ['breaker failure', context], ['fallback', context]]);
  });

  it('reaches a fused breaker and retry whose call succeeds after a retry', async () => {
    const breaker = circuitBreaker<CallContext>();
    const policy = retry<CallContext>({ ...quick });
    const seen: unknown[] = [];
    breaker.on('success', ({ context }) => seen.push(['success', context]));
    policy.on('retry', ({ context }) => seen.push(['retry', context]));
    const context = { callId: 3, tool: 't' };
    const call = pipeline(breaker, policy).execute(failing(1, 'ok'), undefined, 1, context);
    await vi.advanceTimersByTimeAsync(5);
    expect(await call).toBe('ok');
    expect(seen).toEqual([['retry', context], ['success', context]]);
  });

  it('reaches the rejections of a bulkhead and a rate limit', async () => {
    const pool = bulkhead<CallContext>({ limit: 1 });
    const limiter = rateLimit<CallContext>({ tokens: 1, interval: 1_000 });
    const seen: unknown[] = [];
    pool.on('rejected', ({ context }) => seen.push(['bulkhead', context]));
    limiter.on('rejected', ({ context }) => seen.push(['rate-limit', context]));
    const gate = deferred<string>();
    const held = pool.execute(() => gate.promise);
    const second = { callId: 2, tool: 'x' };
    await rejectionOf(pool.execute(() => 'never', undefined, 1, second));
    gate.resolve('done');
    await held;
    await limiter.execute(() => 'first');
    const third = { callId: 3, tool: 'y' };
    await rejectionOf(limiter.execute(() => 'never', undefined, 1, third));
    expect(seen).toEqual([['bulkhead', second], ['rate-limit', third]]);
  });
});
