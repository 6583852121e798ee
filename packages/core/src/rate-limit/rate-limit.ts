import { RateLimitError } from '../errors.js';
import { cheapError } from '../common/cheap-error.js';
import { Emitter, type Unsubscribe } from '../common/events.js';
import { abortReason, neverAbortedSignal } from '../common/signal.js';
import { sleep } from '../common/sleep.js';
import * as check from '../common/validate.js';
import type { Operation, Policy } from '../policy.js';
import { TokenBucket } from './token-bucket.js';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Tokens regained per `interval`. */
  tokens: number;
  /** Ms in which `tokens` are regained (continuously). */
  interval: number;
  /** Capacity of the bucket, which starts full. [`tokens`] */
  burst?: number;
  /** Ms a call may wait for a token; beyond, it is rejected with `RateLimitError`. [0] */
  maxWait?: number;
  /**
   * A bucket shared with other processes (e.g. `@res/redis`'s `redisRateLimit`), used
   * instead of this policy's own; the local bucket serves if the store ever rejects.
   */
  store?: RateLimitStore;
}

/**
 * The seam through which a rate limit takes its tokens from a shared bucket.
 * Nothing here may throw into a caller's call: a store that cannot reach its
 * backend answers from a local bucket instead.
 */
export interface RateLimitStore {
  /** Takes a token, waiting at most `maxWait` ms: the ms to wait for it (0: now), or `-retryAfter` when refused. */
  take(maxWait: number): Promise<number>;
  /** Gives back a token taken and not used (its caller aborted during the wait). */
  refund?(): void;
}

/** Events of a rate limit. `context` is the rejected call's (`execute`'s fourth argument), untouched. */
export interface RateLimitEvents<C = unknown> {
  rejected: { retryAfter: number; context?: C | undefined };
}

/**
 * A token bucket in front of a function: each call takes a token, waiting up to
 * `maxWait` for one; calls that would wait longer reject with {@link RateLimitError}
 * whose `retryAfter` says when a token frees.
 *
 * @example const limiter = rateLimit({ tokens: 4, interval: 1_000, burst: 10, maxWait: 2_000 });
 */
export class RateLimitPolicy<C = unknown> implements Policy<C> {
  readonly tokens: number;
  readonly interval: number;
  readonly burst: number;
  readonly maxWait: number;
  readonly #events = new Emitter<RateLimitEvents<C>>();
  readonly #store: RateLimitStore | undefined;
  #bucket: TokenBucket | undefined;

  constructor(options: RateLimitOptions) {
    check.options('rateLimit options', options);
    check.knownKeys('rateLimit options', options, ['tokens', 'interval', 'burst', 'maxWait', 'store']);
    this.tokens = check.count('tokens', options.tokens);
    this.interval = check.duration('interval', options.interval, true);
    this.burst = check.count('burst', check.or(options.burst, this.tokens));
    this.maxWait = check.durationOrInfinity('maxWait', check.or(options.maxWait, 0));
    if (options.store !== undefined && typeof (options.store as Partial<RateLimitStore> | null)?.take !== 'function') {
      throw new TypeError('store must have a take(maxWait) method');
    }
    this.#store = options.store;
  }

  /** Tokens available now (negative while calls wait for reserved tokens). */
  get available(): number {
    return this.#bucketAt(Date.now()).available(Date.now());
  }

  /** Runs `fn` once a token is available. */
  async execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1, context?: C): Promise<T> {
    if (signal.aborted) throw abortReason(signal);
    const store = this.#store;
    let shared = store !== undefined;
    let wait: number;
    if (store === undefined) {
      wait = this.#bucketAt(Date.now()).take(Date.now(), this.maxWait);
    } else {
      try {
        wait = await store.take(this.maxWait);
      } catch {
        shared = false; // a store that fails must not fail calls: decide locally
        wait = this.#bucketAt(Date.now()).take(Date.now(), this.maxWait);
      }
    }
    if (wait < 0) {
      this.#events.emit('rejected', { retryAfter: msUp(-wait), context });
      throw cheapError(() => new RateLimitError(msUp(-wait)));
    }
    if (wait > 0) {
      try {
        await sleep(wait, signal);
      } catch (error: unknown) {
        // The token was taken for this call: give it back to whoever holds it.
        if (shared) store?.refund?.();
        else this.#bucketAt(Date.now()).refund(Date.now());
        throw error;
      }
    }
    return fn({ signal, attempt });
  }

  /** Subscribes to `'rejected'`; returns the unsubscribe. */
  on<K extends keyof RateLimitEvents<C>>(event: K, listener: (payload: RateLimitEvents<C>[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  // Made on first use, so the bucket's clock starts with the first call (fake timers included).
  #bucketAt(now: number): TokenBucket {
    return (this.#bucket ??= new TokenBucket(this.tokens, this.interval, this.burst, now));
  }
}

/**
 * Creates a {@link RateLimitPolicy}.
 *
 * @example await rateLimit({ tokens: 5, interval: 1_000 }).execute(() => api.send(message));
 */
export function rateLimit<C = unknown>(options: RateLimitOptions): RateLimitPolicy<C> {
  return new RateLimitPolicy<C>(options);
}

/** Whole ms, rounded up, without the float noise of the bucket's arithmetic (1.0000000000000009 -> 1). */
function msUp(ms: number): number {
  return Math.ceil(ms - 1e-6);
}
