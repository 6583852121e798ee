import { describe, expect, it, vi } from 'vitest';
import { fallback, withFallback } from '../src/index.js';
import { ConnectionError, ValueError } from './helpers.js';

const primaryFails = (): Promise<string> => Promise.reject(new ConnectionError('primary down'));

describe('withFallback: the Python suite, ported', () => {
  // Ports test_fallback_on_exception.
  it('returns the async fallback value when the primary fails', async () => {
    const backup = vi.fn(async () => 'fallback');
    const call = withFallback(backup)(primaryFails);
    await expect(call()).resolves.toBe('fallback');
    expect(backup).toHaveBeenCalledWith(expect.any(ConnectionError));
  });

  // Ports test_fallback_not_called_on_success.
  it("returns the primary's value and never calls the fallback on success", async () => {
    const backup = vi.fn(() => 'fallback');
    const call = withFallback(backup)(async () => 'primary');
    await expect(call()).resolves.toBe('primary');
    expect(backup).not.toHaveBeenCalled();
  });

  // Ports test_fallback_with_sync_fallback_function.
  it('accepts a synchronous fallback function', async () => {
    const call = withFallback(() => 'sync fallback')(primaryFails);
    await expect(call()).resolves.toBe('sync fallback');
  });

  // Ports test_fallback_only_for_specified_exceptions.
  it('lets errors that `on` rejects propagate unchanged', async () => {
    const backup = vi.fn(() => 'fallback');
    const valueError = new ValueError('not handled');
    const call = withFallback(backup, { on: (e) => e instanceof ConnectionError })(() => Promise.reject(valueError));
    await expect(call()).rejects.toBe(valueError);
    expect(backup).not.toHaveBeenCalled();
  });
});

describe('withFallback as a wrapper', () => {
  it("calls a fallback function with the error, then the call's own arguments", async () => {
    const backup = vi.fn((_error: unknown, sku: string, qty: number) => `cached ${sku} x${qty}`);
    const price = withFallback(backup)(async (_sku: string, _qty: number): Promise<string> => {
      throw new ConnectionError('pricing down');
    });
    await expect(price('A-1', 3)).resolves.toBe('cached A-1 x3');
    expect(backup).toHaveBeenCalledWith(expect.any(ConnectionError), 'A-1', 3);
  });

  it('returns a plain value as it is', async () => {
    const call = withFallback([])(primaryFails);
    await expect(call()).resolves.toEqual([]);
  });

  it('catches a synchronous throw of the wrapped function', async () => {
    const call = withFallback('safe')(() => {
      throw new ConnectionError('sync');
    });
    await expect(call()).resolves.toBe('safe');
  });

  it('keeps the name of the wrapped function', () => {
    async function loadPrices(): Promise<number[]> {
      return [1];
    }
    expect(withFallback([])(loadPrices).name).toBe('loadPrices');
  });

  it('a fallback function that throws rejects with its own error', async () => {
    const secondary = new Error('fallback failed too');
    const call = withFallback(() => {
      throw secondary;
    })(primaryFails);
    await expect(call()).rejects.toBe(secondary);
  });
});

describe('fallback policy', () => {
  it('resolves with a value on error', async () => {
    await expect(fallback('default').execute(primaryFails)).resolves.toBe('default');
  });

  it('calls a (sync or async) function with the error', async () => {
    const fromError = vi.fn((error: unknown) => `recovered from ${(error as Error).message}`);
    await expect(fallback(fromError).execute(primaryFails)).resolves.toBe('recovered from primary down');
    await expect(fallback(async () => 'async value').execute(primaryFails)).resolves.toBe('async value');
  });

  it('is not called on success', async () => {
    const fromError = vi.fn(() => 'no');
    await expect(fallback(fromError).execute(() => 'yes')).resolves.toBe('yes');
    expect(fromError).not.toHaveBeenCalled();
  });

  it('handles only the errors `on` accepts', async () => {
    const policy = fallback('cached', { on: (e) => e instanceof ConnectionError });
    await expect(policy.execute(primaryFails)).resolves.toBe('cached');
    const valueError = new ValueError('bad');
    await expect(policy.execute(() => Promise.reject(valueError))).rejects.toBe(valueError);
  });

  it("emits 'fallback' with the error it replaced", async () => {
    const policy = fallback(0);
    const listener = vi.fn();
    const unsubscribe = policy.on('fallback', listener);
    await policy.execute(primaryFails);
    await policy.execute(() => 1);
    unsubscribe();
    await policy.execute(primaryFails);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ error: expect.any(ConnectionError) as unknown });
  });

  it('passes the signal and attempt through', async () => {
    const controller = new AbortController();
    const fn = vi.fn(() => 'ok');
    await fallback(null).execute(fn, controller.signal, 2);
    expect(fn).toHaveBeenCalledWith({ signal: controller.signal, attempt: 2 });
  });
});
