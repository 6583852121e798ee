// Redis dead, frozen or unreachable: breakers go on with local state, no call fails or
// waits because of Redis, the outage is reported once, and the fleet state syncs back.
import { BrokenCircuitError } from '@res/core';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { breakerKeys, type RedisEvents } from '../src/index.js';
import { connect, delay, waitFor } from './support/clients.js';
import { Replicas, type Replica } from './support/in-process.js';
import { freePort, startRedis, type RedisServer } from './support/redis-server.mjs';

let server: RedisServer | undefined;
let admin: Redis | undefined;
let replicas: Replicas | undefined;
const keys = breakerKeys('res', 'svc');

afterEach(async () => {
  await replicas?.closeAll();
  admin?.disconnect();
  server?.resume();
  await server?.stop();
  server = admin = replicas = undefined;
});

function record(replica: Replica): { degraded: RedisEvents['degraded'][]; recovered: RedisEvents['recovered'][] } {
  const seen = { degraded: [] as RedisEvents['degraded'][], recovered: [] as RedisEvents['recovered'][] };
  replica.store.on('degraded', (event) => seen.degraded.push(event));
  replica.store.on('recovered', (event) => seen.recovered.push(event));
  return seen;
}

/** Successful calls every 2 ms until stopped: what each resolved or rejected with. */
function traffic(all: Replica[]): { stop: () => Promise<unknown[]> } {
  const outcomes: unknown[] = [];
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      outcomes.push(...(await Promise.all(all.map((r) => r.call()))));
      await delay(2);
    }
  })();
  return {
    stop: async () => {
      state.running = false;
      await loop;
      return outcomes;
    },
  };
}

describe('Redis killed mid-run', () => {
  it('calls go on with local state, the outage is reported once, and the fleet state syncs when Redis is back', async () => {
    server = await startRedis();
    const port = server.port;
    replicas = new Replicas(server);
    let reconnectA = 50; // a's two connections (the client and the store's duplicate) share it
    const a = replicas.add('a', { failureThreshold: 3, recoveryTimeout: 150 }, {}, { retryStrategy: () => reconnectA });
    const b = replicas.add('b', { failureThreshold: 3, recoveryTimeout: 150 });
    await waitFor('up', () => a.store.status === 'up' && b.store.status === 'up');
    const seenA = record(a);
    const seenB = record(b);
    const load = traffic([b]);

    await server.kill();
    await waitFor('degraded reported', () => seenA.degraded.length === 1 && seenB.degraded.length === 1);
    expect(a.store.status).toBe('degraded');

    // Local state: a's own failures open a alone, with no Redis to tell b.
    for (let i = 0; i < 3; i++) expect(await a.fail()).toEqual(new Error('a failed'));
    expect(a.breaker.state).toBe('open');
    expect(await a.call()).toBeInstanceOf(BrokenCircuitError);
    // Half-open with Redis down: the trial is granted locally and closes a.
    await delay(160);
    expect(await a.call()).toBe('ok');
    expect(a.breaker.state).toBe('closed');
    expect(b.breaker.state).toBe('closed');

    const outcomes = await load.stop();
    expect(outcomes.length).toBeGreaterThan(20);
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);

    // Redis comes back (empty: no persistence). b reconnects first; a is still cut off.
    reconnectA = 600;
    await delay(60);
    server = await startRedis({ port });
    await waitFor('b recovered', () => seenB.recovered.length === 1);
    // b, alone in the live fleet, opens it; a learns it on its re-read once reconnected.
    for (let i = 0; i < 3; i++) await b.fail();
    await waitFor('fleet open', () => b.breaker.state === 'open');
    const openedAt = b.breaker.stats().openedAt;
    expect(a.breaker.state).toBe('closed');
    await waitFor('a recovered and synced', () => seenA.recovered.length === 1 && a.breaker.stats().openedAt === openedAt, 3_000);
    expect(['open', 'half-open']).toContain(a.breaker.state);

    // Subscriptions are back: a fleet-wide reset reaches both.
    a.breaker.reset();
    await waitFor('both closed', () => a.breaker.state === 'closed' && b.breaker.state === 'closed');

    expect(seenA.degraded).toHaveLength(1);
    expect(seenB.degraded).toHaveLength(1);
    expect(seenA.recovered[0]!.downtime).toBeGreaterThan(0);
  });
});

describe('Redis too slow', () => {
  it('bounds every command by commandTimeout, never delays a call, and recovers when Redis answers again', async () => {
    server = await startRedis();
    replicas = new Replicas(server);
    const a = replicas.add('a', { failureThreshold: 2, recoveryTimeout: 100 }, { commandTimeout: 100 });
    await waitFor('up', () => a.store.status === 'up');
    const seen = record(a);

    server.pause();
    let started = Date.now();
    await a.fail(); // the failure report hangs in Redis, the call does not
    expect(Date.now() - started).toBeLessThan(50);
    await waitFor('degraded', () => seen.degraded.length === 1, 1_000);
    expect(seen.degraded[0]!.error).toMatchObject({ name: 'CommandTimeoutError', timeout: 100 });

    await a.fail();
    expect(a.breaker.state).toBe('open');
    await delay(110);
    started = Date.now();
    expect(await a.call()).toBe('ok'); // half-open trial: granted locally, no wait on Redis
    expect(Date.now() - started).toBeLessThan(50);

    server.resume();
    await waitFor('recovered', () => seen.recovered.length === 1, 2_000);
    expect(a.store.status).toBe('up');
    expect(seen.degraded).toHaveLength(1);
  });
});

describe('Redis unreachable or misbehaving', () => {
  it('works locally from the start, and syncs once Redis appears', async () => {
    const port = await freePort();
    replicas = new Replicas({ host: '127.0.0.1', port });
    const a = replicas.add('a', { failureThreshold: 2 });
    const seen = record(a);
    await waitFor('degraded', () => seen.degraded.length === 1);
    expect(await a.call()).toBe('ok');
    await a.fail();
    await a.fail();
    expect(a.breaker.state).toBe('open');

    server = await startRedis({ port });
    await waitFor('recovered', () => seen.recovered.length === 1 && a.store.status === 'up', 3_000);
    a.breaker.reset();
    admin = connect(server, { enableOfflineQueue: true });
    await a.fail();
    await waitFor('counted in Redis', async () => (await admin!.zcard(keys.failures)) === 1);
  });

  it('a failing script (a key of the wrong type) degrades the store and never reaches the call', async () => {
    server = await startRedis();
    admin = connect(server, { enableOfflineQueue: true });
    await admin.set(keys.failures, 'not a sorted set');
    replicas = new Replicas(server);
    const a = replicas.add('a', { failureThreshold: 2 });
    await waitFor('up', () => a.store.status === 'up');
    const seen = record(a);
    expect(await a.fail()).toEqual(new Error('a failed'));
    await waitFor('degraded', () => seen.degraded.length === 1);
    expect(String(seen.degraded[0]!.error)).toContain('WRONGTYPE');
    expect(await a.fail()).toEqual(new Error('a failed'));
    expect(a.breaker.state).toBe('open');
  });
});
