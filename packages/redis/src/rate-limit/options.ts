import * as check from '../common/validate.js';

/** Options of {@link redisRateLimit}. */
export interface RedisRateLimitOptions {
  /** Names the bucket: every process with the same `key` (and prefix) shares it. */
  key: string;
  /** Tokens regained per `interval`, fleet-wide. */
  tokens: number;
  /** Ms in which `tokens` are regained (continuously). */
  interval: number;
  /** Capacity of the bucket, which starts full. [`tokens`] */
  burst?: number;
  /** Ms a call may wait for a token; beyond, it is rejected with `RateLimitError`. [0] */
  maxWait?: number;
  /** First part of the key: `<prefix>:{<key>}:ratelimit`. [`'res'`] */
  prefix?: string;
  /** Ms a Redis command may take; beyond, the limit degrades to a local bucket. [200] */
  commandTimeout?: number;
  /** Ms between attempts to reach Redis again while degraded. [1_000] */
  retryInterval?: number;
}

/** The options, validated, with every default filled in. */
export interface RateLimitSettings {
  readonly key: string;
  readonly tokens: number;
  readonly interval: number;
  readonly burst: number;
  readonly maxWait: number;
  readonly prefix: string;
  readonly commandTimeout: number;
  readonly retryInterval: number;
}

const KEYS = new Set(['key', 'tokens', 'interval', 'burst', 'maxWait', 'prefix', 'commandTimeout', 'retryInterval']);

/** Validates once, at construction; throws naming the option and the value. */
export function rateLimitSettings(options: RedisRateLimitOptions): RateLimitSettings {
  if (check.options('redisRateLimit options', options) === undefined) throw new TypeError('redisRateLimit options are required: { key, tokens, interval }');
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new TypeError(`redisRateLimit has no option ${JSON.stringify(key)}`);
  }
  const tokens = check.count('tokens', options.tokens);
  return {
    key: check.name('key', options.key),
    tokens,
    interval: check.duration('interval', options.interval),
    burst: check.count('burst', options.burst ?? tokens),
    maxWait: check.durationOrInfinity('maxWait', options.maxWait ?? 0),
    prefix: check.name('prefix', options.prefix ?? 'res'),
    commandTimeout: check.duration('commandTimeout', options.commandTimeout ?? 200),
    retryInterval: check.duration('retryInterval', options.retryInterval ?? 1_000),
  };
}
