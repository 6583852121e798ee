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
    // Counted in the bucket of the call's start: a call is far shorter than a bucket.
    return Promise.resolve(pending).then(
      (value) => {
        this.#accepts.add(now, 1);
        return value;
      },
      (error: unknown) => {
        if (settings.isAccepted(error)) this.#accepts.add(now, 1);
        throw error;
      },
    );
  }

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
