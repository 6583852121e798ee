// One rate limit for three processes: the fleet's total holds, not three times it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Child } from './support/children.js';
import { startRedis, type RedisServer } from './support/redis-server.mjs';

let server: RedisServer;
const children: Child[] = [];

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await Promise.all(children.map((child) => child.close()));
  await server.stop();
});

it('holds its total across 3 processes within 10%', async () => {
  const config = { redisPort: server.port, key: 'raindrop', tokens: 100, interval: 1_000, burst: 10 };
  children.push(...[1, 2, 3].map(() => new Child('limiter.mjs', config)));
  await Promise.all(children.map((child) => child.event('up')));

  const duration = 2_500;
  const results = await Promise.all(children.map((child) => child.request('run', { duration })));
  const ok = results.reduce((sum, r) => sum + (r.ok as number), 0);
  const expected = config.burst + (config.tokens * duration) / config.interval; // 260

  expect(results.map((r) => r.errors)).toEqual([0, 0, 0]);
  expect(results.map((r) => r.status)).toEqual(['up', 'up', 'up']);
  // Every process got a share, and all were refused at times: they competed for one bucket.
  for (const r of results) {
    expect(r.ok).toBeGreaterThan(expected / 10);
    expect(r.rejected).toBeGreaterThan(0);
  }
  expect(ok, `${ok} calls admitted in all, ${expected} expected`).toBeGreaterThanOrEqual(expected * 0.9);
  expect(ok, `${ok} calls admitted in all, ${expected} expected`).toBeLessThanOrEqual(expected * 1.1);
}, 15_000);
