import { BrokenCircuitError, BulkheadRejectedError } from '../errors.js';
import { Emitter, type Unsubscribe } from '../common/events.js';
import { abortReason, isAbortError, neverAbortedSignal } from '../common/signal.js';
import { sleep } from '../common/sleep.js';
import type { Operation, Policy } from '../policy.js';
import { retryDelay } from './backoff.js';
import { retrySettings, type RetrySettings } from './options.js';
import type { GiveUpInfo, RetryEvents, RetryOptions } from './types.js';

/** Package-private (not exported from the index): the start of a call's budget, as `execute` takes it. */
export let retryStart: <C>(policy: RetryPolicy<C>) => number;
/** Package-private: what `execute` does after attempt 1 failed with `error` (waits, retries or rethrows). */
export let retryAfterFirst: <T, C>(
  policy: RetryPolicy<C>,
  error: unknown,
  fn: Operation<T>,
  signal: AbortSignal,
  started: number,
  context: C | undefined,
) => Promise<T>;

/**
 * Runs a function again when it fails, waiting between attempts.
 *
 * @example
 * const policy = retry({ maxAttempts: 3, backoff: 'exponential', baseDelay: 200 });
 * const body = await policy.execute(({ signal }) => fetch(url, { signal }).then((r) => r.json()));
 */
export class RetryPolicy<C = unknown> implements Policy<C> {
  readonly #settings: RetrySettings<C>;
  readonly #events = new Emitter<RetryEvents<C>>();

  constructor(options: RetryOptions<C> = {}) {
    this.#settings = retrySettings(options);
  }

  /** Total attempts, the first included. */
  get maxAttempts(): number {
    return this.#settings.maxAttempts;
  }

  /**
   * Runs `fn` until it succeeds, an error is not retried, or attempts (or the
   * `maxElapsed` budget) run out; then rethrows the last error unchanged.
   * Aborting `signal` ends a wait at once and rejects with the abort reason.
   * `context` reaches this call's `retry` and `giveUp` events and `onRetry`.
   */
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, _attempt?: number, context?: C): Promise<T> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const started = this.#start();
    let first: T | PromiseLike<T>;
    try {
      first = fn({ signal, attempt: 1 });
    } catch (error: unknown) {
      return this.#afterFirst(error, fn, signal, started, context);
    }
    // Not an async method: the success path is `fn`'s promise and one `.then` that only
    // a failure runs (an async body awaiting `fn` costs a second promise layer).
    return Promise.resolve(first).then(undefined, (error: unknown) => this.#afterFirst(error, fn, signal, started, context));
  }

  static {
    // Package-private, for pipeline's fused breaker+retry layer, which runs attempt 1
    // itself (one `.then` on the success path) and hands a failure to the same continuation.
    retryStart = (policy) => policy.#start();
    retryAfterFirst = (policy, error, fn, signal, started, context) => policy.#afterFirst(error, fn, signal, started, context);
  }

  /** The start of a call: its first attempt deposits in the retry budget, and the `maxElapsed` clock starts (0 without one). */
  #start(): number {
    this.#settings.budget?.deposit();
    return this.#settings.maxElapsed === undefined ? 0 : Date.now();
  }

  /** The rest of a call after its first attempt failed with `error`: waits, retries, or rethrows. */
  async #afterFirst<T>(error: unknown, fn: Operation<T>, signal: AbortSignal, started: number, context: C | undefined): Promise<T> {
    const settings = this.#settings;
    let previousDelay = settings.baseDelay;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortReason(signal);
      const delay = this.#delayBefore(attempt, error, previousDelay, started, context);
      if (delay === undefined) throw error;
      previousDelay = delay;
      const info = { attempt, error, delay, context };
      settings.onRetry?.(info);
      this.#events.emit('retry', info);
      await sleep(delay, signal);
      try {
        return await fn({ signal, attempt: attempt + 1 });
      } catch (next: unknown) {
        error = next;
      }
    }
  }

  /** Subscribes to `'retry' | 'giveUp'`; returns the unsubscribe. */
  on<K extends keyof RetryEvents<C>>(event: K, listener: (payload: RetryEvents<C>[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** The wait before the next attempt, or undefined to give up (reported as `'giveUp'`). */
  #delayBefore(attempt: number, error: unknown, previous: number, started: number, context: C | undefined): number | undefined {
    const settings = this.#settings;
    if (!this.#retryable(error, attempt)) {
      this.#giveUp(attempt, error, 'not-retryable', context);
      return undefined;
    }
    if (attempt >= settings.maxAttempts) {
      this.#giveUp(attempt, error, 'attempts', context);
      return undefined;
    }
    let delay = retryDelay(attempt, settings, previous);
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) delay = Math.min(settings.maxDelay, Math.max(delay, retryAfter));
    if (settings.maxElapsed !== undefined && Date.now() - started + delay >= settings.maxElapsed) {
      this.#giveUp(attempt, error, 'elapsed', context);
      return undefined;
    }
    // Asked last, so only a retry that would really be made withdraws.
    if (settings.budget !== undefined && !settings.budget.tryWithdraw()) {
      this.#giveUp(attempt, error, 'budget', context);
      return undefined;
    }
    return delay;
  }

  #retryable(error: unknown, attempt: number): boolean {
    if (this.#settings.retryOn !== undefined) return this.#settings.retryOn(error, attempt);
    return !(error instanceof BrokenCircuitError || error instanceof BulkheadRejectedError || isAbortError(error));
  }

  #giveUp(attempts: number, error: unknown, reason: GiveUpInfo['reason'], context: C | undefined): void {
    if (this.#events.has('giveUp')) this.#events.emit('giveUp', { attempts, error, reason, context });
  }
}

/** A Retry-After carried by an error as `retryAfter` (ms), if any. */
function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as { retryAfter?: unknown }).retryAfter;
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : undefined;
}

/**
 * Creates a {@link RetryPolicy}. Options are validated at once.
 *
 * @example const policy = retry({ maxAttempts: 4, backoff: 'linear', baseDelay: 250, jitter: 'none' });
 */
export function retry<C = unknown>(options?: RetryOptions<C>): RetryPolicy<C> {
  return new RetryPolicy<C>(options);
}
