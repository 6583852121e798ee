import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResilienceError, timeout, TimeoutError, type ExecutionContext } from '../src/index.js';
import { deferred, flush, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A function that ignores its signal and never settles. */
const hang = (): Promise<never> => new Promise<never>(() => undefined);

describe("timeout: 'aggressive' (default)", () => {
  it('rejects with TimeoutError exactly at the deadline even if fn ignores the signal', async () => {
    const policy = timeout(500);
    expect(policy.strategy).toBe('aggressive');
    const outcome = rejectionOf(policy.execute(hang));
    await vi.advanceTimersByTimeAsync(499);
    let settled = false;
    void outcome.then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ResilienceError);
    expect(error).toMatchObject({ name: 'TimeoutError', timeout: 500 });
    expect((error as Error).message).toContain('500');
  });

  it('aborts ctx.signal at the deadline with the TimeoutError as reason', async () => {
    let context: ExecutionContext | undefined;
    const outcome = rejectionOf(
      timeout(100).execute((ctx) => {
        context = ctx;
        expect(ctx.signal.aborted).toBe(false);
        return hang();
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    const error = await outcome;
    expect(context?.signal.aborted).toBe(true);
    expect(context?.signal.reason).toBe(error);
  });

  it('passes the attempt number through', async () => {
    const fn = vi.fn((ctx: ExecutionContext) => ctx.attempt);
    await expect(timeout(100).execute(fn, undefined, 4)).resolves.toBe(4);
  });

  it('a late outcome after the deadline is ignored', async () => {
    const late = deferred<string>();
    const outcome = rejectionOf(timeout(100).execute(() => late.promise));
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    late.reject(new Error('too late to matter'));
    await flush();
  });
});

describe("timeout: 'cooperative'", () => {
  it('only aborts the signal at the deadline and waits for fn to settle', async () => {
    const policy = timeout({ ms: 100, strategy: 'cooperative' });
    let aborted: unknown;
    const result = policy.execute(({ signal }) => {
      return new Promise<string>((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = signal.reason;
          setTimeout(() => {
            resolve('cleaned up');
          }, 50);
        });
      });
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(aborted).toBeInstanceOf(TimeoutError);
    expect(aborted).toMatchObject({ timeout: 100 });
    await vi.advanceTimersByTimeAsync(50);
    await expect(result).resolves.toBe('cleaned up');
  });

  it('rejects with whatever fn rejects with, e.g. the signal reason', async () => {
    const outcome = rejectionOf(
      timeout({ ms: 100, strategy: 'cooperative' }).execute(({ signal }) => {
        return new Promise<never>((_, reject) => {
          signal.addEventListener('abort', () => {
            reject(signal.reason as unknown);
          });
        });
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toBeInstanceOf(TimeoutError);
  });
});

describe('timeout timers and signals', () => {
  it('clears its timer when fn settles first, either way', async () => {
    const policy = timeout(10_000);
    await expect(policy.execute(() => Promise.resolve('fast'))).resolves.toBe('fast');
    expect(vi.getTimerCount()).toBe(0);
    await expect(policy.execute(() => Promise.reject(new Error('fast failure')))).rejects.toThrow('fast failure');
    expect(vi.getTimerCount()).toBe(0);
    const thrown = new Error('sync');
    await expect(
      policy.execute(() => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once with the caller's abort reason, aborting ctx.signal with it", async () => {
    const controller = new AbortController();
    let context: ExecutionContext | undefined;
    const outcome = rejectionOf(
      timeout(10_000).execute((ctx) => {
        context = ctx;
        return hang();
      }, controller.signal),
    );
    await flush();
    controller.abort('caller left');
    expect(await outcome).toBe('caller left');
    expect(context?.signal.reason).toBe('caller left');
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it("a cooperative timeout passes the caller's abort to fn and waits for it", async () => {
    const controller = new AbortController();
    const result = timeout({ ms: 10_000, strategy: 'cooperative' }).execute(
      ({ signal }) =>
        new Promise<string>((resolve) => {
          signal.addEventListener('abort', () => {
            resolve(`saw ${String(signal.reason)}`);
          });
        }),
      controller.signal,
    );
    controller.abort('stop');
    await expect(result).resolves.toBe('saw stop');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not call fn when the caller signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort('already');
    const fn = vi.fn(hang);
    await expect(timeout(100).execute(fn, controller.signal)).rejects.toBe('already');
    expect(fn).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('removes its listener from the caller signal when fn settles', async () => {
    const controller = new AbortController();
    await timeout(100).execute(() => 'ok', controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('accepts ms or { ms, strategy } and exposes both', () => {
    expect(timeout(250)).toMatchObject({ ms: 250, strategy: 'aggressive' });
    expect(timeout({ ms: 250, strategy: 'cooperative' })).toMatchObject({ ms: 250, strategy: 'cooperative' });
  });
});
