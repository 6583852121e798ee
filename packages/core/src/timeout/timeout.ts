import { TimeoutError } from '../errors.js';
import { cheapError } from '../common/cheap-error.js';
import { abortReason, neverAbortedSignal } from '../common/signal.js';
import * as check from '../common/validate.js';
import type { Operation, Policy } from '../policy.js';
import { DeadlineContext } from './deadline-context.js';

/**
 * `'aggressive'` rejects at the deadline even if the function ignores its signal;
 * `'cooperative'` only aborts the signal and waits for the function to settle.
 */
export type TimeoutStrategy = 'aggressive' | 'cooperative';

/** Options of {@link timeout}. */
export interface TimeoutOptions {
  /** Deadline per attempt, ms (> 0). */
  ms: number;
  /** [`'aggressive'`] */
  strategy?: TimeoutStrategy;
}

/**
 * Bounds each attempt: `ctx.signal` aborts at the deadline (with a `TimeoutError`
 * as its reason). The timer is ref'd while the attempt runs (a call in progress
 * keeps the process alive) and cleared the moment the attempt settles.
 *
 * @example await timeout(2_000).execute(({ signal }) => fetch(url, { signal }));
 */
export class TimeoutPolicy implements Policy {
  /** Deadline per attempt, ms. */
  readonly ms: number;
  /** How the deadline is enforced. */
  readonly strategy: TimeoutStrategy;
  readonly #aggressive: boolean;

  constructor(options: number | TimeoutOptions) {
    const given: Partial<TimeoutOptions> = typeof options === 'number' ? { ms: options } : (check.options('timeout options', options) ?? {});
    check.knownKeys('timeout options', given, ['ms', 'strategy']);
    const { ms } = given;
    const strategy = check.or(given.strategy, 'aggressive');
    this.ms = check.duration('timeout', ms, true);
    this.strategy = check.oneOf('strategy', strategy, ['aggressive', 'cooperative'] as const);
    this.#aggressive = this.strategy === 'aggressive';
  }

  /** Runs `fn` with a signal that aborts at the deadline or when `signal` aborts. */
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    return new Promise<T>((resolve, reject) => {
      const context = new DeadlineContext(attempt);
      // Listening costs more than the timer itself: skip it when the signal cannot abort.
      const watching = signal !== neverAbortedSignal;
      let settled = false;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        if (watching) signal.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = (): void => {
        context.abort(abortReason(signal));
        if (this.#aggressive && finish()) reject(abortReason(signal));
      };
      const timer = setTimeout(() => {
        const error = cheapError(() => new TimeoutError(this.ms));
        context.abort(error);
        if (this.#aggressive && finish()) reject(error);
      }, this.ms);
      if (watching) signal.addEventListener('abort', onAbort, { once: true });
      let pending: T | PromiseLike<T>;
      try {
        pending = fn(context);
      } catch (error: unknown) {
        pending = Promise.reject(error);
      }
      Promise.resolve(pending).then(
        (value) => {
          if (finish()) resolve(value);
        },
        (error: unknown) => {
          if (finish()) reject(error);
        },
      );
    });
  }
}

/**
 * Creates a {@link TimeoutPolicy}: `timeout(ms)` or `timeout({ ms, strategy })`.
 *
 * @example const bounded = pipeline(retry(), timeout({ ms: 5_000, strategy: 'cooperative' }));
 */
export function timeout(options: number | TimeoutOptions): TimeoutPolicy {
  return new TimeoutPolicy(options);
}
