// @res/mcp's ResilientClient with `policy.store`: one breaker per server name for the fleet.
import { BrokenCircuitError } from '@res/core';
import { ResilientClient } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisBreakerStore, type RedisBreakerStore } from '../src/index.js';
import { connect, waitFor } from './support/clients.js';
import { startRedis, type RedisServer } from './support/redis-server.mjs';

let server: RedisServer;
let admin: Redis;

beforeAll(async () => {
  server = await startRedis();
  admin = connect(server, { enableOfflineQueue: true });
});
afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

it('opens the server breaker of every client in the fleet, and detaches on close()', async () => {
  const mcp = createInMemoryServer({ faults: { read_item: { type: 'rpc-error', code: -32603 } } });
  const replicas = ['a', 'b'].map((id) => {
    const redis = connect(server);
    const store: RedisBreakerStore = redisBreakerStore(redis, { replicaId: id });
    const client = new ResilientClient({
      name: 'fake',
      connect: () => mcp.transport(),
      preset: 'local',
      policy: { store, failureThreshold: 2, maxAttempts: 1, recoveryTimeout: 60_000 },
    });
    return { redis, store, client };
  });
  try {
    // Validation builds no breaker on the store: only the client's own is subscribed.
    await waitFor('both stores up', () => replicas.every((r) => r.store.status === 'up'));
    expect(await admin.pubsub('CHANNELS', '*')).toEqual(['res:{fake}:breaker']);

    const [a, b] = replicas;
    await expect(a!.client.callTool('read_item', { id: '1' })).rejects.toMatchObject({ kind: 'protocol' });
    await expect(b!.client.callTool('read_item', { id: '2' })).rejects.toMatchObject({ kind: 'protocol' });
    await waitFor('both open', () => a!.client.breaker.state === 'open' && b!.client.breaker.state === 'open');
    await expect(a!.client.callTool('read_item', { id: '3' })).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(mcp.calls('read_item')).toBe(2);
    expect(a!.client.health().state).toBe('open');

    await a!.client.close();
    await b!.client.close();
    await waitFor('unsubscribed', async () => (await admin.pubsub('NUMSUB', 'res:{fake}:breaker'))[1] === 0);
  } finally {
    for (const r of replicas) {
      await r.client.close();
      await r.store.close();
      r.redis.disconnect();
    }
    await mcp.close();
  }
});
