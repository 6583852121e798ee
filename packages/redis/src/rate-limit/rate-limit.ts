import {
  abortReason,
  Emitter,
  RateLimitError,
  TokenBucket,
  neverAbortedSignal,
  sleep,
  type Operation,
  type Policy,
  type RateLimitEvents,
  type RateLimitStore,
  type Unsubscribe,
} from '@res/core';
import { bounded } from '../common/bounded.js';
import { watchClient } from '../common/client-events.js';
import { commands, type RedisClient } from '../common/client.js';
import { Connectivity, type RedisEvents, type RedisStatus } from '../common/connectivity.js';
import { rateLimitKey } from '../common/keys.js';
import { strings } from '../common/lua-script.js';
import * as check from '../common/validate.js';
import { rateLimitSettings, type RateLimitSettings, type RedisRateLimitOptions } from './options.js';
import { tokenBucketScript } from './script.js';

/** Events of a {@link RedisRateLimit}. */
export type RedisRateLimitEvents = RedisEvents & RateLimitEvents;

/**
 * A token bucket shared by every process that uses the same `key`: `tokens` per
 * `interval` for the whole fleet, not per process. One atomic Lua script per call on
 * Redis's clock. A policy for `pipeline`, and a `RateLimitStore` for core's
 * `rateLimit({ store })` and `ResilientClient`'s `policy.rateLimit.store`. If Redis
 * fails or is slow, each process falls back to a local bucket of the same settings
 * (reported once) until Redis answers again; no call fails because of Redis.
 *
 * @example
 * const limit = redisRateLimit(redis, { key: 'raindrop', tokens: 120, interval: 60_000, maxWait: 2_000 });
 * await pipeline(limit, retry()).execute(() => raindrop.search(query));
 */
export class RedisRateLimit implements Policy, RateLimitStore {
  readonly key: string;
  readonly tokens: number;
  readonly interval: number;
  readonly burst: number;
  readonly maxWait: number;
  readonly #redis: RedisClient;
  readonly #settings: RateLimitSettings;
  readonly #redisKey: string;
  readonly #perMs: number;
  readonly #events = new Emitter<RedisRateLimitEvents>();
  readonly #connectivity: Connectivity;
  readonly #unwatch: () => void;
  #local: TokenBucket | undefined;
  #closed = false;

  constructor(redis: RedisClient, options: RedisRateLimitOptions) {
    check.client('redisRateLimit(redis)', redis);
    this.#settings = rateLimitSettings(options);
    this.#redis = redis;
    this.key = this.#settings.key;
    this.tokens = this.#settings.tokens;
    this.interval = this.#settings.interval;
    this.burst = this.#settings.burst;
    this.maxWait = this.#settings.maxWait;
    this.#redisKey = rateLimitKey(this.#settings.prefix, this.key);
    this.#perMs = this.tokens / this.interval;
    this.#connectivity = new Connectivity(this.#events, () => this.#ping(), this.#settings.retryInterval);
    this.#unwatch = watchClient(redis, { ready: this.#onReady, close: this.#onClose });
    if (redis.status === 'ready') this.#connectivity.attempt();
  }

  /** `'connecting'` until Redis first answers, `'up'`, or `'degraded'` (a local bucket decides). */
  get status(): RedisStatus {
    return this.#connectivity.status;
  }

  /** Runs `fn` once the fleet's bucket gives a token (waiting up to `maxWait`); else rejects with `RateLimitError`. */
  async execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    if (signal.aborted) throw abortReason(signal);
    const wait = await this.take(this.maxWait);
    if (wait < 0) {
      const retryAfter = Math.ceil(-wait - 1e-6); // whole ms, like core's
      if (this.#events.has('rejected')) this.#events.emit('rejected', { retryAfter });
      throw new RateLimitError(retryAfter);
    }
    if (wait > 0) {
      try {
        await sleep(wait, signal);
      } catch (error: unknown) {
        this.refund();
        throw error;
      }
    }
    return fn({ signal, attempt });
  }

  /** For `RateLimitStore`: takes a token within `maxWait` ms: the ms to wait (0: now), or `-retryAfter`. Never rejects. */
  async take(maxWait: number = this.maxWait): Promise<number> {
    // Before the first ping answers, a ready client is tried at once: no local burst at startup.
    const connecting = this.#connectivity.status === 'connecting' && this.#redis.status === 'ready';
    if (this.#connectivity.usable || connecting) {
      const reply = await this.#script(maxWait, 'take');
      if (reply !== undefined) return reply[0] === 'refused' ? -Number(reply[1]) : Number(reply[1]);
    }
    return this.#bucket().take(Date.now(), maxWait);
  }

  /** For `RateLimitStore`: gives back a token taken and not used. Fire and forget. */
  refund(): void {
    if (this.#connectivity.usable) void this.#script(0, 'refund');
    else this.#bucket().refund(Date.now());
  }

  /** Subscribes to `'rejected'`, `'degraded'` or `'recovered'`; returns the unsubscribe. */
  on<K extends keyof RedisRateLimitEvents>(event: K, listener: (payload: RedisRateLimitEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** Stops listening to the client and retrying (the client stays open: it is yours). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#connectivity.close();
    this.#unwatch();
  }

  readonly #onReady = (): void => {
    this.#connectivity.attempt();
  };

  readonly #onClose = (): void => {
    if (!this.#closed) this.#connectivity.lost(new Error('Redis connection closed'));
  };

  async #ping(): Promise<boolean> {
    if (this.#redis.status !== 'ready') return false;
    await bounded(commands(this.#redis).ping(), this.#settings.commandTimeout);
    return true;
  }

  async #script(maxWait: number, mode: 'take' | 'refund'): Promise<string[] | undefined> {
    if (this.#redis.status !== 'ready') {
      this.#connectivity.lost(new Error(`Redis connection is ${this.#redis.status}`));
      return undefined;
    }
    try {
      const args = [this.#perMs, this.burst, maxWait === Infinity ? -1 : maxWait, mode];
      const reply = strings(await bounded(tokenBucketScript.run(this.#redis, [this.#redisKey], args), this.#settings.commandTimeout));
      return reply[0] === 'taken' || reply[0] === 'refused' ? reply : undefined;
    } catch (error: unknown) {
      this.#connectivity.lost(error);
      return undefined;
    }
  }

  // The fallback: same settings, this process only. Made on first use.
  #bucket(): TokenBucket {
    return (this.#local ??= new TokenBucket(this.tokens, this.interval, this.burst, Date.now()));
  }
}

/**
 * Creates a {@link RedisRateLimit}. Options are validated at once.
 *
 * @example const mailgun = redisRateLimit(redis, { key: 'mailgun', tokens: 5, interval: 1_000 });
 */
export function redisRateLimit(redis: RedisClient, options: RedisRateLimitOptions): RedisRateLimit {
  return new RedisRateLimit(redis, options);
}
