import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker, type BreakerSnapshot, type CircuitBreakerOptions } from '../src/index.js';
import { ConnectionError, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 5_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const fail = (): Promise<never> => Promise.reject(new ConnectionError('down'));

/** What a process would write to disk and read back. */
function throughJson(snapshot: BreakerSnapshot): BreakerSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as BreakerSnapshot;
}

function restored(options: CircuitBreakerOptions, snapshot: BreakerSnapshot) {
  return circuitBreaker({ ...options, initialState: throughJson(snapshot) });
}

describe('toJSON() / initialState', () => {
  it('is JSON-safe and dates openedAt in epoch ms', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    await rejectionOf(breaker.execute(fail));
    const snapshot = breaker.toJSON();
    expect(throughJson(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ state: 'open', openedAt: 5_000_000 });
    expect(JSON.stringify(breaker)).toBe(JSON.stringify(snapshot)); // JSON.stringify uses toJSON
  });

  it('round-trips a closed breaker with its consecutive count and stats', async () => {
    const options = { failureThreshold: 3 };
    const breaker = circuitBreaker(options);
    await breaker.execute(() => 1);
    await rejectionOf(breaker.execute(fail));
    await rejectionOf(breaker.execute(fail));
    const copy = restored(options, breaker.toJSON());
    expect(copy.stats()).toEqual(breaker.stats());
    expect(copy.toJSON()).toEqual(breaker.toJSON());
    await rejectionOf(copy.execute(fail)); // the third in a row
    expect(copy.state).toBe('open');
  });

  it('restores an open breaker that stays open for the rest of its recoveryTimeout', async () => {
    const options = { failureThreshold: 1, recoveryTimeout: 10_000 };
    const breaker = circuitBreaker(options);
    await rejectionOf(breaker.execute(fail));
    const snapshot = breaker.toJSON();
    vi.advanceTimersByTime(4_000);
    breaker.dispose();
    const copy = restored(options, snapshot);
    expect(copy.state).toBe('open');
    const error = await rejectionOf(copy.execute(() => 'x'));
    expect(error).toMatchObject({ retryAfter: 6_000 });
    vi.advanceTimersByTime(6_000);
    expect(copy.state).toBe('half-open');
  });

  it('a breaker restored after its recoveryTimeout reads half-open and admits a trial', async () => {
    const options = { failureThreshold: 1, recoveryTimeout: 10_000 };
    const breaker = circuitBreaker(options);
    await rejectionOf(breaker.execute(fail));
    const snapshot = breaker.toJSON();
    breaker.dispose();
    vi.setSystemTime(Date.now() + 60_000); // the process was down for a minute
    const copy = restored(options, snapshot);
    expect(copy.state).toBe('half-open');
    expect(copy.stats().openedAt).toBe(5_000_000);
    await expect(copy.execute(() => 'trial')).resolves.toBe('trial');
    expect(copy.state).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('round-trips isolated (held until reset) and half-open', async () => {
    const isolated = circuitBreaker();
    isolated.isolate();
    expect(restored({}, isolated.toJSON()).state).toBe('isolated');

    const options = { failureThreshold: 1, recoveryTimeout: 100 };
    const halfOpen = circuitBreaker(options);
    await rejectionOf(halfOpen.execute(fail));
    vi.advanceTimersByTime(100);
    const snapshot = halfOpen.toJSON();
    expect(snapshot).toMatchObject({ state: 'half-open', openedAt: 5_000_000 });
    expect(restored(options, snapshot).state).toBe('half-open');
  });

  it('round-trips a count window (newest outcomes kept)', async () => {
    const options = { window: { size: 4, failureRate: 0.5 } };
    const breaker = circuitBreaker(options);
    await rejectionOf(breaker.execute(fail));
    await rejectionOf(breaker.execute(fail));
    for (let i = 0; i < 3; i++) await breaker.execute(() => 'ok');
    const copy = restored(options, breaker.toJSON());
    expect(copy.toJSON().strategy).toEqual({ kind: 'count-window', outcomes: [1, 0, 0, 0] });
    await rejectionOf(copy.execute(fail)); // 0 0 0 1 -> 1/4
    expect(copy.state).toBe('closed');
    await rejectionOf(copy.execute(fail)); // 0 0 1 1 -> 2/4
    expect(copy.state).toBe('open');
  });

  it('round-trips a time window by time: outcomes keep their age', async () => {
    const options = { window: { duration: 1_000, failureRate: 1, minimumCalls: 3 } };
    const breaker = circuitBreaker(options);
    await rejectionOf(breaker.execute(fail));
    await rejectionOf(breaker.execute(fail));
    const snapshot = breaker.toJSON();

    const soon = restored(options, snapshot);
    await rejectionOf(soon.execute(fail));
    expect(soon.state).toBe('open');

    vi.setSystemTime(Date.now() + 1_000);
    const late = restored(options, snapshot);
    await rejectionOf(late.execute(fail));
    expect(late.state).toBe('closed'); // the restored failures are a second old: gone
  });

  it('ignores a snapshot of another strategy (counts start empty)', async () => {
    const consecutive = circuitBreaker({ failureThreshold: 10 });
    await rejectionOf(consecutive.execute(fail));
    const copy = restored({ window: { size: 2, failureRate: 1 } }, consecutive.toJSON());
    await rejectionOf(copy.execute(fail));
    expect(copy.state).toBe('closed'); // 1 call < minimumCalls 2
  });
});
