// `pnpm --filter @res/redis bench`: what the Redis store and rate limit cost, against
// local state, in one process, on a redis-server of its own (127.0.0.1, no persistence).
// A report, not a test: it exits 0 whatever the numbers, unless --strict.
//
//   node --expose-gc bench/run.mjs [--rounds 5] [--time 400] [--batch 100] [--samples 30] [--strict]
import console from 'node:console';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { circuitBreaker, pipeline, rateLimit, retry } from '@res/core';
import { Redis } from 'ioredis';
import { redisBreakerStore, redisRateLimit } from '../dist/index.js';
import { startRedis } from '../test/support/redis-server.mjs';
import { gcExposed, measure, median, paired, percentile } from './measure.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    time: { type: 'string', default: '400' },
    batch: { type: 'string', default: '100' },
    samples: { type: 'string', default: '30' },
    strict: { type: 'boolean', default: false },
  },
});
const settings = { rounds: Number(args.rounds), time: Number(args.time), batch: Number(args.batch) };
const samples = Number(args.samples);

const started = performance.now();
const server = await startRedis();
const clients = [];
const stores = [];
const connect = () => {
  const redis = new Redis({ host: server.host, port: server.port, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  clients.push(redis);
  return redis;
};
const admin = new Redis({ host: server.host, port: server.port });
clients.push(admin);
const storeOn = (redis, options = {}) => {
  const store = redisBreakerStore(redis, options);
  stores.push(store);
  return store;
};
const until = async (what, check, timeout = 5_000) => {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
};
/** Commands Redis ran (those inside scripts included), or only the named ones; INFO itself is not counted. */
const commandCount = async (only) => {
  const info = await admin.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_(\w+(?:\|\w+)?):calls=(\d+)/gm)) {
    if (match[1] !== 'info' && (only === undefined || only.includes(match[1]))) total += Number(match[2]);
  }
  return total;
};

