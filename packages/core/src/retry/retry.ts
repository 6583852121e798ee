import { BrokenCircuitError, BulkheadRejectedError } from '../errors.js';
import { Emitter, type Unsubscribe } from '../common/events.js';
import { abortReason, isAbortError, neverAbortedSignal } from '../common/signal.js';
import { sleep } from '../common/sleep.js';
import type { Operation, Policy } from '../policy.js';
import { retryAfterFirst, startClock } from '../internal.js';
import { retryDelay } from './backoff.js';
import { retrySettings, type RetrySettings } from './options.js';
import type { GiveUpInfo, RetryEvents, RetryOptions } from './types.js';

/**
 * Runs a function again when it fails, waiting between attempts.
 *
 * @example
 * const policy = retry({ maxAttempts: 3, backoff: 'exponential', baseDelay: 200 });
 * const body = await policy.execute(({ signal }) => fetch(url, { signal }).then((r) => r.json()));
 */
export class RetryPolicy implements Policy {
  readonly #settings: RetrySettings;
  readonly #events = new Emitter<RetryEvents>();

  constructor(options: RetryOptions = {}) {
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
   */
  async execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal): Promise<T> {
    signal.throwIfAborted();
    const started = this[startClock]();
    try {
      return await fn({ signal, attempt: 1 });
    } catch (error: unknown) {
      return this[retryAfterFirst](error, fn, signal, started);
    }
  }

  /**
   * @internal The start of a call (the fused pipeline calls it too): its first attempt
   * deposits in the retry budget, and the `maxElapsed` clock starts (0 without one).
   */
  [startClock](): number {
    this.#settings.budget?.deposit();
    return this.#settings.maxElapsed === undefined ? 0 : Date.now();
  }

  /** @internal The rest of a call after its first attempt failed with `error`: waits, retries, or rethrows. */
  async [retryAfterFirst]<T>(error: unknown, fn: Operation<T>, signal: AbortSignal, started: number): Promise<T> {
    const settings = this.#settings;
    let previousDelay = settings.baseDelay;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortReason(signal);
      const delay = this.#delayBefore(attempt, error, previousDelay, started);
      if (delay === undefined) throw error;
      previousDelay = delay;
      const info = { attempt, error, delay };
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
  on<K extends keyof RetryEvents>(event: K, listener: (payload: RetryEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** The wait before the next attempt, or undefined to give up (reported as `'giveUp'`). */
  #delayBefore(attempt: number, error: unknown, previous: number, started: number): number | undefined {
    const settings = this.#settings;
    if (!this.#retryable(error, attempt)) {
      this.#giveUp(attempt, error, 'not-retryable');
      return undefined;
    }
    if (attempt >= settings.maxAttempts) {
      this.#giveUp(attempt, error, 'attempts');
      return undefined;
    }
    let delay = retryDelay(attempt, settings, previous);
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) delay = Math.min(settings.maxDelay, Math.max(delay, retryAfter));
    if (settings.maxElapsed !== undefined && Date.now() - started + delay >= settings.maxElapsed) {
      this.#giveUp(attempt, error, 'elapsed');
      return undefined;
    }
    // Asked last, so only a retry that would really be made withdraws.
    if (settings.budget !== undefined && !settings.budget.tryWithdraw()) {
      this.#giveUp(attempt, error, 'budget');
      return undefined;
    }
    return delay;
  }

  #retryable(error: unknown, attempt: number): boolean {
    if (this.#settings.retryOn !== undefined) return this.#settings.retryOn(error, attempt);
    return !(error instanceof BrokenCircuitError || error instanceof BulkheadRejectedError || isAbortError(error));
  }

  #giveUp(attempts: number, error: unknown, reason: GiveUpInfo['reason']): void {
    if (this.#events.has('giveUp')) this.#events.emit('giveUp', { attempts, error, reason });
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
export function retry(options?: RetryOptions): RetryPolicy {
  return new RetryPolicy(options);
}
