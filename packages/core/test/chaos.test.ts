import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chaos, pipeline, retry, type ChaosPolicy } from '../src/index.js';
import { flush, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const boom = new Error('injected');

/** Each chaos kind with stubbed random and spied generators. */
function kinds(random: () => number, extra: object = {}) {
  const error = vi.fn(() => boom);
  const ms = vi.fn(() => 100);
  const value = vi.fn(() => 'fake');
  const run = vi.fn();
  const policies: Record<string, ChaosPolicy> = {
    fault: chaos.fault({ error, random, ...extra }),
    latency: chaos.latency({ ms, random, ...extra }),
    outcome: chaos.outcome({ value, random, ...extra }),
    behavior: chaos.behavior({ run, random, ...extra }),
  };
  return { policies, generators: [error, ms, value, run] };
}

describe('chaos: injection threshold', () => {
  it.each(['fault', 'latency', 'outcome', 'behavior'])('%s at the default rate 0.001 injects at random() = 0.0005, not at 0.001', async (kind) => {
    const injecting = kinds(() => 0.0005).policies[kind]!;
    const quiet = kinds(() => 0.001).policies[kind]!;
    const fn = vi.fn(async () => 'real');
    await expect(quiet.execute(fn)).resolves.toBe('real');
    expect(quiet.stats()).toEqual({ calls: 1, injected: 0 });
    const outcome = injecting.execute(fn).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    await outcome;
    expect(injecting.stats()).toEqual({ calls: 1, injected: 1 });
  });

  it('a rate function gets the context', async () => {
    const rate = vi.fn(() => 1);
    const policy = chaos.fault({ rate, error: boom, random: () => 0.99 });
    await rejectionOf(policy.execute(async () => 1, undefined, 3));
    expect(rate).toHaveBeenCalledWith(expect.objectContaining({ attempt: 3 }));
  });
});

describe('chaos: disabled', () => {
  it.each([false, () => false])('enabled %s calls neither rate, random() nor a generator', async (enabled) => {
    const random = vi.fn(() => 0);
    const rate = vi.fn(() => 1);
    const { policies, generators } = kinds(random, { enabled, rate });
    const fn = vi.fn(async () => 'real');
    for (const policy of Object.values(policies)) await expect(policy.execute(fn)).resolves.toBe('real');
    expect(fn).toHaveBeenCalledTimes(4);
    expect(random).not.toHaveBeenCalled();
    expect(rate).not.toHaveBeenCalled();
    for (const generator of generators) expect(generator).not.toHaveBeenCalled();
  });
});

describe('chaos: what each kind does', () => {
  it('fault rejects with the error without calling fn', async () => {
    const fn = vi.fn(async () => 1);
    expect(await rejectionOf(chaos.fault({ rate: 1, error: boom }).execute(fn))).toBe(boom);
    expect(fn).not.toHaveBeenCalled();
  });

  it('outcome resolves with the value without calling fn; a null value is a value', async () => {
    const fn = vi.fn(async () => 'real');
    await expect(chaos.outcome({ rate: 1, value: 'fake' }).execute(fn)).resolves.toBe('fake');
    await expect(chaos.outcome({ rate: 1, value: null }).execute(fn)).resolves.toBeNull();
    expect(fn).not.toHaveBeenCalled();
  });

  it('behavior runs run(ctx), then fn', async () => {
    const order: string[] = [];
    const run = vi.fn(async () => {
      order.push('run');
    });
    const result = await chaos.behavior({ rate: 1, run }).execute(async () => {
      order.push('fn');
      return 1;
    });
    expect(result).toBe(1);
    expect(order).toEqual(['run', 'fn']);
  });

  it('latency waits ms, then calls fn', async () => {
    const fn = vi.fn(async () => 'late');
    const result = chaos.latency({ rate: 1, ms: 250 }).execute(fn);
    await vi.advanceTimersByTimeAsync(249);
    expect(fn).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('late');
  });

  it("an abort during latency's wait rejects with the reason without calling fn", async () => {
    const fn = vi.fn(async () => 'late');
    const controller = new AbortController();
    const result = rejectionOf(chaos.latency({ rate: 1, ms: 250 }).execute(fn, controller.signal));
    await flush();
    const reason = new Error('gone');
    controller.abort(reason);
    expect(await result).toBe(reason);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fn).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("emits 'injected' and composes under a retry", async () => {
    let draws = [0, 0.5];
    const policy = chaos.fault({ rate: 0.1, error: boom, random: () => draws.shift() ?? 1 });
    const injected = vi.fn();
    policy.on('injected', injected);
    const result = pipeline(retry({ baseDelay: 1, jitter: 'none' }), policy).execute(async () => 'real');
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('real');
    expect(injected).toHaveBeenCalledWith({ kind: 'fault', attempt: 1 });
    draws = [];
  });
});

describe('chaos: validation', () => {
  it.each([
    [() => chaos.fault({ rate: 1.5, error: boom }), RangeError, /rate/],
    [() => chaos.fault({ rate: -0.1, error: boom }), RangeError, /rate/],
    [() => chaos.fault({} as never), TypeError, /error/],
    [() => chaos.latency({ ms: -5 }), RangeError, /ms/],
    [() => chaos.behavior({ run: 'x' as never }), TypeError, /run/],
    [() => chaos.outcome({ value: 1, enabled: 'yes' as never }), TypeError, /enabled/],
    [() => chaos.fault({ error: boom, rat: 0.5 } as never), TypeError, /rat/],
  ])('%s throws at construction', (make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });
});
