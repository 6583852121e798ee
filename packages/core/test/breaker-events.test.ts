import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker, type CircuitBreaker } from '../src/index.js';
import { ConnectionError, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const fail = (): Promise<never> => Promise.reject(new ConnectionError('down'));

/** Records every event of a breaker, in order, as compact tuples. */
function record(breaker: CircuitBreaker): { log: unknown[]; stop: () => void } {
  const log: unknown[] = [];
  const stops = [
    breaker.on('stateChange', (e) => log.push(['stateChange', e.name, e.from, e.to, e.at])),
    breaker.on('success', (e) => log.push(['success', e.name, e.state])),
    breaker.on('failure', (e) => log.push(['failure', e.name, e.state, (e.error as Error).message])),
    breaker.on('rejected', (e) => log.push(['rejected', e.name, e.state, e.retryAfter])),
  ];
  return {
    log,
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}

describe('breaker events', () => {
  it('reports a full cycle in order: failures, open, rejection, half-open, success, closed', async () => {
    const breaker = circuitBreaker({ name: 'akosha', failureThreshold: 2, recoveryTimeout: 100 });
    const { log } = record(breaker);
    const t0 = Date.now();
    await rejectionOf(breaker.execute(fail));
    await rejectionOf(breaker.execute(fail));
    vi.advanceTimersByTime(40);
    await rejectionOf(breaker.execute(() => 'x'));
    vi.advanceTimersByTime(60);
    await breaker.execute(() => 'x');
    expect(log).toEqual([
      ['failure', 'akosha', 'closed', 'down'],
      ['failure', 'akosha', 'closed', 'down'],
      ['stateChange', 'akosha', 'closed', 'open', t0],
      ['rejected', 'akosha', 'open', 60],
      ['stateChange', 'akosha', 'open', 'half-open', t0 + 100],
      ['success', 'akosha', 'half-open'],
      ['stateChange', 'akosha', 'half-open', 'closed', t0 + 100],
    ]);
  });

  it('reports a failed trial as failure, then half-open -> open', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 100 });
    await rejectionOf(breaker.execute(fail));
    vi.advanceTimersByTime(100);
    const { log } = record(breaker);
    await rejectionOf(breaker.execute(fail));
    expect(log).toEqual([
      ['failure', 'default', 'half-open', 'down'],
      ['stateChange', 'default', 'half-open', 'open', Date.now()],
    ]);
  });

  it('emits the lazy half-open transition when the state is read', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 100 });
    await rejectionOf(breaker.execute(fail));
    const { log } = record(breaker);
    vi.setSystemTime(Date.now() + 500); // clock moves, no timer runs
    expect(log).toEqual([]);
    expect(breaker.state).toBe('half-open');
    expect(log).toEqual([['stateChange', 'default', 'open', 'half-open', Date.now()]]);
  });

  it('reports isolate() and reset() as state changes, and an isolated rejection with retryAfter Infinity', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 100 });
    const { log } = record(breaker);
    breaker.isolate();
    await rejectionOf(breaker.execute(() => 'x'));
    breaker.reset();
    breaker.reset(); // already closed: nothing to report
    const at = Date.now();
    expect(log).toEqual([
      ['stateChange', 'default', 'closed', 'isolated', at],
      ['rejected', 'default', 'isolated', Infinity],
      ['stateChange', 'default', 'isolated', 'closed', at],
    ]);
  });

  it('reports an error isFailure rejects as a success', async () => {
    const breaker = circuitBreaker({ isFailure: () => false });
    const { log } = record(breaker);
    await rejectionOf(breaker.execute(fail));
    expect(log).toEqual([['success', 'default', 'closed']]);
  });

  it('stops calling a listener once unsubscribed; unsubscribing twice is harmless', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const kept = vi.fn();
    const dropped = vi.fn();
    breaker.on('failure', kept);
    const unsubscribe = breaker.on('failure', dropped);
    await rejectionOf(breaker.execute(fail));
    unsubscribe();
    unsubscribe();
    breaker.reset();
    await rejectionOf(breaker.execute(fail));
    expect(dropped).toHaveBeenCalledTimes(1);
    expect(kept).toHaveBeenCalledTimes(2);
  });

  it('a listener unsubscribing itself during an emit does not make others miss the event', async () => {
    const breaker = circuitBreaker();
    const second = vi.fn();
    const unsubscribe = breaker.on('success', () => {
      unsubscribe();
    });
    breaker.on('success', second);
    await breaker.execute(() => 1);
    await breaker.execute(() => 2);
    expect(second).toHaveBeenCalledTimes(2);
  });
});

describe('breaker stats()', () => {
  it('counts failures, successes, rejections and the current run of failures', async () => {
    const breaker = circuitBreaker({ failureThreshold: 3, recoveryTimeout: 100 });
    await breaker.execute(() => 1);
    await rejectionOf(breaker.execute(fail));
    await breaker.execute(() => 2);
    for (let i = 0; i < 3; i++) await rejectionOf(breaker.execute(fail));
    const openedAt = Date.now();
    await rejectionOf(breaker.execute(() => 3));
    await rejectionOf(breaker.execute(() => 4));
    expect(breaker.stats()).toEqual({
      state: 'open',
      failures: 4,
      successes: 2,
      rejections: 2,
      consecutiveFailures: 3,
      openedAt,
    });
    vi.advanceTimersByTime(100);
    expect(breaker.stats()).toMatchObject({ state: 'half-open', openedAt });
    await breaker.execute(() => 5);
    const closed = breaker.stats();
    expect(closed).toEqual({ state: 'closed', failures: 4, successes: 3, rejections: 2, consecutiveFailures: 0 });
    expect('openedAt' in closed).toBe(false);
  });

  it('counts from the last reset()', async () => {
    const breaker = circuitBreaker();
    await breaker.execute(() => 1);
    await rejectionOf(breaker.execute(fail));
    breaker.reset();
    await breaker.execute(() => 2);
    expect(breaker.stats()).toEqual({ state: 'closed', failures: 0, successes: 1, rejections: 0, consecutiveFailures: 0 });
  });

  it('exposes its settings: name, failureThreshold, recoveryTimeout, with the documented defaults', () => {
    const breaker = circuitBreaker();
    expect(breaker.name).toBe('default');
    expect(breaker.failureThreshold).toBe(5);
    expect(breaker.recoveryTimeout).toBe(60_000);
  });

  it('opens after 5 consecutive failures by default and stays open 60 s', async () => {
    const breaker = circuitBreaker();
    for (let i = 0; i < 4; i++) await rejectionOf(breaker.execute(fail));
    expect(breaker.state).toBe('closed');
    await rejectionOf(breaker.execute(fail));
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(59_999);
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(breaker.state).toBe('half-open');
  });
});