try {
  header();
  const mainRedis = connect();
  const store = storeOn(mainRedis, { replicaId: 'bench' });
  const outages = [];
  store.on('degraded', ({ error }) => outages.push(String(error)));
  const fn = async () => 1;
  const fail = async () => {
    throw new Error('down');
  };
  // A failing call as real ones are: its answer comes back through the event loop.
  const failLater = () => new Promise((_, reject) => setImmediate(reject, new Error('down')));

  // 1. Success path
  const local = circuitBreaker({ name: 'local' });
  const shared = circuitBreaker({ name: 'shared', store });
  const localPipeline = pipeline(circuitBreaker({ name: 'local-p' }), retry({ maxAttempts: 3 }));
  const sharedPipeline = pipeline(circuitBreaker({ name: 'shared-p', store }), retry({ maxAttempts: 3 }));
  await until('the store up', () => store.status === 'up');
  const before = await commandCount();
  const success = await measure(
    {
      'bare await fn()': () => fn(),
      'circuitBreaker (local state)': () => local.execute(fn),
      'circuitBreaker + redisBreakerStore': () => shared.execute(fn),
      'pipeline(breaker, retry) local': () => localPipeline.execute(fn),
      'pipeline(breaker, retry) + redisBreakerStore': () => sharedPipeline.execute(fn),
    },
    settings,
  );
  const bare = success.get('bare await fn()');
  console.log('\nSuccess path: await policy.execute(fn), fn = async () => 1');
  table(success, (times) => `${median(times.map((t, round) => t / bare[round])).toFixed(2)}x bare`);
  // The question the store must answer: does it cost anything on success? Cases take turns.
  const ab = await paired(
    {
      local: () => local.execute(fn),
      store: () => shared.execute(fn),
      'local pipeline': () => localPipeline.execute(fn),
      'store pipeline': () => sharedPipeline.execute(fn),
    },
    { turns: samples * 10, batch: 200 },
  );
  const ratio = (a, b) => median(ab.get(a).map((t, turn) => t / ab.get(b)[turn]));
  const breakerRatio = ratio('store', 'local');
  const pipelineRatio = ratio('store pipeline', 'local pipeline');
  console.log(`  A/B in alternating batches (${samples * 10} turns): breaker + store / local ${breakerRatio.toFixed(3)}, pipeline + store / local ${pipelineRatio.toFixed(3)}`);
  const successCommands = (await commandCount()) - before; // INFO itself is not counted
  console.log(`  Redis commands sent during the success runs: ${Math.max(0, successCommands)}`);

  // 2. Open breaker: rejected at once, no Redis either way
  const openLocal = circuitBreaker({ name: 'open-local', failureThreshold: 1, recoveryTimeout: 3_600_000 });
  const openShared = circuitBreaker({ name: 'open-shared', failureThreshold: 1, recoveryTimeout: 3_600_000, store });
  await openLocal.execute(fail).catch(() => undefined);
  await openShared.execute(fail).catch(() => undefined);
  await until('open', () => openShared.state === 'open');
  const rejections = await measure(
    { 'open circuitBreaker (local state)': () => openLocal.execute(fn), 'open circuitBreaker + redisBreakerStore': () => openShared.execute(fn) },
    { ...settings, rejects: true },
  );
  console.log('\nOpen breaker: the call is rejected without running fn');
  table(rejections, () => '');

  // 3. Failure path: every call fails (threshold never reached), each failure is one script
  // Realistic fleet settings (open at 5 failures with 2 reporters); a second, silent replica
  // makes the quorum unreachable, so the fleet never opens and every call fails.
  const failStore = storeOn(connect(), { replicaId: 'bench-failures', failureThreshold: 5 });
  const silent = circuitBreaker({ name: 'fail-shared', store: storeOn(connect(), { replicaId: 'silent' }) });
  const failLocal = circuitBreaker({ name: 'fail-local', failureThreshold: 1_000_000 });
  const failShared = circuitBreaker({ name: 'fail-shared', failureThreshold: 1_000_000, store: failStore });
  failStore.on('degraded', ({ error }) => outages.push(String(error)));
  await until('both stores up', () => failStore.status === 'up' && silent.state === 'closed' && stores.every((s) => s.status === 'up'));
  const beforeFailures = await commandCount(['evalsha', 'eval']);
  let failures = 0;
  const failuresTimes = await measure(
    {
      'failing call, circuitBreaker (local state)': () => failLocal.execute(failLater),
      'failing call, circuitBreaker + redisBreakerStore': () => {
        failures++;
        return failShared.execute(failLater);
      },
    },
    { ...settings, rejects: true },
  );
  await sleep(200); // the last reports are fire and forget
  const failureCommands = (await commandCount(['evalsha', 'eval'])) - beforeFailures;
  console.log('\nFailure path: fn rejects after one event-loop turn; the store reports failures (fire and forget)');
  table(failuresTimes, () => '');
  console.log(
    `  Redis scripts per failure: ${(failureCommands / failures).toFixed(3)} (${failureCommands} reports for ${failures} failures: at most one in flight per breaker, the rest batched)`,
  );
  if (outages.length > 0) console.log(`  the store degraded during the run: ${outages.join('; ')}`);

  // 4. Fleet-wide open: from the failure that reaches the threshold to the other replica's 'open'
  const other = storeOn(connect(), { replicaId: 'other' });
  const opener = circuitBreaker({ name: 'fleet', failureThreshold: 1, store });
  const watcher = circuitBreaker({ name: 'fleet', failureThreshold: 1, store: other });
  await until('both stores up', () => store.status === 'up' && other.status === 'up');
  await sleep(50);
  const propagation = [];
  for (let i = 0; i < samples; i++) {
    watcher.reset(); // fleet-wide
    await until('both closed', () => watcher.state === 'closed' && opener.state === 'closed');
    // A fleet of 2 needs 2 reporters: 'other' has reported already; the opener's failure completes the quorum.
    await admin.del('res:{fleet}:breaker:failures', 'res:{fleet}:breaker:reporters');
    await admin.zadd('res:{fleet}:breaker:reporters', Date.now(), 'other');
    const opened = new Promise((resolve) => {
      const off = watcher.on('stateChange', ({ to }) => {
        if (to !== 'open') return;
        off();
        resolve(performance.now());
      });
    });
    const t0 = performance.now();
    await opener.execute(fail).catch(() => undefined);
    propagation.push((await opened) - t0);
  }
  console.log(`\nFleet-wide open: failure on one replica -> 'open' on another (${samples} samples, loopback)`);
  console.log(`  median ${ms(median(propagation))}, p95 ${ms(percentile(propagation, 0.95))}, max ${ms(Math.max(...propagation))}`);

  // 5. Half-open trial lease: one script per trial call
  const handle = { name: 'lease', state: 'half-open', failureThreshold: 5, recoveryTimeout: 60_000, applyRemote: () => undefined };
  const binding = store.attach(handle);
  await until('lease channel synced', () => store.status === 'up');
  await admin.hset('res:{lease}:breaker:state', { state: 'open', openedAt: String(Date.now()), version: '1', by: 'x' });
  const lease = await measure({ 'acquireTrial() (probe lease, SET NX PX)': () => binding.acquireTrial() }, settings);
  binding.detach();
  console.log('\nHalf-open: the trial lease, awaited before each trial call');
  table(lease, () => '');

  // 6. Rate limit: one atomic script per call, against core's local bucket
  const huge = { tokens: 1_000_000_000, interval: 1_000 };
  const localLimit = rateLimit(huge);
  const fleetLimit = redisRateLimit(connect(), { key: 'bench', ...huge });
  await until('rate limit up', () => fleetLimit.status === 'up');
  const limits = await measure(
    { 'rateLimit (local bucket)': () => localLimit.execute(fn), 'redisRateLimit (fleet bucket)': () => fleetLimit.execute(fn) },
    settings,
  );
  fleetLimit.close();
  console.log('\nRate limit: a token per call, always available');
  table(limits, () => '');

  const targets = [
    [`success path, breaker + Redis store vs local: ${breakerRatio.toFixed(2)}x (target: no measurable difference, within 10%)`, Math.abs(breakerRatio - 1) <= 0.1],
    [`success path, pipeline + Redis store vs local: ${pipelineRatio.toFixed(2)}x (within 10%)`, Math.abs(pipelineRatio - 1) <= 0.1],
    [`success path sends no Redis command: ${Math.max(0, successCommands)}`, successCommands <= 0],
    [`at most one script per failure, and the store stays up: ${(failureCommands / failures).toFixed(3)}, ${outages.length} outages`, failureCommands / failures <= 1 && outages.length === 0],
  ];
  console.log('\nTargets');
  for (const [text, pass] of targets) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${text}`);
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (args.strict && targets.some(([, pass]) => !pass)) process.exitCode = 1;
} finally {
  for (const store of stores) await store.close();
  for (const redis of clients) redis.disconnect();
  await server.stop();
}

function header() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`@res/redis bench — Node ${process.version}, ${cpu} x${os.cpus().length}, redis-server on 127.0.0.1:${server.port}`);
  console.log(
    `rounds ${settings.rounds} x ${settings.time} ms, batch ${settings.batch}; median of rounds${gcExposed ? '' : ' (run with --expose-gc for steadier numbers)'}`,
  );
}

/** @param {Map<string, number[]>} results @param {(times: number[]) => string} extra */
function table(results, extra) {
  const width = Math.max(...[...results.keys()].map((name) => name.length));
  for (const [name, times] of results) {
    console.log(`  ${name.padEnd(width)}  ${ns(median(times)).padStart(10)}  ${extra(times)}`);
  }
}

function ns(value) {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} µs` : `${Math.round(value)} ns`;
}

function ms(value) {
  return `${value.toFixed(2)} ms`;
}
