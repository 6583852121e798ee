// A fleet of 3 application processes on a master + replica watched by 3 sentinels (the
// client follows the master through ioredis' sentinel options), through the death of the
// master in the middle of a half-open round: the probe lease stays single.
import { expect, it } from 'vitest';
import { breakerKeys } from '../src/index.js';
import { delay, waitFor } from './support/clients.js';
import { changed, FAILURE_THRESHOLD, openFleet, startFleet, throughFailover, failoverRig, isProbe } from './support/scenario.js';
import { ask, startSentinels } from './support/topology.mjs';

const RECOVERY_TIMEOUT = 3_000; // also the probe lease
const PROBE_LATENCY = 2_500; // the probe is still in flight when the master dies

const rig = failoverRig(() => startSentinels());

it('opens once for the fleet, keeps one probe per lease while the master is replaced, re-syncs and closes everywhere', async () => {
  const { topology: sentinel, target, children } = rig;
  const redis = { kind: 'sentinel', sentinels: sentinel.sentinels, name: sentinel.name };
  const keys = breakerKeys('res', 'raindrop');
  const fleet = await startFleet(children, target, redis, 'raindrop', ['a', 'b', 'c'], { recoveryTimeout: RECOVERY_TIMEOUT });
  const { master, replica } = sentinel;
  expect(await ask(master.port, 'PUBSUB', 'NUMSUB', keys.channel)).toEqual([keys.channel, 3]);

  // Before: one open for the fleet.
  const failing = await openFleet(fleet, target);
  expect(failing).toBeGreaterThanOrEqual(FAILURE_THRESHOLD);
  expect(failing).toBeLessThanOrEqual(FAILURE_THRESHOLD + 1);
  const openedAt = Math.min(...fleet.map((child) => Number(changed(child, 'open')!.at)));

  // Half-open: a takes the lease and probes (slowly); b and c are refused.
  target.failing.clear();
  target.latency = PROBE_LATENCY;
  await delay(openedAt + RECOVERY_TIMEOUT + 100 - Date.now());
  const probe = fleet[0]!.request('call');
  await waitFor('the probe sent', () => target.total === failing + 1);
  const refused = await Promise.all(fleet.slice(1).map((child) => child.request('call')));
  expect(refused.map((r) => r.outcome)).toEqual(['rejected', 'rejected']);

  // During: the master dies with the probe in flight. b and c honour the lease they were
  // refused until it would expire, Redis or not: no second probe.
  const gap = await throughFailover(fleet.slice(1), () => master.kill());
  expect(gap.outcomes.length).toBeGreaterThan(0);
  expect(gap.outcomes.filter((o) => o !== 'rejected' && o !== 'ok')).toEqual([]);
  expect((await probe).outcome).toBe('ok');
  await sentinel.failedOver();

  // After: every store listens on the new master, which holds the fleet state; the fleet
  // ends closed everywhere with at most one more probe, a lease later.
  await waitFor('every store subscribed on the new master', async () => {
    const [, subscribers] = (await ask(replica.port, 'PUBSUB', 'NUMSUB', keys.channel)) as [string, number];
    return subscribers === 3;
  }, 10_000);
  expect(['open', 'closed']).toContain(await ask(replica.port, 'HGET', keys.state, 'state'));
  target.latency = 0;
  const deadline = Date.now() + 3 * RECOVERY_TIMEOUT;
  // A probe is a call that reached the target from a breaker that was not closed when the call began (isProbe). A
  // process that closed on the fleet's news (pub/sub) before its 'closed' event reached this test calls as
  // a closed breaker does: that call reaches the target too, and is no probe.
  const probes = [target.log[failing]!.at, ...gap.probes];
  while (!fleet.every((child) => changed(child, 'closed'))) {
    expect(Date.now()).toBeLessThan(deadline);
    const replies = await Promise.all(fleet.filter((child) => !changed(child, 'closed')).map((child) => child.request('call')));
    for (const reply of replies) if (isProbe(reply)) probes.push(Number(reply.startedAt));
    await delay(50);
  }
  // Every call that reached the target since the fleet opened is a probe or a closed breaker's call.
  expect(target.log.length - failing).toBeGreaterThanOrEqual(probes.length);
  expect(probes.length).toBeLessThanOrEqual(2);
  // Two probes are a lease apart at least: the lease was never held twice.
  for (let i = 1; i < probes.length; i++) expect(probes[i]! - probes[i - 1]!).toBeGreaterThanOrEqual(RECOVERY_TIMEOUT - 300);
  const after = await Promise.all(fleet.map((child) => child.request('call')));
  expect(after.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
  console.log(`sentinel failover: re-sync ${gap.resync} ms after the kill, ${gap.degradedCalls} calls decided locally, ${probes.length} probe(s), ${probes.length > 1 ? probes[1]! - probes[0]! : 0} ms apart`);
}, 90_000);
