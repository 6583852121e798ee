/**
 * @res/redis: one circuit breaker and one rate limit for a whole fleet of processes,
 * on Redis (ioredis). Plugs into @res/core's `circuitBreaker({ store })` and
 * `rateLimit({ store })`, and into @res/mcp's `ResilientClient` policy.
 *
 * @example
 * import { Redis } from 'ioredis';
 * import { redisBreakerStore, redisRateLimit } from '@res/redis';
 * const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
 * const store = redisBreakerStore(redis);
 * const breaker = circuitBreaker({ name: 'mailgun', store });
 *
 * @packageDocumentation
 */
export { RedisBreakerStore, redisBreakerStore } from './breaker/store.js';
export type { RedisBreakerStoreOptions } from './breaker/options.js';
export { RedisRateLimit, redisRateLimit, type RedisRateLimitEvents } from './rate-limit/rate-limit.js';
export type { RedisRateLimitOptions } from './rate-limit/options.js';
export type { RedisEvents, RedisStatus } from './common/connectivity.js';
export { breakerKeys, rateLimitKey, type BreakerKeys } from './common/keys.js';
export { CommandTimeoutError } from './common/bounded.js';
export type { RedisClient } from './common/client.js';
