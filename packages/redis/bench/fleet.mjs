// `pnpm --filter @res/redis bench` (second part): a fleet of 6 processes, on one
// redis-server and on a Redis Cluster (3 masters + 3 replicas), both started here.
//   1. how long an open takes to reach the 5 other processes (p50 / p99);
//   2. how many Redis commands a failing call costs (scripts, and the commands they run).
//
//   node bench/fleet.mjs [--samples 200] [--failures 300]
import console from 'node:console';
import { fork } from 'node:child_process';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { startRedis } from '../test/support/redis-server.mjs';
import { startCluster } from '../test/support/topology.mjs';
import { median, percentile } from './measure.mjs';

const { values: args } = parseArgs({
  options: { samples: { type: 'string', default: '200' }, failures: { type: 'string', default: '300' } },
});
const SAMPLES = Number(args.samples);
const FAILURES = Number(args.failures);
const PROCESSES = 6;

class Replica {
  events = [];
  state = 'closed';
  #next = 0;
  #pending = new Map();
  constructor(config) {
    this.child = fork(new URL('./fleet-replica.mjs', import.meta.url), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message) => {
      if (message.event === 'state') this.state = message.to;
      if (message.id === undefined) this.events.push(message);
      else this.#pending.get(message.id)?.(message);
    });
  }
  request(cmd, extra = {}) {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.child.send({ id, cmd, ...extra });
    });
  }
  async close() {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await Promise.race([this.request('close'), new Promise((resolve) => this.child.once('exit', resolve))]);
    clearTimeout(timer);
  }
}

async function until(what, check, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

/** Commands run by the masters (inside scripts too), INFO and cluster housekeeping aside. */
async function commands(ports) {
  let total = 0;
  let scripts = 0;
  for (const port of ports) {
    const admin = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      if (!String(await admin.info('replication')).includes('role:master')) continue;
      const info = await admin.info('commandstats');
      for (const [, name, calls] of info.matchAll(/^cmdstat_(\w+(?:\|\w+)?):calls=(\d+)/gm)) {
        if (/^(info|ping|cluster|command|client|hello|readonly|select|ssubscribe|subscribe|replconf|psync|sync)/.test(name)) continue;
        total += Number(calls);
        if (name === 'evalsha' || name === 'eval') scripts += Number(calls);
      }
    } finally {
      admin.disconnect();
    }
  }
  return { total, scripts };
}

async function run(label, redis, ports) {
  const fleet = Array.from({ length: PROCESSES }, (_, i) => new Replica({ id: `p${i}`, name: 'bench', redis, failureThreshold: 1, store: { minReporters: 1 } }));
  try {
    await until('every store up', () => fleet.every((r) => r.events.some((e) => e.event === 'up')), 20_000);
    const [opener, ...others] = fleet;
    const all = [];
    const each = [];
    for (let i = 0; i < SAMPLES; i++) {
      await fleet[i % PROCESSES].request('reset');
      await until('every process closed', () => fleet.every((r) => r.state === 'closed'));
      for (const r of fleet) r.events.length = 0;
      const { at } = await opener.request('fail');
      await until('every process open', () => others.every((r) => r.events.some((e) => e.event === 'state' && e.to === 'open')));
      const arrivals = others.map((r) => r.events.find((e) => e.event === 'state' && e.to === 'open').at - at);
      each.push(...arrivals);
      all.push(Math.max(...arrivals));
    }
    const ms = (v) => `${v.toFixed(2)} ms`;
    console.log(`\n${label}: an open from one process reaches the 5 others (${SAMPLES} samples)`);
    console.log(`  every process  p50 ${ms(median(all))}, p99 ${ms(percentile(all, 0.99))}, max ${ms(Math.max(...all))}`);
    console.log(`  each process   p50 ${ms(median(each))}, p99 ${ms(percentile(each, 0.99))}`);

    // Failing calls in every process at once, in a breaker that does not open (threshold out of reach).
    for (const r of fleet) await r.request('close');
    const storm = Array.from({ length: PROCESSES }, (_, i) => new Replica({ id: `s${i}`, name: 'storm', redis, failureThreshold: 1_000_000 }));
    fleet.splice(0, fleet.length, ...storm);
    await until('every store up', () => fleet.every((r) => r.events.some((e) => e.event === 'up')), 20_000);
    for (const gap of [0, 2]) {
      const before = await commands(ports);
      await Promise.all(fleet.map((r) => r.request('storm', { count: FAILURES, gap })));
      await sleep(200); // the last reports
      const after = await commands(ports);
      const calls = PROCESSES * FAILURES;
      const total = after.total - before.total;
      const scripts = after.scripts - before.scripts;
      const pace = gap === 0 ? 'one event-loop turn apart' : `${gap} ms apart`;
      console.log(`  ${calls} failing calls, 6 processes, ${pace}: ${(scripts / calls).toFixed(3)} scripts and ${(total / calls).toFixed(2)} commands per failing call (${scripts} scripts, ${total} commands, those inside the scripts included)`);
    }
  } finally {
    await Promise.all(fleet.map((r) => r.close()));
  }
}

console.log(`@res/redis fleet bench — Node ${process.version}, ${PROCESSES} processes on 127.0.0.1`);
const server = await startRedis();
try {
  await run('Single redis-server', { kind: 'single', port: server.port }, [server.port]);
} finally {
  await server.stop();
}
const cluster = await startCluster();
try {
  await run('Redis Cluster, 3 masters + 3 replicas', { kind: 'cluster', nodes: cluster.startupNodes }, cluster.nodes.map((n) => n.port));
} finally {
  await cluster.stop();
}
