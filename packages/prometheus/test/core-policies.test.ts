import { describe, expect, it } from 'vitest';
import { bulkhead, circuitBreaker, fallback, pipeline, rateLimit, resilient, retry, timeout } from '@res/core';
import { Registry } from 'prom-client';
import { instrument } from '../src/index.js';
import { sample, series } from './helpers.js';

const fail = (): Promise<never> => Promise.reject(new Error('down'));

describe('core policies', () => {
  it('a breaker: outcomes as calls, states, transitions and rejections, labelled with its name', async () => {
    const registry = new Registry();
    const breaker = circuitBreaker({ name: 'billing', failureThreshold: 2 });
    instrument(breaker, { registry });
    await breaker.execute(() => 1);
    await expect(breaker.execute(fail)).rejects.toThrow();
    await expect(breaker.execute(fail)).rejects.toThrow();
    await expect(breaker.execute(() => 1)).rejects.toThrow(/open/i);
    expect(await series(registry, 'res_calls_total')).toEqual({
      'outcome=success,server=billing': 1,
      'outcome=failure,server=billing': 2,
      'outcome=rejected,server=billing': 1,
    });
    expect(await series(registry, 'res_rejections_total')).toEqual({ 'reason=circuit_open,server=billing': 1 });
    expect(await series(registry, 'res_breaker_transitions_total')).toEqual({ 'from=closed,server=billing,to=open': 1 });
    expect(await sample(registry, 'res_breaker_state', { server: 'billing', state: 'open' })).toBe(1);
    breaker.dispose();
  });

  it('a retry, a bulkhead, a rate limit and a fallback, under the `server` given', async () => {
    const registry = new Registry();
    const retries = retry({ maxAttempts: 3, baseDelay: 0, jitter: 'none' });
    const limit = bulkhead({ limit: 1 });
    const bucket = rateLimit({ tokens: 1, interval: 60_000 });
    const substitute = fallback('cached');
    for (const policy of [retries, limit, bucket, substitute]) instrument(policy, { registry, server: 'search' });

    await expect(retries.execute(fail)).rejects.toThrow('down');
    let release = (): void => undefined;
    const holding = limit.execute(() => new Promise<void>((resolve) => { release = resolve; }));
    await expect(limit.execute(() => 1)).rejects.toThrow();
    release();
    await holding;
    await bucket.execute(() => 1);
    await expect(bucket.execute(() => 1)).rejects.toThrow();
    expect(await substitute.execute(fail)).toBe('cached');

    expect(await series(registry, 'res_retries_total')).toEqual({ 'server=search': 2 });
    expect(await series(registry, 'res_rejections_total')).toEqual({ 'reason=bulkhead,server=search': 1, 'reason=rate_limit,server=search': 1 });
    expect(await series(registry, 'res_fallbacks_total')).toEqual({ 'server=search': 1 });
    expect(await series(registry, 'res_breaker_state')).toEqual({}); // no breaker here
  });

  it('a pipeline and a resilient() function: every policy inside, labelled with the breaker', async () => {
    const registry = new Registry();
    const policy = pipeline(fallback(null), circuitBreaker({ name: 'geo', failureThreshold: 5 }), retry({ maxAttempts: 2, baseDelay: 0 }), timeout(1_000));
    instrument(policy, { registry });
    expect(await policy.execute(fail)).toBeNull();
    expect(await series(registry, 'res_calls_total')).toEqual({ 'outcome=failure,server=geo': 1 });
    expect(await series(registry, 'res_retries_total')).toEqual({ 'server=geo': 1 });
    expect(await series(registry, 'res_fallbacks_total')).toEqual({ 'server=geo': 1 });

    const lookup = resilient({ name: 'lookup', maxAttempts: 1 })(async (id: string) => id);
    instrument(lookup, { registry });
    await lookup('x');
    expect(await sample(registry, 'res_calls_total', { server: 'lookup', outcome: 'success' })).toBe(1);
    lookup.breaker.dispose();
  });

  it('refuses a bare timeout and anything else with a clear error', () => {
    expect(() => instrument(timeout(10) as never)).toThrow(/TimeoutPolicy emits no events/);
    expect(() => instrument({} as never)).toThrow(/expected a ResilientClient/);
  });

  it('refuses `server` for a client and checks the prefix', () => {
    const registry = new Registry();
    expect(() => instrument(circuitBreaker(), { registry, prefix: '9bad' })).toThrow(/prefix must match/);
    expect(() => instrument(circuitBreaker(), { registry, server: '' })).toThrow(/non-empty/);
  });
});
