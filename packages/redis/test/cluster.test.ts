// A fleet of 3 application processes on a real Redis Cluster (3 masters, 3 replicas),
// through the death of the master serving the breaker — one whose replica never got the
// open, so the failover loses it and the fleet must re-derive it.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { keySlot } from '../src/common/client.js';
import { breakerKeys } from '../src/index.js';
import type { Child } from './support/children.js';
import { waitFor } from './support/clients.js';
import { FAILURE_THRESHOLD, openFleet, probeRound, startFleet, throughFailover } from './support/scenario.js';
import { Target } from './support/target.js';
import { ask, startCluster } from './support/topology.mjs';

let cluster: Awaited<ReturnType<typeof startCluster>>;
let target: Target;
let children: Child[] = [];

beforeAll(async () => {
  [cluster, target] = await Promise.all([startCluster(), new Target().start()]);
}, 60_000);
afterEach(async () => {
  await Promise.all(children.map((child) => child.close()));
  children = [];
});
afterAll(async () => {
  await target?.close();
  await cluster?.stop();
});

it('opens once for the fleet, stays open through a master failover that lost the open, re-syncs and probes once', async () => {
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
  expect((await cluster.masterOf(slot))?.port).toBe(replica.port);

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
