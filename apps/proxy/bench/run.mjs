// `pnpm --filter @res/proxy bench`: one SDK host calling server-everything's `echo` over stdio,
// three ways in the same run: directly, through a plain byte relay process, and through
// res-proxy. A report, not a test (exits 0 whatever the numbers, unless --strict).
//
//   node bench/run.mjs [--calls 2000] [--batch 50] [--warmup 6000] [--spawns 5] [--strict] [--baseline PATH/bin.js] [--gateway]
//
// --baseline adds a fourth subject, another build of res-proxy (e.g. the previous commit's
// dist/bin.js), measured in the same interleaved run: a before/after comparison on a shared machine.
// --gateway adds res-proxy as a gateway (`--config` with server-everything as its one server, tools
// named `everything__<tool>`) as another subject.
//
// Per-call: `calls` echo calls per subject, in batches of `batch` interleaved across the three
// subjects (load that comes and goes hits all three alike); the p50 of the per-call latency.
// Measured twice: "early", right after 200 warm-up calls, while V8 is still compiling the
// proxy's code (TurboFan, on a second thread: a fresh res-proxy's p50 falls by half over its
// first ~6,000 calls), and "steady", after `warmup` calls per subject — what a host that keeps
// its proxy for a session sees. The target is judged on the steady figure.
// Spawn: from spawning the host's transport to the first tools/list answer, median of `spawns`.
// Targets (issue 13): res-proxy's p50 at most 1.3x the byte relay's; its spawn-to-first-list at
// most 150 ms over direct.
import console from 'node:console';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '2000' }, warmup: { type: 'string', default: '6000' }, batch: { type: 'string', default: '50' }, spawns: { type: 'string', default: '5' }, strict: { type: 'boolean', default: false }, baseline: { type: 'string' }, gateway: { type: 'boolean', default: false } } });
const calls = Number(args.calls);
const batch = Number(args.batch);
const spawns = Number(args.spawns);
const everything = fileURLToPath(new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));
const relay = fileURLToPath(new URL('./byte-relay.mjs', import.meta.url));
const proxy = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const node = process.execPath;
const server = [everything, 'stdio'];
const SUBJECTS = {
  direct: [node, ...server],
  'byte relay': [node, relay, node, ...server],
  'res-proxy': [node, proxy, '--quiet', '--preset', 'local', '--', node, ...server],
};
if (args.baseline !== undefined) SUBJECTS['res-proxy (baseline)'] = [node, args.baseline, '--quiet', '--preset', 'local', '--', node, ...server];
const TOOL = { gateway: 'everything__echo' };
if (args.gateway) {
  const file = join(mkdtempSync(join(os.tmpdir(), 'res-bench-')), 'gateway.json');
  writeFileSync(file, JSON.stringify({ mcpServers: { everything: { command: node, args: server, res: { preset: 'local' } } } }));
  SUBJECTS.gateway = [node, proxy, '--quiet', '--config', file];
}

/** Spawns a subject; resolves once its first tools/list names the echo tool (a gateway may list its server a moment later). */
async function open(name, [command, ...rest]) {
  const started = performance.now();
  const client = new Client({ name: 'bench-host', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args: rest, stderr: 'ignore' }));
  const tool = TOOL[name] ?? 'echo';
  for (let tries = 0; !(await client.listTools()).tools.some((listed) => listed.name === tool); tries++) {
    if (tries === 200) throw new Error(`${name}: ${tool} not listed after 200 tries`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { client, spawnMs: performance.now() - started };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

console.log(`res-proxy bench: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const spawnMs = Object.fromEntries(Object.keys(SUBJECTS).map((name) => [name, []]));
for (let i = 0; i < spawns; i++) {
  for (const [name, command] of Object.entries(SUBJECTS)) {
    const { client, spawnMs: ms } = await open(name, command);
    spawnMs[name].push(ms);
    void client.close();
  }
}
const clients = {};
for (const [name, command] of Object.entries(SUBJECTS)) clients[name] = (await open(name, command)).client;
const latencies = Object.fromEntries(Object.keys(SUBJECTS).map((name) => [name, []]));
const paramsOf = Object.fromEntries(Object.keys(SUBJECTS).map((name) => [name, { name: TOOL[name] ?? 'echo', arguments: { message: 'hi' } }]));
async function measure(into) {
  for (let done = 0; done < calls; done += batch) {
    for (const name of Object.keys(SUBJECTS)) {
      for (let i = 0; i < batch; i++) {
        const t0 = performance.now();
        await clients[name].callTool(paramsOf[name]);
        into[name].push(performance.now() - t0);
      }
    }
  }
}
for (const [name, client] of Object.entries(clients)) for (let i = 0; i < 200; i++) await client.callTool(paramsOf[name]); // warm up
const early = Object.fromEntries(Object.keys(SUBJECTS).map((name) => [name, []]));
await measure(early);
const warmup = Number(args.warmup);
for (const [name, client] of Object.entries(clients)) for (let i = 200 + calls; i < warmup; i++) await client.callTool(paramsOf[name]);
await measure(latencies);
await Promise.all(Object.values(clients).map((client) => client.close()));

const p50 = Object.fromEntries(Object.entries(latencies).map(([name, values]) => [name, median(values)]));
const p50Early = Object.fromEntries(Object.entries(early).map(([name, values]) => [name, median(values)]));
console.log(`\n| subject | p50 per call, steady (after ${Math.max(warmup, 200 + calls)} calls) | p50 per call, early (calls 201-${200 + calls}) | spawn to first tools/list (median) |\n| --- | --- | --- | --- |`);
for (const name of Object.keys(SUBJECTS)) console.log(`| ${name} | ${p50[name].toFixed(3)} ms | ${p50Early[name].toFixed(3)} ms | ${median(spawnMs[name]).toFixed(0)} ms |`);
const ratio = p50['res-proxy'] / p50['byte relay'];
console.log(`\nearly: res-proxy p50 / byte relay p50 ${(p50Early['res-proxy'] / p50Early['byte relay']).toFixed(2)}x${args.baseline === undefined ? '' : `; baseline ${(p50Early['res-proxy (baseline)'] / p50Early['byte relay']).toFixed(2)}x`}`);
const spawnOver = median(spawnMs['res-proxy']) - median(spawnMs.direct);
console.log(`steady: res-proxy p50 / byte relay p50: ${ratio.toFixed(2)}x (target <= 1.30); res-proxy / direct: ${(p50['res-proxy'] / p50.direct).toFixed(2)}x`);
console.log(`spawn to first tools/list, res-proxy over direct: +${spawnOver.toFixed(0)} ms (target <= 150)`);
if (args.baseline !== undefined) {
  const base = 'res-proxy (baseline)';
  console.log(`baseline: steady p50 / byte relay p50 ${(p50[base] / p50['byte relay']).toFixed(2)}x; spawn over direct +${(median(spawnMs[base]) - median(spawnMs.direct)).toFixed(0)} ms`);
}
if (args.gateway) {
  console.log(`gateway: steady p50 / byte relay p50 ${(p50.gateway / p50['byte relay']).toFixed(2)}x, early ${(p50Early.gateway / p50Early['byte relay']).toFixed(2)}x; spawn to everything__echo listed, over direct +${(median(spawnMs.gateway) - median(spawnMs.direct)).toFixed(0)} ms`);
}
if (args.strict && (ratio > 1.3 || spawnOver > 150)) process.exit(1);
process.exit(0);
