// Two replicas of one service share a breaker and a rate limit through Redis.
//
//   REDIS_URL=redis://127.0.0.1:6379 node examples/fleet.mjs
//
// (Without REDIS_URL it starts a throwaway redis-server of its own, like the tests.)
// In a real fleet each replica is its own process with one store; here two stores in
// one process stand for two machines.
import console from 'node:console';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { circuitBreaker, RateLimitError } from '@res/core';
import { Redis } from 'ioredis';
import { redisBreakerStore, redisRateLimit } from '@res/redis';

const own = process.env.REDIS_URL === undefined ? await (await import('../test/support/redis-server.mjs')).startRedis() : undefined;
const url = process.env.REDIS_URL ?? own.url;

// The client options the README recommends: fail fast while Redis is away.
const connect = () => new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });

const replicas = ['web-1', 'web-2'].map((replicaId) => {
  const redis = connect();
  const store = redisBreakerStore(redis, { replicaId });
  store.on('degraded', ({ error }) => console.log(`${replicaId}: Redis unavailable, deciding locally (${error})`));
  const breaker = circuitBreaker({ name: 'billing', failureThreshold: 4, recoveryTimeout: 500, store });
  breaker.on('stateChange', ({ from, to }) => console.log(`${replicaId}: ${from} -> ${to}`));
  return { replicaId, redis, store, breaker };
});
while (!replicas.every(({ store }) => store.status === 'up')) await sleep(10);

let billingUp = false;
let requests = 0;
const billing = async () => {
  requests++;
  if (!billingUp) throw new Error('billing is down');
  return 'invoice';
};
const call = ({ breaker }) => breaker.execute(billing).then(
  (value) => value,
  (error) => error.name,
);

console.log('billing goes down; the replicas take turns calling it');
for (let i = 0; i < 6; i++) {
  console.log(`  ${replicas[i % 2].replicaId}: ${await call(replicas[i % 2])}`);
  await sleep(25); // calls a few ms apart, like real traffic: the fleet's open arrives in well under 1 ms
}
console.log(`requests that reached billing: ${requests} (4 for the whole fleet, not 4 per replica)`);

billingUp = true;
await sleep(550);
console.log('after recoveryTimeout both are half-open; only one sends the probe');
console.log(`  ${(await Promise.all(replicas.map(call))).join(', ')}`);
await sleep(20);
console.log(`  states: ${replicas.map(({ breaker }) => breaker.state).join(', ')}`);

const limits = replicas.map(({ redis }) => redisRateLimit(redis, { key: 'billing', tokens: 3, interval: 1_000 }));
while (!limits.every((limit) => limit.status === 'up')) await sleep(10);
const admitted = [];
for (let i = 0; i < 6; i++) {
  admitted.push(await limits[i % 2].execute(() => 'ok').catch((error) => (error instanceof RateLimitError ? `wait ${Math.ceil(error.retryAfter)} ms` : error)));
}
console.log(`a rate limit of 3 per second for the fleet: ${admitted.join(', ')}`);

for (const limit of limits) limit.close();
for (const { breaker, store, redis } of replicas) {
  breaker.dispose();
  await store.close();
  redis.disconnect();
}
await own?.stop();
