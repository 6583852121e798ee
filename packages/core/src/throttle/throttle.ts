import { ThrottledError } from '../errors.js';
import { cheapError } from '../common/cheap-error.js';
import { Emitter, type Unsubscribe } from '../common/events.js';
import { rejectSoon } from '../common/reject-soon.js';
import { RollingSum } from '../common/rolling-sum.js';
import { abortReason, neverAbortedSignal } from '../common/signal.js';
import type { Operation, Policy } from '../policy.js';
import { throttleSettings, type ThrottleSettings } from './options.js';
import { rejectProbability } from './probability.js';
import type { ThrottleEvents, ThrottleOptions, ThrottleStats } from './types.js';

/**
 * Client-side adaptive throttling (Google SRE book, "Handling Overload"): when the
 * dependency stops answering, most calls are rejected here with `ThrottledError`
 * instead of adding to its load, with a probability that falls as answers return.
 *
 * @example const policy = pipeline(retry(), throttle({ k: 2 }), timeout(5_000));
 */
export class ThrottlePolicy implements Policy {
  readonly #settings: ThrottleSettings;
  readonly #requests: RollingSum;
  readonly #accepts: RollingSum;
  readonly #events = new Emitter<ThrottleEvents>();
  #throttled = 0;

  constructor(options: ThrottleOptions = {}) {
    this.#settings = throttleSettings(options);
    const { buckets, window } = this.#settings;
    this.#requests = new RollingSum(buckets, window / buckets);
    this.#accepts = new RollingSum(buckets, window / buckets);
  }

  /** The probability the next call is rejected with, now. */
  get probability(): number {
    const now = Date.now();
    const { k, maxRejectProbability } = this.#settings;
    return rejectProbability(this.#requests.sum(now), this.#accepts.sum(now), k, maxRejectProbability);
  }

  /** Rejects with `ThrottledError` iff `random() < p`; otherwise runs `fn` and counts whether it was answered. */
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const settings = this.#settings;
    const now = Date.now();
    const p = rejectProbability(this.#requests.sum(now), this.#accepts.sum(now), settings.k, settings.maxRejectProbability);
    this.#requests.add(now, 1);
    if (p > 0 && settings.random() < p) {
      this.#throttled++;
      if (this.#events.has('throttled')) this.#events.emit('throttled', { probability: p });
      return rejectSoon(cheapError(() => new ThrottledError(p)));
    }
    let pending: T | PromiseLike<T>;
    try {
      pending = fn({ signal, attempt });
    } catch (error: unknown) {
      pending = Promise.reject(error);
    }
    return Promise.resolve(pending).then(this.#answered as (value: T) => T, this.#unanswered);
  }

  // One `.then` per call, with handlers made once: an answer is counted in the bucket of
  // this throttle's latest clock reading (at or after the call's start, at or before its
  // end) rather than reading the clock again or keeping the start in a closure per call.
  readonly #answered = (value: unknown): unknown => {
    this.#accepts.addLatest(1);
    return value;
  };

  readonly #unanswered = (error: unknown): never => {
    if (this.#settings.isAccepted(error)) this.#accepts.addLatest(1);
    throw error;
  };

  /** The counts in the window, the probability now, and the calls rejected since creation. */
  stats(): ThrottleStats {
    const now = Date.now();
    const requests = this.#requests.sum(now);
    const accepts = this.#accepts.sum(now);
    const { k, maxRejectProbability } = this.#settings;
    return { requests, accepts, probability: rejectProbability(requests, accepts, k, maxRejectProbability), throttled: this.#throttled };
  }

  /** Subscribes to `'throttled'`; returns the unsubscribe. */
  on<K extends keyof ThrottleEvents>(event: K, listener: (payload: ThrottleEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }
}

/**
 * Creates a {@link ThrottlePolicy}. Options are validated at once.
 *
 * @example const guard = throttle({ k: 1.5, window: 60_000 });
 */
export function throttle(options?: ThrottleOptions): ThrottlePolicy {
  return new ThrottlePolicy(options);
}
