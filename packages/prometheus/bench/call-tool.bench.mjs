// `pnpm --filter @res/prometheus bench`: the cost of instrument() on a real call.
//
// 1. A callTool through an in-memory testkit server by three clients of the same server,
//    in the same run: a bare one, one with a no-op event listener (the client builds its
//    events only when someone listens: their own cost), and an instrumented one.
// 2. The recording alone: one call's events (call-start, call-end) fed to the listener
//    instrument() installs, without a server — a steadier number on a busy machine.
// Rounds rotate the order of the cases and start after a full GC. Prints µs (or ns) per
// call: the median and the minimum of the rounds' means.
//
//   node --expose-gc bench/call-tool.bench.mjs [--rounds 7] [--time 1000]
import console from 'node:console';
import os from 'node:os';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { ResilientClient } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';
import { Registry } from 'prom-client';
import { Bench } from 'tinybench';
import { instrument } from '../dist/index.js';
import { recordClient } from '../dist/client-recorder.js';
import { ToolLabels } from '../dist/labels.js';
import { metricSetFor } from '../dist/metric-set.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, time: { type: 'string', default: '1000' } } });
const rounds = Number(args.rounds);
const time = Number(args.time);
const collect = typeof globalThis.gc === 'function' ? globalThis.gc : undefined;

/** @param {Record<string, () => unknown>} cases @returns {Promise<Map<string, number[]>>} ns per call, one per round */
async function measure(cases) {
  const names = Object.keys(cases);
  const results = new Map(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, warmupTime: Math.max(100, time / 4), throws: true, setup: () => collect?.() });
    const shift = round % names.length;
    for (const name of [...names.slice(shift), ...names.slice(0, shift)]) bench.add(name, cases[name]);
    await bench.run();
    for (const task of bench.tasks) {
      if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state}`);
      results.get(task.name).push(task.result.latency.mean * 1e6);
    }
  }
  return results;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** @param {Map<string, number[]>} results @param {'µs' | 'ns'} unit */
function report(results, unit) {
  const scale = unit === 'µs' ? 1000 : 1;
  const [first] = results.values();
  const base = median(first);
  for (const [name, times] of results) {
    const ns = median(times);
    console.log(
      `  ${name.padEnd(30)} median ${(ns / scale).toFixed(unit === 'µs' ? 1 : 0).padStart(6)} ${unit}  min ${(Math.min(...times) / scale).toFixed(unit === 'µs' ? 1 : 0).padStart(6)} ${unit}  ${(ns / base).toFixed(3)}x`,
    );
  }
}

console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}, ` +
    `${rounds} rounds of ${time} ms${collect ? ', GC before each task' : ' (run with --expose-gc for a GC before each task)'}`,
);

// 1. Real calls.
const server = createInMemoryServer();
const policy = { maxAttempts: 1, failureThreshold: 5 };
const client = (name) => new ResilientClient({ name, connect: () => server.transport(), preset: 'local', policy });
const bare = client('bare');
const listened = client('listened');
listened.on('event', () => undefined);
const measured = client('instrumented');
const registry = new Registry();
instrument(measured, { registry });
const toolArgs = { id: 'a' };
const calls = {
  'callTool, not instrumented': () => bare.callTool('read_item', toolArgs),
  'callTool, no-op listener': () => listened.callTool('read_item', toolArgs),
  'callTool, instrumented': () => measured.callTool('read_item', toolArgs),
};
for (const call of Object.values(calls)) await call(); // connect and list tools first
console.log('\ncallTool through an in-memory testkit server');
const real = await measure(calls);
report(real, 'µs');
console.log(`  overhead of instrument(): ${((median(real.get('callTool, instrumented')) - median(real.get('callTool, not instrumented'))) / 1000).toFixed(2)} µs per call (median of rounds)`);
await Promise.all([bare.close(), listened.close(), measured.close()]);
await server.close();

// 2. Recording alone.
let listener = () => undefined;
const fake = {
  name: 'fake',
  connected: true,
  breaker: { state: 'closed' },
  health: () => ({}),
  on: (_event, fn) => {
    listener = fn;
    return () => undefined;
  },
};
const alone = new Registry();
recordClient(fake, metricSetFor(alone, 'res_').metrics, new ToolLabels(() => true));
const start = { type: 'call-start', server: 'fake', tool: 'read_item', callId: 1, at: 0 };
const end = { type: 'call-end', server: 'fake', tool: 'read_item', callId: 1, outcome: 'success', durationMs: 12, attempts: 1 };
console.log('\nrecording one call (call-start + call-end events), no server');
report(await measure({ 'record one call': () => { listener(start); listener(end); } }), 'ns');
