import { circuitBreaker, pipeline, rateLimit, RateLimitError } from '@res/core';
import { ResilientClient } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rateLimitKey, redisBreakerStore, redisRateLimit, type RedisEvents, type RedisRateLimit, type RedisRateLimitOptions } from '../src/index.js';
import { connect, delay, waitFor } from './support/clients.js';
import { startRedis, type RedisServer } from './support/redis-server.mjs';

let server: RedisServer;
let admin: Redis;
const made: { limit: RedisRateLimit; redis: Redis }[] = [];

beforeAll(async () => {
  server = await startRedis();
  admin = connect(server, { enableOfflineQueue: true });
});
afterEach(async () => {
  for (const { limit, redis } of made.splice(0)) {
    limit.close();
    redis.disconnect();
  }
  await admin.flushall();
});
afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

async function limiter(options: Partial<RedisRateLimitOptions> = {}): Promise<RedisRateLimit> {
  const redis = connect(server);
  const limit = redisRateLimit(redis, { key: 'api', tokens: 5, interval: 1_000, ...options });
  made.push({ limit, redis });
  await waitFor('up', () => limit.status === 'up');
  return limit;
}

const run = (limit: { execute(fn: () => string): Promise<string> }): Promise<unknown> =>
  limit.execute(() => 'ran').catch((error: unknown) => error);

describe('redisRateLimit', () => {
  it('shares one bucket between instances and rejects with RateLimitError and retryAfter', async () => {
    const a = await limiter();
    const b = await limiter();
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await run(i % 2 === 0 ? a : b));
    expect(outcomes).toEqual(['ran', 'ran', 'ran', 'ran', 'ran']);
    const refused = await run(b);
    expect(refused).toBeInstanceOf(RateLimitError);
    // 5 tokens per second: the next one frees within 200 ms.
    expect((refused as RateLimitError).retryAfter).toBeGreaterThan(100);
    expect((refused as RateLimitError).retryAfter).toBeLessThanOrEqual(200);
    const rejected: number[] = [];
    a.on('rejected', ({ retryAfter }) => rejected.push(retryAfter));
    expect(await run(a)).toBeInstanceOf(RateLimitError);
    expect(rejected).toHaveLength(1);
  });

  it('waits up to maxWait for a token instead of rejecting', async () => {
    const limit = await limiter({ tokens: 10, interval: 1_000, burst: 1, maxWait: 500 });
    expect(await run(limit)).toBe('ran');
    const started = Date.now();
    expect(await run(limit)).toBe('ran');
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    expect(await limit.take(0)).toBeLessThan(0); // the next token is reserved: nothing free now
  });

  it('an abort during the wait rejects with the reason and gives the token back', async () => {
    const limit = await limiter({ tokens: 1, interval: 1_000, burst: 1, maxWait: 5_000 });
    expect(await run(limit)).toBe('ran');
    const controller = new AbortController();
    const waiting = limit.execute(() => 'ran', controller.signal).catch((error: unknown) => error);
    await delay(20);
    controller.abort(new Error('caller gave up'));
    expect(await waiting).toEqual(new Error('caller gave up'));
    await delay(20);
    // Refunded: the wait for the next token is ~1 s again, not ~2 s.
    expect(await limit.take(0)).toBeGreaterThan(-1_000);
  });

  it('is a policy for pipeline, outside a breaker that ignores its rejections', async () => {
    const limit = await limiter({ tokens: 2, interval: 60_000 });
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const policy = pipeline(limit, breaker);
    expect(await run(policy)).toBe('ran');
    expect(await run(policy)).toBe('ran');
    expect(await run(policy)).toBeInstanceOf(RateLimitError);
    expect(breaker.state).toBe('closed');
  });

  it("is a store for core's rateLimit({ store })", async () => {
    const shared = await limiter({ tokens: 3, interval: 60_000 });
    const local = rateLimit({ tokens: 1_000, interval: 1_000, store: shared });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await run(local));
    expect(outcomes.slice(0, 3)).toEqual(['ran', 'ran', 'ran']);
    expect(outcomes[3]).toBeInstanceOf(RateLimitError);
  });

  it("is ServerPolicy.rateLimit.store for @res/mcp's ResilientClient", async () => {
    const shared = await limiter({ key: 'mcp', tokens: 2, interval: 60_000 });
    const mcp = createInMemoryServer();
    const clients = [1, 2].map(
      (n) =>
        new ResilientClient({
          name: `fake-${n}`,
          connect: () => mcp.transport(),
          preset: 'local',
          policy: { rateLimit: { tokens: 100, interval: 1_000, store: shared } },
        }),
    );
    try {
      expect((await clients[0]!.callTool('read_item', { id: '1' })).isError).not.toBe(true);
      expect((await clients[1]!.callTool('read_item', { id: '2' })).isError).not.toBe(true);
      await expect(clients[0]!.callTool('read_item', { id: '3' })).rejects.toBeInstanceOf(RateLimitError);
      expect(mcp.calls('read_item')).toBe(2);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await mcp.close();
    }
  });

  it("core's rateLimit({ store }) falls back to its own bucket if a store ever rejects", async () => {
    const broken = { take: () => Promise.reject(new Error('store bug')) };
    const local = rateLimit({ tokens: 1, interval: 60_000, store: broken });
    expect(await run(local)).toBe('ran');
    expect(await run(local)).toBeInstanceOf(RateLimitError);
    expect(() => rateLimit({ tokens: 1, interval: 1, store: {} as typeof broken })).toThrow(new TypeError('store must have a take(maxWait) method'));
  });

  it('keeps one namespaced key that expires once the bucket would be full', async () => {
    const limit = await limiter({ key: 'mailgun', prefix: 'app', tokens: 10, interval: 1_000, burst: 20 });
    await run(limit);
    expect(await admin.keys('*')).toEqual([rateLimitKey('app', 'mailgun')]);
    expect(rateLimitKey('app', 'mailgun')).toBe('app:{mailgun}:ratelimit');
    const ttl = await admin.pttl('app:{mailgun}:ratelimit');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(100 + 1_000);
  });

  it('shares one pair of listeners on a client however many limits and stores use it', async () => {
    const redis = connect(server);
    const before = redis.listenerCount('ready');
    const beforeClose = redis.listenerCount('close');
    const limits = Array.from({ length: 15 }, (_, i) => redisRateLimit(redis, { key: `k${i}`, tokens: 1, interval: 1_000 }));
    const store = redisBreakerStore(redis);
    circuitBreaker({ name: 'watched', store }).dispose();
    expect(redis.listenerCount('ready')).toBe(before + 1);
    expect(redis.listenerCount('close')).toBe(beforeClose + 1);
    for (const limit of limits) limit.close();
    await store.close();
    expect(redis.listenerCount('ready')).toBe(before);
    redis.disconnect();
  });

  it('validates its options at once, naming the option', () => {
    const redis = connect(server, { lazyConnect: true });
    try {
      expect(() => redisRateLimit(redis, { key: 'x', tokens: 0, interval: 1_000 })).toThrow(new RangeError('tokens must be an integer >= 1, got 0'));
      expect(() => redisRateLimit(redis, { key: 'x', tokens: 1, interval: -1 })).toThrow(/interval must be a finite number of ms > 0, got -1/);
      expect(() => redisRateLimit(redis, { key: '', tokens: 1, interval: 1 })).toThrow(/key must be a non-empty string/);
      expect(() => redisRateLimit(redis, { key: 'x', tokens: 1, interval: 1, bogus: 1 } as RedisRateLimitOptions)).toThrow(/no option "bogus"/);
      expect(() => redisRateLimit({} as unknown as Redis, { key: 'x', tokens: 1, interval: 1 })).toThrow(/must be an ioredis client/);
    } finally {
      redis.disconnect();
    }
  });
});

