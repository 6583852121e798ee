import type { RetryBudget } from '../retry-budget/retry-budget.js';
import type { Backoff, Jitter } from './backoff.js';

/** Passed to `onRetry` and the `'retry'` event, before each wait. */
export interface RetryInfo<C = unknown> {
  /** The attempt that just failed (1-based); also the number of the retry about to happen. */
  attempt: number;
  /** Why it failed. */
  error: unknown;
  /** Ms about to be waited. */
  delay: number;
  /** The call's context (`execute`'s fourth argument), untouched; `undefined` when none. */
  context?: C | undefined;
}

/** Payload of the `'giveUp'` event: no attempt is left, or the error is not retried. */
export interface GiveUpInfo<C = unknown> {
  /** Attempts made, the first included. */
  attempts: number;
  /** The error rethrown to the caller. */
  error: unknown;
  /** Why retrying stopped. */
  reason: 'attempts' | 'not-retryable' | 'elapsed' | 'budget';
  /** The call's context, untouched; `undefined` when none. */
  context?: C | undefined;
}

/** Events of a retry policy. */
export interface RetryEvents<C = unknown> {
  retry: RetryInfo<C>;
  giveUp: GiveUpInfo<C>;
}

/** Options of {@link retry}. Every field is optional; defaults in brackets. */
export interface RetryOptions<C = unknown> {
  /**
   * Total attempts, **the first included**: `maxAttempts: 3` means one call and at
   * most two retries (cockatiel's `maxAttempts` counts retries only). [3]
   */
  maxAttempts?: number;
  /** `'fixed' | 'linear' | 'exponential'`, or `(n) => ms` for retry n (capped by `maxDelay`, then jittered). [`'exponential'`] */
  backoff?: Backoff;
  /** Ms, the first delay. [100] */
  baseDelay?: number;
  /** Growth of exponential backoff. [2] */
  factor?: number;
  /** Cap on a delay, before jitter; also caps a Retry-After. [30_000] */
  maxDelay?: number;
  /** `'none' | 'full' | 'equal' | 'decorrelated'`, drawn with `Math.random()`. [`'full'`] */
  jitter?: Jitter;
  /**
   * Which errors are retried. [every error except `BrokenCircuitError`,
   * `BulkheadRejectedError` and aborts] An aborted caller signal stops retrying
   * whatever this says.
   */
  retryOn?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait, e.g. to log. */
  onRetry?: (info: RetryInfo<C>) => void;
  /** Ms budget for all attempts and waits together; no attempt starts after it is spent. */
  maxElapsed?: number;
  /**
   * A {@link RetryBudget} shared with other policies calling the same dependency: every
   * call deposits, every retry withdraws, and a retry the budget refuses is not made
   * (the call rejects at once with its last error; `'giveUp'` says `reason: 'budget'`). [none]
   */
  budget?: RetryBudget;
}
