import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adaptiveLimit, aimdLimit, BulkheadRejectedError, Gradient2, pipeline, timeout, TimeoutError } from '../src/index.js';
import { ConnectionError, deferred, flush, rejectionOf, RetryAfterError, type Deferred } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `n` calls held in flight; returns their deferreds and results. */
function inFlight(policy: ReturnType<typeof adaptiveLimit>, n: number) {
  const held: Deferred<string>[] = [];
  const results: Promise<string>[] = [];
  for (let i = 0; i < n; i++) {
    const outcome = deferred<string>();
    held.push(outcome);
    results.push(policy.execute(() => outcome.promise));
  }
  return { held, results };
}

describe('adaptiveLimit: AIMD arithmetic', () => {
  it('a drop sets floor(0.9 x limit), at least min', async () => {
    const policy = adaptiveLimit({ algorithm: 'aimd', initial: 15, min: 12 });
    const { held, results } = inFlight(policy, 2);
    held[0]?.reject(new TimeoutError(100));
    await rejectionOf(results[0]!);
    expect(policy.limit).toBe(13); // floor(13.5)
    held[1]?.reject(new RetryAfterError(1_000));
    await rejectionOf(results[1]!);
    expect(policy.limit).toBe(12); // floor(11.7) = 11, raised to min
  });

  it('a success with at least half the limit in flight (itself included) adds 1; below half, nothing', async () => {
    const policy = adaptiveLimit({ algorithm: 'aimd', initial: 10 });
    const { held, results } = inFlight(policy, 5);
    held[0]?.resolve('a'); // 5 in flight when it ends: 5 >= 10 / 2
    await results[0];
    expect(policy.limit).toBe(11);
    held[1]?.resolve('b'); // 4 in flight: 4 < 11 / 2
    await results[1];
    expect(policy.limit).toBe(11);
    expect(policy.inFlight).toBe(3);
  });

  it('other errors are neither: the limit stays', async () => {
    const policy = adaptiveLimit({ algorithm: 'aimd', initial: 2 });
    const { held, results } = inFlight(policy, 2);
    held[0]?.reject(new ConnectionError('refused'));
    await rejectionOf(results[0]!);
    expect(policy.limit).toBe(2);
    expect(policy.stats()).toMatchObject({ successes: 0, drops: 0, inFlight: 1 });
  });

  it('never rises above max', async () => {
    const policy = adaptiveLimit({ algorithm: 'aimd', initial: 3, max: 3 });
    for (let i = 0; i < 5; i++) await policy.execute(async () => 1);
    expect(policy.limit).toBe(3);
  });

  it('aimdLimit is the same arithmetic as a pure function', () => {
    expect(aimdLimit(20, { rtt: 1, inFlight: 1, drop: true }, 1, 200)).toBe(18);
    expect(aimdLimit(1, { rtt: 1, inFlight: 1, drop: true }, 1, 200)).toBe(1);
    expect(aimdLimit(20, { rtt: 1, inFlight: 10, drop: false }, 1, 200)).toBe(21);
    expect(aimdLimit(20, { rtt: 1, inFlight: 9, drop: false }, 1, 200)).toBe(20);
    expect(aimdLimit(200, { rtt: 1, inFlight: 200, drop: false }, 1, 200)).toBe(200);
  });
});

