// The fleet through a master failover, as three processes see it: what the failover
// tests assert and the README reports.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { Child, type ChildMessage } from './children.js';
import { delay, waitFor } from './clients.js';
import { Target } from './target.js';

export const FAILURE_THRESHOLD = 5;
/** Long enough for a failover and the re-sync to happen while the fleet is still open. */
export const RECOVERY_TIMEOUT = 8_000;

/** What a failover test file shares: its Redis topology, the target its fleet calls, the fleet's processes. */
export interface FailoverRig<T> {
  readonly topology: T;
  readonly target: Target;
  /** Processes started by the current test (`startFleet` adds to it); closed after each test. */
  readonly children: Child[];
}

/**
 * Registers the hooks of a failover test file: the topology and the target start once before its
 * tests, each test's processes close after it, and both stop after the last test.
 *
 * @example const rig = failoverRig(startCluster); // in a test: startFleet(rig.children, rig.target, ...)
 */
export function failoverRig<T extends { stop(): Promise<void> }>(start: () => Promise<T>): FailoverRig<T> {
  const rig = { children: [] as Child[] } as { topology: T | undefined; target: Target | undefined; children: Child[] };
  beforeAll(async () => {
    [rig.topology, rig.target] = await Promise.all([start(), new Target().start()]);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(rig.children.splice(0).map((child) => child.close()));
  });
  afterAll(async () => {
    await rig.target?.close();
    await rig.topology?.stop();
  });
  return rig as FailoverRig<T>;
}

/** Starts one application process per id on `redis` (a connect.mjs config) and waits until each store is up. */
export async function startFleet(
  children: Child[],
  target: Target,
  redis: Record<string, unknown>,
  name: string,
  ids: string[],
  { store = {}, recoveryTimeout = RECOVERY_TIMEOUT }: { store?: Record<string, unknown>; recoveryTimeout?: number } = {},
): Promise<Child[]> {
  const fleet = ids.map(
    (id) =>
      new Child('replica.mjs', {
        id, name, redis, target: target.url, failureThreshold: FAILURE_THRESHOLD, recoveryTimeout, store,
      }),
  );
  children.push(...fleet);
  await Promise.all(fleet.map((child) => child.event('up', 15_000)));
  return fleet;
}

export const changed = (child: Child, to: string): ChildMessage | undefined => child.events.find((e) => e.event === 'stateChange' && e.to === to);

/** Failing calls, taking turns across the fleet, until every process is open: the failing calls that reached the target. */
export async function openFleet(fleet: Child[], target: Target): Promise<number> {
  target.failing.add('*');
  for (let i = 0; i < 3 * FAILURE_THRESHOLD && !fleet.every((child) => changed(child, 'open')); i++) {
    await fleet[i % fleet.length]!.request('call');
    await delay(15);
  }
  await waitFor('every replica open', () => fleet.every((child) => changed(child, 'open') !== undefined));
  return target.total;
}

/** Whether a call's reply is a probe's: it reached the target from a breaker that was not closed when it began. */
export function isProbe(reply: ChildMessage): boolean {
  return reply.before !== 'closed' && (reply.outcome === 'ok' || reply.outcome === 'failed');
}

/** What the fleet went through while its Redis master was replaced. */
export interface Gap {
  /** Ms from the kill until the last process re-synced. */
  resync: number;
  /** Calls made while a process's store was degraded (decided by local state). */
  degradedCalls: number;
  /** Every call's outcome during the gap. */
  outcomes: string[];
  /** When each probe of the gap began: a call that reached the target from a breaker not closed when it began. */
  probes: number[];
}

/** Calls every 20 ms from every process from the kill until each one's store re-synced. */
export async function throughFailover(fleet: Child[], kill: () => Promise<void>): Promise<Gap> {
  const killedAt = Date.now();
  await kill();
  const recovered = (child: Child): ChildMessage | undefined =>
    child.events.find((e) => e.event === 'recovered' && Number(e.at) >= killedAt);
  const outcomes: string[] = [];
  const probes: number[] = [];
  let degradedCalls = 0;
  const deadline = Date.now() + 20_000;
  while (!fleet.every((child) => recovered(child) !== undefined)) {
    if (Date.now() > deadline) throw new Error(`no re-sync within 20 s: ${JSON.stringify(fleet.map((c) => c.events.slice(-3)))}`);
    const replies = await Promise.all(fleet.map((child) => child.request('call')));
    for (const reply of replies) {
      outcomes.push(String(reply.outcome));
      if (reply.status === 'degraded') degradedCalls++;
      if (isProbe(reply)) probes.push(Number(reply.startedAt));
    }
    await delay(20);
  }
  const resync = Math.max(...fleet.map((child) => Number(recovered(child)!.at))) - killedAt;
  return { resync, degradedCalls, outcomes, probes };
}

/** After recoveryTimeout: every process calls twice at once; the calls that reached the target (one probe for the fleet), then every process closes. */
export async function probeRound(fleet: Child[], target: Target): Promise<number> {
  target.failing.clear();
  const openedAt = Math.min(...fleet.map((child) => Number(changed(child, 'open')!.at)));
  await delay(Math.max(0, openedAt + RECOVERY_TIMEOUT + 100 - Date.now()));
  target.latency = 100;
  const sent = target.total;
  const round = await Promise.all(fleet.flatMap((child) => [child.request('call'), child.request('call')]));
  const probes = target.total - sent;
  expect(round.filter((r) => r.outcome === 'ok')).toHaveLength(1);
  expect(round.filter((r) => r.outcome === 'rejected')).toHaveLength(2 * fleet.length - 1);
  await waitFor('every replica closed', () => fleet.every((child) => changed(child, 'closed') !== undefined));
  target.latency = 0;
  const after = await Promise.all(fleet.map((child) => child.request('call')));
  expect(after.map((r) => r.outcome)).toEqual(fleet.map(() => 'ok'));
  return probes;
}
