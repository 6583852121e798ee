// A fleet of 3 application processes on a real Redis Cluster (3 masters, 3 replicas),
// through the death of the master serving the breaker — one whose replica never got the
// open, so the failover loses it and the fleet must re-derive it.
import { circuitBreaker, RateLimitError } from '@res/core';
import { Cluster } from 'ioredis';
import { expect, it } from 'vitest';
import { keySlot } from '../src/common/client.js';
import { breakerKeys, redisBreakerStore, redisRateLimit, rateLimitKey } from '../src/index.js';
import { waitFor } from './support/clients.js';
import { FAILURE_THRESHOLD, openFleet, probeRound, startFleet, throughFailover, failoverRig } from './support/scenario.js';
import { ask, startCluster } from './support/topology.mjs';

const rig = failoverRig(() => startCluster());

it('shares breakers whose keys live on different masters, and a rate limit, through Cluster clients', async () => {
  const { topology: cluster } = rig;
  const masters = new Map<number, string>();
  for (let i = 0; masters.size < 2; i++) {
    const name = `svc-${i}`;
    const master = (await cluster.masterOf(keySlot(breakerKeys('res', name).state)))!;
    if (!masters.has(master.port)) masters.set(master.port, name);
  }
  const names = [...masters.values()];
  const clients = [0, 1].map(() => {
    const client = new Cluster(cluster.startupNodes, { enableOfflineQueue: false, redisOptions: { maxRetriesPerRequest: 1 } });
    client.on('error', () => undefined);
    return client;
  });
  const stores = clients.map((client, i) => redisBreakerStore(client, { replicaId: `r${i}`, retryInterval: 100 }));
  const limits = clients.map((client) => redisRateLimit(client, { key: 'api', tokens: 3, interval: 60_000 }));
  const breakers = stores.map((store) => names.map((name) => circuitBreaker({ name, failureThreshold: 2, recoveryTimeout: 60_000, store })));
  try {
    await waitFor('stores and limits up', () => [...stores, ...limits].every((s) => s.status === 'up'), 10_000);
    for (const [port, name] of masters) {
      const channel = breakerKeys('res', name).channel;
      expect(await ask(port, 'PUBSUB', 'SHARDNUMSUB', channel)).toEqual([channel, 2]);
    }
    // One failure on each replica opens each breaker on both: 2 failures, 2 reporters.
    for (const row of breakers) for (const breaker of row) await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
    await waitFor('all open', () => breakers.flat().every((breaker) => breaker.state === 'open'));

    const admitted = [];
    for (let i = 0; i < 6; i++) admitted.push(await limits[i % 2]!.execute(() => 'ok').catch((error: unknown) => error instanceof RateLimitError));
    expect(admitted).toEqual(['ok', 'ok', 'ok', true, true, true]);
    expect(await ask((await cluster.masterOf(keySlot(rateLimitKey('res', 'api'))))!.port, 'EXISTS', rateLimitKey('res', 'api'))).toBe(1);
  } finally {
    for (const breaker of breakers.flat()) breaker.dispose();
    for (const limit of limits) limit.close();
    await Promise.all(stores.map((store) => store.close()));
    for (const client of clients) client.disconnect();
  }
}, 30_000);

it('opens once for the fleet, stays open through a master failover that lost the open, re-syncs and probes once', async () => {
  const { topology: cluster, target, children } = rig;
  const redis = { kind: 'cluster', nodes: cluster.startupNodes };
  const keys = breakerKeys('res', 'mailgun');
  const slot = keySlot(keys.state);
  const fleet = await startFleet(children, target, redis, 'mailgun', ['a', 'b', 'c']);
  const master = (await cluster.masterOf(slot))!;
  const replica = (await cluster.replicaOf(master.port))!;
  // The live-replica count is the shard channel's subscribers, on the master of the slot.
  expect(await ask(master.port, 'PUBSUB', 'SHARDNUMSUB', keys.channel)).toEqual([keys.channel, 3]);

  // Before: the replica is frozen and cut from its master, so the open never reaches it.
  replica.pause();
  expect(await ask(master.port, 'CLIENT', 'KILL', 'TYPE', 'replica')).toBe(1);
  const failing = await openFleet(fleet, target);
  expect(failing).toBeGreaterThanOrEqual(FAILURE_THRESHOLD);
  expect(failing).toBeLessThanOrEqual(FAILURE_THRESHOLD + 1);
  expect(await ask(master.port, 'HGET', keys.state, 'state')).toBe('open');

  // During: the master dies; the replica is promoted without the open.
  const gap = await throughFailover(fleet, async () => {
    await master.kill();
    replica.resume();
  });
  expect(gap.outcomes.length).toBeGreaterThan(0);
  expect(new Set(gap.outcomes)).toEqual(new Set(['rejected'])); // open everywhere, no call failed
  expect(target.total).toBe(failing);
  await waitFor('the replica promoted', async () => (await cluster.masterOf(slot))?.port === replica.port, 10_000);

  // After: the open was re-derived on the new master, every store listens there again.
  expect(await ask(replica.port, 'HGET', keys.state, 'state')).toBe('open');
  expect(await ask(replica.port, 'PUBSUB', 'SHARDNUMSUB', keys.channel)).toEqual([keys.channel, 3]);
  const [late] = await startFleet(children, target, redis, 'mailgun', ['d']);
  await waitFor('the late joiner open', () => late!.events.some((e) => e.event === 'stateChange' && e.to === 'open'));
  expect((await late!.request('call')).outcome).toBe('rejected');

  const probes = await probeRound([...fleet, late!], target);
  expect(probes).toBe(1);
  console.log(`cluster failover: re-sync ${gap.resync} ms after the kill, ${gap.degradedCalls} calls decided locally, ${probes} probe in the round`);
}, 90_000);