describe('redisRateLimit without Redis', () => {
  it('falls back to a local bucket of the same settings, reports it once, and returns to Redis', async () => {
    const own = await startRedis();
    const redis = connect(own);
    const limit = redisRateLimit(redis, { key: 'api', tokens: 3, interval: 60_000 });
    made.push({ limit, redis });
    const seen: (keyof RedisEvents)[] = [];
    limit.on('degraded', () => seen.push('degraded'));
    limit.on('recovered', () => seen.push('recovered'));
    await waitFor('up', () => limit.status === 'up');
    expect(await run(limit)).toBe('ran');

    await own.kill();
    await waitFor('degraded', () => limit.status === 'degraded');
    // This process alone now: a full local bucket of 3, then refusals. Nothing else fails.
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await run(limit));
    expect(outcomes.slice(0, 3)).toEqual(['ran', 'ran', 'ran']);
    expect(outcomes[3]).toBeInstanceOf(RateLimitError);
    expect(seen).toEqual(['degraded']);

    const back = await startRedis({ port: own.port });
    try {
      await waitFor('recovered', () => limit.status === 'up', 3_000);
      expect(seen).toEqual(['degraded', 'recovered']);
      expect(await run(limit)).toBe('ran'); // Redis's bucket again (empty server: full)
      const check = connect(back, { enableOfflineQueue: true });
      expect(await check.exists('res:{api}:ratelimit')).toBe(1);
      check.disconnect();
    } finally {
      limit.close();
      redis.disconnect();
      await back.stop();
    }
  });
});
