// One process of the fleet bench: a breaker on the Redis store, driven over IPC.
// `fail` runs one failing call; `storm` runs `count` failing calls one event-loop turn
// apart; `reset` closes the fleet. Every transition is reported with a wall-clock time
// precise to the µs and shared by the processes of one machine.
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { setImmediate, setInterval, clearInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { circuitBreaker } from '@res/core';
import { redisBreakerStore } from '../dist/index.js';
import { connect } from '../test/fixtures/connect.mjs';

const config = JSON.parse(process.argv[2] ?? '{}');
const redis = connect(config.redis);
const store = redisBreakerStore(redis, { replicaId: config.id, ...config.store });
const breaker = circuitBreaker({ name: config.name, failureThreshold: config.failureThreshold, recoveryTimeout: 600_000, store });
const now = () => performance.timeOrigin + performance.now();
const send = (message) => {
  if (process.connected) process.send(message);
};
breaker.on('stateChange', ({ to }) => send({ event: 'state', to, at: now() }));
const fail = () =>
  breaker
    .execute(() => new Promise((resolve, reject) => setImmediate(() => reject(new Error('down')))))
    .catch(() => undefined);

process.on('message', async ({ id, cmd, count, gap }) => {
  if (cmd === 'fail') {
    const at = now();
    await fail();
    send({ id, at });
  } else if (cmd === 'storm') {
    for (let i = 0; i < count; i++) {
      await fail();
      if (gap > 0) await sleep(gap);
    }
    send({ id });
  } else if (cmd === 'reset') {
    breaker.reset();
    send({ id });
  } else if (cmd === 'close') {
    breaker.dispose();
    await store.close();
    redis.disconnect();
    send({ id });
    process.disconnect();
  }
});
process.on('disconnect', () => process.exit(0));
const ready = setInterval(() => {
  if (store.status === 'up') {
    clearInterval(ready);
    send({ event: 'up' });
  }
}, 5);
