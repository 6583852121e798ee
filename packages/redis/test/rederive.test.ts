// Fleet states Redis no longer holds — lost in a failover or a restart without
// persistence, or kept under the key layout before 0.2 — are written back by the
// replicas that still run on them.
import { IsolatedCircuitError } from '@res/core';
import type { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { breakerKeys } from '../src/index.js';
import { connect, waitFor } from './support/clients.js';
import { Replicas } from './support/in-process.js';
import { startRedis, type RedisServer } from './support/redis-server.mjs';

let server: RedisServer | undefined;
let admin: Redis | undefined;
let replicas: Replicas | undefined;
const keys = breakerKeys('res', 'svc');

afterEach(async () => {
  await replicas?.closeAll();
  admin?.disconnect();
  await server?.stop();
  server = admin = replicas = undefined;
});

it('an open fleet stays open through a Redis that comes back empty: the replicas write it back', async () => {
  server = await startRedis();
  const port = server.port;
  replicas = new Replicas(server);
  const [a, b] = ['a', 'b'].map((id) => replicas!.add(id, { failureThreshold: 2, recoveryTimeout: 60_000 }));
  await waitFor('up', () => a!.store.status === 'up' && b!.store.status === 'up');
  await a!.fail();
  await b!.fail();
  await waitFor('fleet open', () => a!.breaker.state === 'open' && b!.breaker.state === 'open');
  const openedAt = a!.breaker.stats().openedAt;

  await server.kill();
  await waitFor('degraded', () => a!.store.status === 'degraded' && b!.store.status === 'degraded');
  server = await startRedis({ port }); // empty, like a replica promoted before it got the write
  await waitFor('re-synced', () => a!.store.status === 'up' && b!.store.status === 'up');
  admin = connect(server, { enableOfflineQueue: true });
  await waitFor('written back', async () => (await admin!.hget(keys.state, 'state')) === 'open');
  expect(Number(await admin.hget(keys.state, 'openedAt'))).toBe(openedAt);

  // A replica that starts now learns the open at once.
  const c = replicas.add('c', { failureThreshold: 2, recoveryTimeout: 60_000 });
  await waitFor('late joiner open', () => c.breaker.state === 'open');
  expect(c.breaker.stats().openedAt).toBe(openedAt);
});

it('a replica that left the fleet meanwhile writes nothing back', async () => {
  server = await startRedis();
  const port = server.port;
  replicas = new Replicas(server);
  const a = replicas.add('a', { failureThreshold: 1, recoveryTimeout: 60_000 }, { minReporters: 1 });
  await waitFor('up', () => a.store.status === 'up');
  admin = connect(server, { enableOfflineQueue: true });
  await a.fail();
  await waitFor('fleet open', async () => (await admin!.hget(keys.state, 'state')) === 'open');
  admin.disconnect();
  await server.kill();
  await waitFor('degraded', () => a.store.status === 'degraded');
  a.breaker.reset(); // local while degraded: this replica no longer runs on the open
  server = await startRedis({ port });
  await waitFor('re-synced', () => a.store.status === 'up');
  admin = connect(server, { enableOfflineQueue: true });
  expect(await admin.hgetall(keys.state)).toEqual({});
});

it('reads a fleet state kept under the old key layout once, and carries it over', async () => {
  server = await startRedis();
  admin = connect(server, { enableOfflineQueue: true });
  await admin.hset('res:breaker:svc:state', { state: 'isolated', openedAt: '', version: '5', by: 'old' });
  replicas = new Replicas(server);
  const a = replicas.add('a');
  await waitFor('isolated', () => a.breaker.state === 'isolated');
  expect(await a.call()).toBeInstanceOf(IsolatedCircuitError);
  await waitFor('carried over to the new keys', async () => (await admin!.hget(keys.state, 'state')) === 'isolated');
  a.breaker.reset(); // from an isolated replica: the fleet closes, under the new keys
  await waitFor('closed in Redis', async () => (await admin!.hget(keys.state, 'state')) === 'closed');
});
