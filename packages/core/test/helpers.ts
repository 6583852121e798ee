/**
 * Small fixtures shared by the core tests: error kinds that stand for the Python
 * suite's ConnectionError / ValueError, a deferred promise, and scripted functions.
 */
import { vi } from 'vitest';
import type { ExecutionContext } from '../src/index.js';

/** A transient failure of the dependency (Python's ConnectionError). */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

/** A caller's mistake the dependency reports (Python's ValueError). */
export class ValueError extends Error {
  override readonly name = 'ValueError';
}

/** An error carrying a Retry-After, in ms. */
export class RetryAfterError extends Error {
  override readonly name = 'RetryAfterError';
  constructor(readonly retryAfter: number) {
    super(`retry after ${retryAfter} ms`);
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A promise settled from outside, to hold a call in flight. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Rejects `times` times with a fresh ConnectionError, then resolves with `value`. */
export function failing<T>(times: number, value: T) {
  let calls = 0;
  return vi.fn(async (_context?: ExecutionContext): Promise<T> => {
    calls++;
    if (calls <= times) throw new ConnectionError(`failure ${calls}`);
    return value;
  });
}

/** Always rejects with a fresh ConnectionError. */
export function alwaysFailing() {
  return vi.fn(async (): Promise<never> => {
    throw new ConnectionError('down');
  });
}

/** Lets pending promise callbacks run, without moving the fake clock. */
export async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

/** The rejection of a promise, or a failure if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
