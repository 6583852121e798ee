// Where res-proxy's time goes per call: runs res-proxy under `node --cpu-prof` while one SDK host makes
// `calls` echo calls to server-everything through it, then prints the profile's self time by area.
//
//   node bench/profile.mjs [--calls 10000] [--dir /tmp/res-proxy-prof] [--proxy PATH/bin.js (default: bench/unbundled.mjs, dist/main.js's separate modules)]
//
// The .cpuprofile file stays in --dir (open it in Chrome DevTools for the call tree).
import console from 'node:console';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '10000' }, dir: { type: 'string', default: '/tmp/res-proxy-prof' }, proxy: { type: 'string' } } });
const calls = Number(args.calls);
rmSync(args.dir, { recursive: true, force: true });
mkdirSync(args.dir, { recursive: true });
const everything = fileURLToPath(new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));
// The unbundled modules by default, so that time is told apart by package (the bundle is one file).
const proxy = args.proxy ?? fileURLToPath(new URL('./unbundled.mjs', import.meta.url));
const node = process.execPath;
const client = new Client({ name: 'bench-host', version: '1.0.0' });
const transport = new StdioClientTransport({
  command: node,
  args: ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${args.dir}`, proxy, '--quiet', '--preset', 'local', '--', node, everything, 'stdio'],
  stderr: 'ignore',
});
await client.connect(transport);
await client.listTools();
const params = { name: 'echo', arguments: { message: 'hi' } };
const started = performance.now();
for (let i = 0; i < calls; i++) await client.callTool(params);
const perCall = (performance.now() - started) / calls;
await client.close(); // the proxy writes its profile as it exits
for (let waited = 0; readdirSync(args.dir).length === 0 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));

const file = join(args.dir, readdirSync(args.dir)[0]);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
const startup = (id) => {
  for (let at = id; at !== undefined; at = parent.get(at)) if (/modules\/(esm|cjs)|run_main/.test(nodes.get(at).callFrame.url)) return true;
  return false;
};
const area = (id) => {
  const { url, functionName } = nodes.get(id).callFrame;
  if (startup(id)) return 'startup (module loading)';
  if (functionName === '(idle)') return 'idle (waiting for the host or the upstream)';
  if (/^write(Utf8String|Buffer)$/.test(functionName)) return 'pipe writes (syscall)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (/\/zod\//.test(url)) return 'zod (SDK schemas)';
  if (/modelcontextprotocol\/sdk/.test(url)) return 'MCP SDK';
  if (/packages\/mcp\//.test(url)) return '@res/mcp';
  if (/packages\/core\//.test(url)) return '@res/core';
  if (/apps\/proxy\//.test(url)) return 'res-proxy';
  if (/abort_controller|event_target/.test(url)) return 'AbortController / EventTarget';
  return 'other (node streams, timers, microtasks)';
};
const total = new Map();
profile.samples.forEach((id, i) => {
  const key = area(id);
  total.set(key, (total.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
console.log(`res-proxy profile: ${calls} echo calls, ${perCall.toFixed(3)} ms per call (under the profiler); ${file}\n`);
console.log('| area | us per call | share |\n| --- | --- | --- |');
const all = [...total.values()].reduce((a, b) => a + b, 0);
for (const [key, us] of [...total].sort((a, b) => b[1] - a[1])) console.log(`| ${key} | ${(us / calls).toFixed(1)} | ${((100 * us) / all).toFixed(1)}% |`);
process.exit(0);
