import { BrokenCircuitError, IsolatedCircuitError, type CircuitState } from '@res/core';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { breakerKeys } from '../src/index.js';
import { connect, delay, waitFor } from './support/clients.js';
import { Replicas, type Replica } from './support/in-process.js';
import { startRedis, type RedisServer } from './support/redis-server.mjs';

let server: RedisServer;
let admin: Redis;
let replicas: Replicas;
const keys = breakerKeys('res', 'svc');

beforeAll(async () => {
  server = await startRedis();
  admin = connect(server, { enableOfflineQueue: true });
  replicas = new Replicas(server);
});
afterEach(async () => {
  await replicas.closeAll();
  await admin.flushall();
});
afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

async function fleet(...ids: string[]): Promise<Replica[]> {
  const made = ids.map((id) => replicas.add(id));
  await waitFor('every store up', () => made.every((r) => r.store.status === 'up'));
  return made;
}

const states = (all: Replica[]): CircuitState[] => all.map((r) => r.breaker.state);

/** Failures are fire and forget: wait until Redis has counted `n` of them. */
async function counted(n: number): Promise<void> {
  await waitFor(`${n} failures counted`, async () => (await admin.zcard(keys.failures)) >= n);
}

describe('fleet-wide open', () => {
  it('opens every replica once failureThreshold failures are counted across the fleet, not per replica', async () => {
    const [a, b, c] = await fleet('a', 'b', 'c');
    await a!.fail();
    await a!.fail();
    await b!.fail();
    await b!.fail();
    await counted(4);
    await delay(30);
    expect(states([a!, b!, c!])).toEqual(['closed', 'closed', 'closed']);

    await c!.fail();
    await waitFor('all open', () => states([a!, b!, c!]).every((s) => s === 'open'));
    const openedAt = a!.breaker.stats().openedAt;
    expect(b!.breaker.stats().openedAt).toBe(openedAt);
    expect(c!.breaker.stats().openedAt).toBe(openedAt);
    expect(await admin.hgetall(keys.state)).toMatchObject({ state: 'open', openedAt: String(openedAt), by: 'c' });
    // The count starts again after an open.
    expect(await admin.exists(keys.failures, keys.reporters)).toBe(0);
    const rejected = await c!.call();
    expect(rejected).toBeInstanceOf(BrokenCircuitError);
  });

  it('quorum: one replica failing alone opens only itself', async () => {
    const [a, b, c] = await fleet('a', 'b', 'c');
    for (let i = 0; i < 8; i++) await a!.fail();
    await counted(5);
    await delay(30);
    expect(states([a!, b!, c!])).toEqual(['open', 'closed', 'closed']);
    expect(await admin.exists(keys.state)).toBe(0);
    expect(await admin.zrange(keys.reporters, 0, '-1')).toEqual(['a']);
    // The failures kept are bounded by the threshold, whatever the failure rate.
    expect(await admin.zcard(keys.failures)).toBe(5);

    // A second reporter makes the quorum: the next failure opens the fleet.
    await b!.fail();
    await waitFor('b and c open', () => b!.breaker.state === 'open' && c!.breaker.state === 'open');
    expect(await admin.hget(keys.state, 'by')).toBe('b');
  });

  it('a fleet of one replica opens fleet-wide on its own', async () => {
    const [a] = await fleet('a');
    for (let i = 0; i < 5; i++) await a!.fail();
    await waitFor('the fleet state', async () => (await admin.hget(keys.state, 'state')) === 'open');
    expect(a!.breaker.state).toBe('open');
    const late = replicas.add('late');
    await waitFor('the late joiner open', () => late.breaker.state === 'open');
  });

  it('minReporters is capped by the live replicas, and may be raised', async () => {
    const strict = ['a', 'b', 'c'].map((id) => replicas.add(id, {}, { minReporters: 3 }));
    await waitFor('every store up', () => strict.every((r) => r.store.status === 'up'));
    const [a, b, c] = strict;
    for (let i = 0; i < 3; i++) await a!.fail();
    for (let i = 0; i < 3; i++) await b!.fail();
    await counted(5);
    await delay(30);
    expect(c!.breaker.state).toBe('closed');
    await c!.fail();
    await waitFor('c opened by the fleet', () => c!.breaker.state === 'open');
  });

  it('reports a failure storm in batches: one script in flight per breaker, the rest sent together', async () => {
    const a = replicas.add('a', { failureThreshold: 1_000_000 }, { failureThreshold: 50 });
    const b = replicas.add('b'); // a second live replica: a alone never makes the quorum
    await waitFor('both up', () => a.store.status === 'up' && b.store.status === 'up');
    const scripts = async (): Promise<number> => Number(/cmdstat_evalsha:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
    const before = await scripts();
    await Promise.all(Array.from({ length: 400 }, () => a.fail()));
    await waitFor('counted', async () => (await admin.zcard(keys.failures)) === 50);
    expect((await scripts()) - before).toBeLessThanOrEqual(3);
    expect(a.store.status).toBe('up');
    expect(b.breaker.state).toBe('closed');
  });

  it('a failure reported against an open fleet brings a replica that missed the message up to date', async () => {
    const [a] = await fleet('a');
    await admin.hset(keys.state, { state: 'open', openedAt: String(Date.now()), version: String(Date.now() * 1000 + 5e12), by: 'elsewhere' });
    await a!.fail();
    await waitFor('a open', () => a!.breaker.state === 'open');
  });
});

describe('half-open: one probe for the whole fleet', () => {
  async function openFleet(recoveryTimeout: number): Promise<Replica[]> {
    const all = ['a', 'b', 'c'].map((id) => replicas.add(id, { recoveryTimeout, failureThreshold: 3 }));
    await waitFor('every store up', () => all.every((r) => r.store.status === 'up'));
    await all[0]!.fail();
    await all[1]!.fail();
    await all[2]!.fail();
    await waitFor('all open', () => states(all).every((s) => s === 'open'));
    return all;
  }

  it('exactly one replica sends the trial; its success closes every replica', async () => {
    const all = await openFleet(150);
    await waitFor('all half-open', () => states(all).every((s) => s === 'half-open'));
    let probes = 0;
    const outcomes = await Promise.all(all.map((r) => r.call(() => ++probes)));
    expect(probes).toBe(1);
    const refused = outcomes.filter((o): o is BrokenCircuitError => o instanceof BrokenCircuitError);
    expect(refused).toHaveLength(2);
    expect(refused.map((e) => e.retryAfter)).toEqual([0, 0]);
    await waitFor('all closed', () => states(all).every((s) => s === 'closed'));
    expect(await admin.hget(keys.state, 'state')).toBe('closed');
    expect(await admin.exists(keys.probe)).toBe(0);
  });

  it('refused replicas keep refusing without a round trip while the lease holder probes', async () => {
    const all = await openFleet(100);
    await waitFor('all half-open', () => states(all).every((s) => s === 'half-open'));
    const [a, b] = all;
    let release: () => void = () => undefined;
    const slowProbe = a!.call(
      () =>
        new Promise<string>((resolve) => {
          release = () => {
            resolve('ok');
          };
        }),
    );
    await waitFor('a holds the lease', async () => (await admin.get(keys.probe)) === 'a');
    for (let i = 0; i < 5; i++) expect(await b!.call()).toBeInstanceOf(BrokenCircuitError);
    release();
    expect(await slowProbe).toBe('ok');
    await waitFor('b closed', () => b!.breaker.state === 'closed');
    expect(await b!.call()).toBe('ok');
  });

  it('a failed probe reopens every replica with the same openedAt', async () => {
    const all = await openFleet(150);
    const firstOpen = all[0]!.breaker.stats().openedAt;
    await waitFor('all half-open', () => states(all).every((s) => s === 'half-open'));
    const outcomes = await Promise.all(all.map((r) => r.fail()));
    expect(outcomes.filter((o) => o instanceof BrokenCircuitError)).toHaveLength(2);
    await waitFor('all open again', () => states(all).every((s) => s === 'open'));
    // The holder dates its own open; the fleet gets the time of its transition (the same ms, or the next).
    const reopened = all.map((r) => r.breaker.stats().openedAt!);
    expect(Math.max(...reopened) - Math.min(...reopened)).toBeLessThanOrEqual(1);
    expect(Math.min(...reopened)).toBeGreaterThan(firstOpen!);
  });
});

describe('manual controls act fleet-wide', () => {
  it('isolate() on one replica isolates all; reset() on another closes all', async () => {
    const [a, b, c] = await fleet('a', 'b', 'c');
    b!.breaker.isolate();
    await waitFor('all isolated', () => states([a!, b!, c!]).every((s) => s === 'isolated'));
    expect(await a!.call()).toBeInstanceOf(IsolatedCircuitError);
    expect(await admin.hget(keys.state, 'state')).toBe('isolated');

    c!.breaker.reset();
    await waitFor('all closed', () => states([a!, b!, c!]).every((s) => s === 'closed'));
    expect(await a!.call()).toBe('ok');
  });

  it('reset() closes a fleet that opened, on every replica', async () => {
    const [a, b] = await fleet('a', 'b');
    for (let i = 0; i < 3; i++) {
      await a!.fail();
      await b!.fail();
    }
    await waitFor('both open', () => states([a!, b!]).every((s) => s === 'open'));
    a!.breaker.reset();
    await waitFor('both closed', () => states([a!, b!]).every((s) => s === 'closed'));
  });

  it('a late joiner learns an isolated fleet', async () => {
    const [a] = await fleet('a');
    a!.breaker.isolate();
    await waitFor('stored', async () => (await admin.hget(keys.state, 'state')) === 'isolated');
    const late = replicas.add('late');
    await waitFor('late isolated', () => late.breaker.state === 'isolated');
  });
});

describe('keys', () => {
  it('namespaces every key under the prefix and gives each a TTL', async () => {
    const all = ['a', 'b'].map((id) => replicas.add(id, { recoveryTimeout: 60_000 }, { prefix: 'app', window: 5_000, stateTtl: 3_600_000 }));
    await waitFor('every store up', () => all.every((r) => r.store.status === 'up'));
    const app = breakerKeys('app', 'svc');
    await all[0]!.fail();
    await all[1]!.fail();
    await waitFor('counted', async () => (await admin.zcard(app.failures)) === 2);
    expect(await admin.keys('*')).toEqual(expect.arrayContaining([app.failures, app.reporters]));
    for (const key of await admin.keys('*')) {
      expect(key.startsWith('app:{svc}:breaker:')).toBe(true);
      const ttl = await admin.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5_000);
    }
    all[0]!.breaker.isolate();
    await waitFor('stored', async () => (await admin.exists(app.state)) === 1);
    expect(await admin.pttl(app.state)).toBeGreaterThan(3_500_000 - 10_000);
    expect(await admin.pubsub('NUMSUB', app.channel)).toEqual([app.channel, 2]);
  });

  it('close() detaches the breakers and leaves the channel', async () => {
    const [a, b] = await fleet('a', 'b');
    await a!.store.close();
    await waitFor('one subscriber left', async () => (await admin.pubsub('NUMSUB', keys.channel))[1] === 1);
    b!.breaker.isolate();
    await delay(50);
    expect(a!.breaker.state).toBe('closed');
    a!.breaker.dispose();
    b!.breaker.dispose();
    await waitFor('no subscriber left', async () => (await admin.pubsub('NUMSUB', keys.channel))[1] === 0);
  });
});
