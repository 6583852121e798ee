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
}

/** Events of a rate limit. */
export interface RateLimitEvents {
  rejected: { retryAfter: number };
}

/**
 * A token bucket in front of a function: each call takes a token, waiting up to
 * `maxWait` for one; calls that would wait longer reject with {@link RateLimitError}
 * whose `retryAfter` says when a token frees.
 *
 * @example const limiter = rateLimit({ tokens: 4, interval: 1_000, burst: 10, maxWait: 2_000 });
 */
export class RateLimitPolicy implements Policy {
  readonly tokens: number;
  readonly interval: number;
  readonly burst: number;
  readonly maxWait: number;
  readonly #events = new Emitter<RateLimitEvents>();
  #bucket: TokenBucket | undefined;

  constructor(options: RateLimitOptions) {
    check.options('rateLimit options', options);
    this.tokens = check.count('tokens', options.tokens);
    this.interval = check.duration('interval', options.interval, true);
    this.burst = check.count('burst', options.burst ?? this.tokens);
    this.maxWait = check.durationOrInfinity('maxWait', options.maxWait ?? 0);
  }

  /** Tokens available now (negative while calls wait for reserved tokens). */
  get available(): number {
    return this.#bucketAt(Date.now()).available(Date.now());
  }

  /** Runs `fn` once a token is available. */
  async execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    if (signal.aborted) throw abortReason(signal);
    const now = Date.now();
    const bucket = this.#bucketAt(now);
    const wait = bucket.take(now, this.maxWait);
    if (wait < 0) {
      this.#events.emit('rejected', { retryAfter: -wait });
      throw cheapError(() => new RateLimitError(-wait));
    }
    if (wait > 0) {
      try {
        await sleep(wait, signal);
      } catch (error: unknown) {
        bucket.refund(Date.now());
        throw error;
      }
    }
    return fn({ signal, attempt });
  }

  /** Subscribes to `'rejected'`; returns the unsubscribe. */
  on<K extends keyof RateLimitEvents>(event: K, listener: (payload: RateLimitEvents[K]) => void): Unsubscribe {
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
export function rateLimit(options: RateLimitOptions): RateLimitPolicy {
  return new RateLimitPolicy(options);
}
