// The success path never touches Redis: counted with MONITOR on a separate connection.
import { pipeline, retry } from '@res/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, delay, waitFor } from './support/clients.js';
import { Replicas } from './support/in-process.js';
import { startRedis, type RedisServer } from './support/redis-server.mjs';

let server: RedisServer;
let admin: Redis;
let monitor: Redis;
let replicas: Replicas;
const seen: string[][] = [];

beforeAll(async () => {
  server = await startRedis();
  admin = connect(server, { enableOfflineQueue: true });
  monitor = await admin.monitor();
  monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
  replicas = new Replicas(server);
});
afterAll(async () => {
  await replicas.closeAll();
  monitor.disconnect();
  admin.disconnect();
  await server.stop();
});

/** Commands Redis received between now and a marker sent after `run`; proves the monitor was listening. */
async function commandsDuring(run: () => Promise<void>): Promise<string[][]> {
  await delay(20);
  seen.length = 0;
  await run();
  await delay(20);
  const marker = `marker-${Date.now()}`;
  await admin.echo(marker);
  await waitFor('the marker', () => seen.some((args) => args[1] === marker));
  return seen.filter((args) => args[1] !== marker);
}

it('performs zero Redis commands for successful calls, closed or after a recovery', async () => {
  const a = replicas.add('a', { failureThreshold: 3 });
  const b = replicas.add('b', { failureThreshold: 3 });
  await waitFor('up', () => a.store.status === 'up' && b.store.status === 'up');
  const policy = pipeline(a.breaker, retry({ maxAttempts: 2, baseDelay: 1 }));

  const quiet = await commandsDuring(async () => {
    for (let i = 0; i < 2_000; i++) {
      await a.breaker.execute(() => i);
      await policy.execute(() => i);
      await b.breaker.execute(async () => i);
    }
  });
  expect(quiet).toEqual([]);

  // The failure path does use Redis (one script per failure)…
  const failing = await commandsDuring(async () => {
    await a.fail();
    await waitFor('counted', async () => (await admin.zcard('res:{svc}:breaker:failures')) === 1);
  });
  expect(failing.map((args) => args[0]?.toLowerCase())).toContain('evalsha');

  // …and after it, successes are quiet again.
  const after = await commandsDuring(async () => {
    for (let i = 0; i < 1_000; i++) await a.breaker.execute(() => i);
  });
  expect(after).toEqual([]);
});