describe('adaptiveLimit: a bulkhead whose limit moves', () => {
  it('over the limit and the queue: BulkheadRejectedError, and the limiter rejection is not a drop', async () => {
    const policy = adaptiveLimit({ algorithm: 'aimd', initial: 2, queue: 1 });
    const rejected = vi.fn();
    policy.on('rejected', rejected);
    const { held, results } = inFlight(policy, 3);
    expect(policy.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    const error = await rejectionOf(policy.execute(async () => 'x'));
    expect(error).toBeInstanceOf(BulkheadRejectedError);
    expect(rejected).toHaveBeenCalledWith({ limit: 2, queue: 1 });
    expect(policy.limit).toBe(2);
    held[0]?.resolve('a');
    await results[0];
    await flush();
    // The limit grew to 3 and the waiter got a slot.
    expect(policy.stats()).toMatchObject({ limit: 3, inFlight: 2, queued: 0, rejections: 1 });
    held[1]?.resolve('b');
    held[2]?.resolve('c');
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c']);
  });

  it('emits limit changes', async () => {
    const policy = adaptiveLimit({ algorithm: 'aimd', initial: 1 });
    const changes = vi.fn();
    policy.on('limit', changes);
    await policy.execute(async () => 1);
    expect(changes).toHaveBeenCalledWith({ limit: 2, previous: 1 });
  });

  it('a function that throws synchronously frees its slot at once: a drop when isDrop says so', async () => {
    const policy = adaptiveLimit({ algorithm: 'aimd', initial: 10 });
    const thrown = policy.execute(() => {
      throw new TimeoutError(5);
    });
    expect(policy.stats()).toMatchObject({ inFlight: 0, drops: 1, limit: 9 });
    expect(await rejectionOf(thrown)).toBeInstanceOf(TimeoutError);
    const { held, results } = inFlight(policy, 1);
    held[0]?.resolve('a');
    await expect(results[0]).resolves.toBe('a');
    expect(policy.inFlight).toBe(0);
  });

  it('a waiter whose caller aborts leaves the queue with the reason', async () => {
    const policy = adaptiveLimit({ initial: 1, queue: 1 });
    inFlight(policy, 1);
    const controller = new AbortController();
    const waiting = rejectionOf(policy.execute(async () => 1, controller.signal));
    controller.abort(new Error('left'));
    expect(((await waiting) as Error).message).toBe('left');
    expect(policy.stats().queued).toBe(0);
  });
});

describe('adaptiveLimit: in a pipeline', () => {
  it("an inner timeout's TimeoutError is a drop", async () => {
    const limiter = adaptiveLimit({ algorithm: 'aimd', initial: 30 });
    const policy = pipeline(limiter, timeout(50));
    const outcome = rejectionOf(policy.execute(() => new Promise(() => undefined)));
    await vi.advanceTimersByTimeAsync(50);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(limiter.limit).toBe(27);
    expect(limiter.stats()).toMatchObject({ drops: 1, inFlight: 0 });
  });
});

describe('adaptiveLimit: gradient2', () => {
  it('steady RTT at full load grows the limit by 0.2 x 4 per sample (limit x 1 + 4, smoothed)', () => {
    const g = new Gradient2(20, 1, 200);
    g.update({ rtt: 10, inFlight: 20, drop: false });
    expect(g.limit).toBeCloseTo(20.8, 10);
    g.update({ rtt: 10, inFlight: 20, drop: false });
    expect(g.limit).toBeCloseTo(21.6, 10);
  });

  it('a slower RTT than the long-term average shrinks it, by a gradient no lower than 0.5', () => {
    const g = new Gradient2(100, 1, 200);
    for (let i = 0; i < 10; i++) g.update({ rtt: 10, inFlight: 100, drop: false });
    const before = g.limit;
    g.update({ rtt: 1_000, inFlight: 200, drop: false });
    const long = g.longRtt;
    const gradient = Math.max(0.5, Math.min(1, long / 1_000));
    expect(gradient).toBe(0.5);
    expect(g.limit).toBeCloseTo(before * 0.8 + (before * gradient + 4) * 0.2, 10);
  });

  it('at less than half the limit in flight, the limit does not move', () => {
    const g = new Gradient2(20, 1, 200);
    g.update({ rtt: 10, inFlight: 9, drop: false });
    expect(g.limit).toBe(20);
  });

  it('the policy floors the estimate and stays within [min, max]', async () => {
    const policy = adaptiveLimit({ initial: 4, min: 2, max: 5 });
    const { held, results } = inFlight(policy, 4);
    for (const outcome of held) outcome.resolve('ok');
    await Promise.all(results);
    expect(policy.limit).toBe(5);
  });
});

describe('adaptiveLimit: validation', () => {
  it.each([
    [{ min: 0 }, RangeError, /min/],
    [{ initial: 300 }, RangeError, /initial/],
    [{ min: 5, initial: 4 }, RangeError, /initial/],
    [{ max: 10, min: 20 }, RangeError, /max/],
    [{ queue: -1 }, RangeError, /queue/],
    [{ algorithm: 'vegas' }, TypeError, /algorithm/],
    [{ isDrop: true }, TypeError, /isDrop/],
    [{ limit: 3 }, TypeError, /limit/],
  ])('rejects %j at construction', (options, type, message) => {
    expect(() => adaptiveLimit(options as never)).toThrow(type);
    expect(() => adaptiveLimit(options as never)).toThrow(message);
  });

  it('defaults: gradient2, 20 in [1, 200]', () => {
    expect(adaptiveLimit().limit).toBe(20);
    expect(adaptiveLimit({ max: 5 }).limit).toBe(5);
  });
});
