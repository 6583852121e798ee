import { BulkheadRejectedError } from '../errors.js';
import { cheapError } from '../common/cheap-error.js';
import { Emitter, type Unsubscribe } from '../common/events.js';
import { abortReason, neverAbortedSignal } from '../common/signal.js';
import { WaitQueue } from '../common/wait-queue.js';
import type { Operation, Policy } from '../policy.js';
import { aimdLimit } from './aimd.js';
import { Gradient2 } from './gradient2.js';
import { adaptiveLimitSettings, type AdaptiveLimitSettings } from './options.js';
import type { AdaptiveLimitEvents, AdaptiveLimitOptions, AdaptiveLimitStats, LimitSample } from './types.js';

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
  readonly #waiters = new WaitQueue();
  readonly #sample: LimitSample = { rtt: 0, inFlight: 0, drop: false };
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
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (this.#inFlight >= this.#limit || this.#waiters.length > 0) return this.#queued(fn, signal, attempt);
    this.#inFlight++;
    return this.#run(fn, signal, attempt);
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

  /**
   * Runs `fn` in a slot already counted in `inFlight`. Not async: the success path is
   * `fn`'s promise and one `.then`, whose handlers are made once per policy for `'aimd'`
   * (only Gradient2 needs the call's start, and reading the clock costs more than a bare call).
   */
  #run<T>(fn: Operation<T>, signal: AbortSignal, attempt: number): Promise<T> {
    const started = this.#gradient === undefined ? 0 : Date.now();
    let pending: T | PromiseLike<T>;
    try {
      pending = fn({ signal, attempt });
    } catch (error: unknown) {
      this.#failed(error, started);
      return Promise.reject(error);
    }
    if (this.#gradient === undefined) return Promise.resolve(pending).then(this.#succeededAimd as (value: T) => T, this.#failedAimd);
    return Promise.resolve(pending).then(
      (value) => {
        this.#ended(started, false);
        return value;
      },
      (error: unknown) => {
        this.#failed(error, started);
        throw error;
      },
    );
  }

  readonly #succeededAimd = (value: unknown): unknown => {
    this.#ended(0, false);
    return value;
  };

  readonly #failedAimd = (error: unknown): never => {
    this.#failed(error, 0);
    throw error;
  };

  #failed(error: unknown, started: number): void {
    if (this.#settings.isDrop(error)) this.#ended(started, true);
    else this.#leave();
  }

  /** A success or a drop: a sample for the algorithm, then the slot is freed. */
  #ended(started: number, drop: boolean): void {
    if (drop) this.#drops++;
    else this.#successes++;
    const sample = this.#sample; // reused: neither algorithm keeps it
    sample.rtt = this.#gradient === undefined ? 0 : Date.now() - started;
    sample.inFlight = this.#inFlight;
    sample.drop = drop;
    const { min, max } = this.#settings;
    const next = this.#gradient === undefined ? aimdLimit(this.#limit, sample, min, max) : Math.floor(this.#gradient.update(sample));
    if (next !== this.#limit) {
      const previous = this.#limit;
      this.#limit = next;
      if (this.#events.has('limit')) this.#events.emit('limit', { limit: next, previous });
    }
    this.#leave();
  }

  /** Waits for a slot (`#leave` counts it before admitting), or rejects when the queue is full. */
  #queued<T>(fn: Operation<T>, signal: AbortSignal, attempt: number): Promise<T> {
    if (this.#waiters.length >= this.#settings.queue) {
      this.#rejections++;
      const { queue } = this.#settings;
      this.#events.emit('rejected', { limit: this.#limit, queue });
      return Promise.reject(cheapError(() => new BulkheadRejectedError(this.#limit, queue)));
    }
    return this.#waiters.wait(signal).then(() => this.#run(fn, signal, attempt));
  }

  /** Frees a slot, and admits waiters while the (possibly higher) limit allows. */
  #leave(): void {
    this.#inFlight--;
    while (this.#inFlight < this.#limit && this.#waiters.length > 0) {
      this.#inFlight++;
      this.#waiters.admitNext();
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
