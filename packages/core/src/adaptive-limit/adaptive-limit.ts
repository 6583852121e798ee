import { BulkheadRejectedError } from '../errors.js';
import { cheapError } from '../common/cheap-error.js';
import { Emitter, type Unsubscribe } from '../common/events.js';
import { abortReason, neverAbortedSignal } from '../common/signal.js';
import type { Operation, Policy } from '../policy.js';
import { aimdLimit } from './aimd.js';
import { Gradient2 } from './gradient2.js';
import { adaptiveLimitSettings, type AdaptiveLimitSettings } from './options.js';
import type { AdaptiveLimitEvents, AdaptiveLimitOptions, AdaptiveLimitStats, LimitSample } from './types.js';

interface Waiter {
  admit(): void;
}

/**
 * A bulkhead whose limit moves with the dependency's behaviour (Netflix
 * concurrency-limits): it rises while calls succeed at load and falls when they
 * slow down (`'gradient2'`) or drop (`'aimd'`), so nobody has to know the right number.
 * Over the limit and the queue, calls reject with `BulkheadRejectedError`.
 *
 * @example const limiter = adaptiveLimit({ algorithm: 'aimd', initial: 10, max: 100 });
 */
export class AdaptiveLimitPolicy implements Policy {
  readonly #settings: AdaptiveLimitSettings;
  readonly #gradient: Gradient2 | undefined;
  readonly #waiters: Waiter[] = [];
  readonly #events = new Emitter<AdaptiveLimitEvents>();
  #limit: number;
  #inFlight = 0;
  #successes = 0;
  #drops = 0;
  #rejections = 0;

  constructor(options: AdaptiveLimitOptions = {}) {
    this.#settings = adaptiveLimitSettings(options);
    this.#limit = this.#settings.initial;
    const { algorithm, initial, min, max } = this.#settings;
    if (algorithm === 'gradient2') this.#gradient = new Gradient2(initial, min, max);
  }

  /** Calls allowed in flight now: an integer within [min, max]. */
  get limit(): number {
    return this.#limit;
  }

  /** Calls running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Runs `fn` when a slot is free; rejects with `BulkheadRejectedError` when the limit and the queue are full. */
  async execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    if (signal.aborted) throw abortReason(signal);
    if (this.#inFlight >= this.#limit || this.#waiters.length > 0) await this.#wait(signal);
    else this.#inFlight++;
    // Only Gradient2 needs the RTT, and reading the clock is most of what a call costs.
    const started = this.#gradient === undefined ? 0 : Date.now();
    let result: T;
    try {
      result = await fn({ signal, attempt });
    } catch (error: unknown) {
      if (this.#settings.isDrop(error)) this.#ended(started, true);
      else this.#leave();
      throw error;
    }
    this.#ended(started, false);
    return result;
  }

  /** The limit, the calls in flight and waiting, and the counts since creation. */
  stats(): AdaptiveLimitStats {
    return {
      limit: this.#limit,
      inFlight: this.#inFlight,
      queued: this.#waiters.length,
      successes: this.#successes,
      drops: this.#drops,
      rejections: this.#rejections,
    };
  }

  /** Subscribes to `'limit' | 'rejected'`; returns the unsubscribe. */
  on<K extends keyof AdaptiveLimitEvents>(event: K, listener: (payload: AdaptiveLimitEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** A success or a drop: a sample for the algorithm, then the slot is freed. */
  #ended(started: number, drop: boolean): void {
    if (drop) this.#drops++;
    else this.#successes++;
    const rtt = this.#gradient === undefined ? 0 : Date.now() - started;
    const sample: LimitSample = { rtt, inFlight: this.#inFlight, drop };
    const { min, max } = this.#settings;
    const next = this.#gradient === undefined ? aimdLimit(this.#limit, sample, min, max) : Math.floor(this.#gradient.update(sample));
    if (next !== this.#limit) {
      const previous = this.#limit;
      this.#limit = next;
      if (this.#events.has('limit')) this.#events.emit('limit', { limit: next, previous });
    }
    this.#leave();
  }

  #wait(signal: AbortSignal): Promise<void> {
    if (this.#waiters.length >= this.#settings.queue) {
      this.#rejections++;
      const { queue } = this.#settings;
      this.#events.emit('rejected', { limit: this.#limit, queue });
      return Promise.reject(cheapError(() => new BulkheadRejectedError(this.#limit, queue)));
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index !== -1) this.#waiters.splice(index, 1);
        reject(abortReason(signal));
      };
      const waiter: Waiter = {
        admit: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.#waiters.push(waiter);
      if (signal !== neverAbortedSignal) signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Frees a slot, and admits waiters while the (possibly higher) limit allows. */
  #leave(): void {
    this.#inFlight--;
    while (this.#inFlight < this.#limit) {
      const next = this.#waiters.shift();
      if (next === undefined) return;
      this.#inFlight++;
      next.admit();
    }
  }
}

/**
 * Creates an {@link AdaptiveLimitPolicy}. Options are validated at once.
 *
 * @example const policy = pipeline(circuitBreaker(), adaptiveLimit(), timeout(5_000));
 */
export function adaptiveLimit(options?: AdaptiveLimitOptions): AdaptiveLimitPolicy {
  return new AdaptiveLimitPolicy(options);
}
