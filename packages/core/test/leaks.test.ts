import { getEventListeners, setMaxListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  bulkhead,
  circuitBreaker,
  Emitter,
  fallback,
  neverAbortedSignal,
  pipeline,
  rateLimit,
  retry,
  timeout,
  type ExecutionContext,
} from '../src/index.js';
import { ConnectionError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Every policy at once, in the recommended order, around one long-lived caller signal. */
function everything() {
  const breaker = circuitBreaker({ failureThreshold: 1_000 });
  const policy = pipeline(
    fallback('fallback'),
    breaker,
    bulkhead({ limit: 4, queue: 100 }),
    rateLimit({ tokens: 10, interval: 100, maxWait: 10_000 }),
    retry({ maxAttempts: 3, baseDelay: 10 }),
    timeout(1_000),
  );
  return { breaker, policy };
}

describe('no listeners or timers left behind', () => {
  it('after many calls that succeed, fail, retry and time out', async () => {
    const { breaker, policy } = everything();
    const controller = new AbortController();
    setMaxListeners(100, controller.signal); // many calls share one signal on purpose
    let n = 0;
    const calls = Array.from({ length: 60 }, () =>
      policy.execute(() => {
        const kind = n++ % 4;
        if (kind === 0) return 'ok';
        if (kind === 1) return Promise.reject(new ConnectionError('down'));
        if (kind === 2) return new Promise<never>(() => undefined); // times out
        return new Promise<string>((resolve) => {
          setTimeout(() => {
            resolve('slow ok');
          }, 50);
        });
      }, controller.signal),
    );
    await vi.runAllTimersAsync();
    const results = await Promise.all(calls);
    expect(new Set(results)).toEqual(new Set(['ok', 'fallback', 'slow ok']));
    expect(breaker.state).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('after the caller aborts calls caught in every kind of wait', async () => {
    const controller = new AbortController();
    setMaxListeners(100, controller.signal); // many calls share one signal on purpose
    const { signal } = controller;
    // Honours its signal, as a well-behaved protected function does.
    const untilAborted = (ctx: ExecutionContext) =>
      new Promise<never>((_, reject) => {
        ctx.signal.addEventListener(
          'abort',
          () => {
            reject(ctx.signal.reason as unknown);
          },
          { once: true },
        );
      });
    const sleeping = retry({ baseDelay: 60_000, jitter: 'none' });
    const limited = rateLimit({ tokens: 1, interval: 60_000, maxWait: Infinity });
    const pool = bulkhead({ limit: 1, queue: 10 });
    const deadline = timeout(60_000);
    const calls = [
      ...Array.from({ length: 3 }, () => sleeping.execute(() => Promise.reject(new ConnectionError('down')), signal)),
      ...Array.from({ length: 3 }, () => limited.execute(untilAborted, signal)),
      ...Array.from({ length: 3 }, () => pool.execute(untilAborted, signal)),
      ...Array.from({ length: 3 }, () => deadline.execute(untilAborted, signal)),
    ].map((call) => call.catch((error: unknown) => error));
    await vi.advanceTimersByTimeAsync(1_000);
    expect([pool.active, pool.queued]).toEqual([1, 2]);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    controller.abort('shutdown');
    const outcomes = await Promise.all(calls);
    expect(outcomes).toEqual(Array.from({ length: 12 }, () => 'shutdown'));
    expect([pool.active, pool.queued]).toEqual([0, 0]);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('calls without a caller signal add no listener to the shared never-aborted signal', async () => {
    // Twenty concurrent waits must not trip Node's "possible EventTarget memory leak" warning.
    const sleeping = retry({ maxAttempts: 2, baseDelay: 100, jitter: 'none' });
    const pool = bulkhead({ limit: 1, queue: 50 });
    const limited = rateLimit({ tokens: 1, interval: 10, maxWait: 1_000 });
    const calls = [
      ...Array.from({ length: 20 }, () => sleeping.execute(({ attempt }) => (attempt === 1 ? Promise.reject(new ConnectionError('x')) : attempt))),
      ...Array.from({ length: 20 }, () => pool.execute(() => new Promise((resolve) => setTimeout(resolve, 1)))),
      ...Array.from({ length: 20 }, () => limited.execute(() => 'ok')),
    ];
    await vi.advanceTimersByTimeAsync(0);
    expect(pool.queued).toBe(19);
    expect(getEventListeners(neverAbortedSignal, 'abort')).toHaveLength(0);
    await vi.runAllTimersAsync();
    await Promise.all(calls);
  });

  it('event subscriptions go away when unsubscribed', () => {
    const events = new Emitter<{ tick: number }>();
    const stops = Array.from({ length: 5 }, () => events.on('tick', () => undefined));
    expect(events.count('tick')).toBe(5);
    for (const stop of stops) stop();
    expect(events.count('tick')).toBe(0);
    expect(events.has('tick')).toBe(false);
  });
});
