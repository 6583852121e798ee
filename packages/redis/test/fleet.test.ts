// Several replicas as separate Node processes sharing one Redis (the built packages,
// as a user runs them). Real time, kept short.
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Child } from './support/children.js';
import { connect, delay, waitFor } from './support/clients.js';
import { startRedis, type RedisServer } from './support/redis-server.mjs';
import { Target } from './support/target.js';

const FAILURE_THRESHOLD = 5;
const RECOVERY_TIMEOUT = 600;

let server: RedisServer;
let admin: Redis;
let target: Target;
let children: Child[] = [];

beforeAll(async () => {
  server = await startRedis();
  admin = connect(server, { enableOfflineQueue: true });
  target = await new Target().start();
});
afterEach(async () => {
  await Promise.all(children.map((child) => child.close()));
  children = [];
  await admin.flushall();
  target.requests.clear();
  target.failing.clear();
  target.latency = 0;
});
afterAll(async () => {
  admin.disconnect();
  await target.close();
  await server.stop();
});

async function startFleet(name: string, ids: string[]): Promise<Child[]> {
  const fleet = ids.map(
    (id) =>
      new Child('replica.mjs', {
        id, name, redisPort: server.port, target: target.url, failureThreshold: FAILURE_THRESHOLD, recoveryTimeout: RECOVERY_TIMEOUT,
      }),
  );
  children.push(...fleet);
  await Promise.all(fleet.map((child) => child.event('up')));
  return fleet;
}

const opened = (child: Child): boolean => child.events.some((e) => e.event === 'stateChange' && e.to === 'open');

describe('a fleet of 3 processes', () => {
  it('opens every replica after failureThreshold failures in total, sends one probe, and closes all on recovery', async () => {
    const fleet = await startFleet('mailgun', ['a', 'b', 'c']);
    target.failing.add('*');

    // Calls take turns across the replicas, paced like real traffic.
    for (let i = 0; i < 3 * FAILURE_THRESHOLD && !fleet.every(opened); i++) {
      await fleet[i % 3]!.request('call');
      await delay(15);
    }
    await waitFor('every replica open', () => fleet.every(opened));
    // Per-replica breakers would have let 3 x 5 = 15 failing calls through.
    expect(target.total).toBeGreaterThanOrEqual(FAILURE_THRESHOLD);
    expect(target.total).toBeLessThanOrEqual(FAILURE_THRESHOLD + 1);
    for (const id of ['a', 'b', 'c']) expect(target.requests.get(id) ?? 0).toBeLessThan(FAILURE_THRESHOLD);

    // Open: rejected at once everywhere, nothing reaches the server.
    const whileOpen = await Promise.all(fleet.map((child) => child.request('call')));
    expect(whileOpen.map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected']);
    const sent = target.total;

    // The server recovers; after recoveryTimeout every replica is half-open, but only one probes.
    target.failing.clear();
    target.latency = 100;
    await delay(RECOVERY_TIMEOUT + 50);
    const round = await Promise.all(fleet.flatMap((child) => [child.request('call'), child.request('call')]));
    expect(target.total - sent).toBe(1);
    expect(round.filter((r) => r.outcome === 'ok')).toHaveLength(1);
    expect(round.filter((r) => r.outcome === 'rejected').map((r) => r.retryAfter)).toEqual([0, 0, 0, 0, 0]);
    expect(round.some((r) => r.outcome === 'error')).toBe(false);

    // The probe's success closes every replica.
    await waitFor('every replica closed', () =>
      fleet.every((child) => child.events.some((e) => e.event === 'stateChange' && e.to === 'closed')),
    );
    target.latency = 0;
    const after = await Promise.all(fleet.map((child) => child.request('call')));
    expect(after.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('quorum: one replica failing alone opens itself, not the others', async () => {
    const fleet = await startFleet('raindrop', ['a', 'b', 'c']);
    target.failing.add('a'); // only a's path to the server is broken
    for (let i = 0; i < FAILURE_THRESHOLD + 2; i++) await fleet[0]!.request('call');
    await waitFor('a open', () => opened(fleet[0]!));
    expect((await fleet[0]!.request('call')).outcome).toBe('rejected');
    expect(target.requests.get('a')).toBe(FAILURE_THRESHOLD);
    await delay(50);
    for (const child of fleet.slice(1)) {
      expect(opened(child)).toBe(false);
      expect((await child.request('call')).outcome).toBe('ok');
    }
    expect(await admin.exists('res:{raindrop}:breaker:state')).toBe(0);
  });

  it('isolate() and reset() in one process act on every process', async () => {
    const fleet = await startFleet('unifi', ['a', 'b', 'c']);
    await fleet[2]!.request('isolate');
    await waitFor('all isolated', () => fleet.every((child) => child.events.some((e) => e.event === 'stateChange' && e.to === 'isolated')));
    expect(await fleet[0]!.request('call')).toMatchObject({ outcome: 'rejected', state: 'isolated' });
    await fleet[1]!.request('reset');
    await waitFor('all closed', () => fleet.every((child) => child.events.some((e) => e.event === 'stateChange' && e.to === 'closed')));
    expect((await fleet[0]!.request('call')).outcome).toBe('ok');
  });
});
