import { execFileSync } from 'node:child_process';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHost, connectHost, everythingStdio, type Host } from './everything-helpers.js';
import { text } from './helpers.js';

// The real @modelcontextprotocol/server-everything behind res-proxy (stdio), driven by an SDK host
// that can sample, elicit and list roots.

let host: Host | undefined;
afterEach(async () => {
  await closeHost(host);
  host = undefined;
});

const connect = (): Promise<Host> => connectHost('stdio', ['--', process.execPath, everythingStdio, 'stdio']);

/** The upstream server's pid: the proxy's child process. */
function upstreamPid(proxyPid: number): number {
  const pid = Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(proxyPid)]).toString().trim().split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no child of ${proxyPid}`);
  return pid;
}

describe('res-proxy in front of server-everything (stdio)', () => {
  it('mirrors the server, relays list_changed, and brings sampling, elicitation and roots requests to the host', async () => {
    host = await connect();
    expect(host.client.getServerVersion()?.name).toMatch(/everything/i);
    expect(host.client.getServerCapabilities()?.logging).toBeDefined();
    // server-everything adds its conditional tools after initialized, and says so.
    await expect.poll(() => host?.listChanged, { timeout: 5_000 }).toBeGreaterThan(0);
    const names = (await host.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['trigger-sampling-request', 'trigger-elicitation-request', 'get-roots-list', 'res_health']));
    const sampled = await host.client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi' } });
    expect(JSON.stringify(sampled)).toContain('sampled by the host');
    expect(host.sampled).toBe(1);
    const elicited = await host.client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
    expect(JSON.stringify(elicited)).toContain('blue');
    expect(host.elicited).toBe(1);
    const roots = await host.client.callTool({ name: 'get-roots-list', arguments: {} });
    expect(JSON.stringify(roots)).toContain('file:///work');
    const templates = await host.client.listResourceTemplates();
    expect(templates.resourceTemplates.length).toBeGreaterThan(0);
  }, 30_000);

  it('runs a task-required tool: as a task for a host that does tasks, and on its behalf for one that does not', async () => {
    host = await connect();
    await expect.poll(() => host?.listChanged, { timeout: 5_000 }).toBeGreaterThan(0);
    await host.client.listTools();
    const stream = host.client.experimental.tasks.callToolStream({ name: 'simulate-research-query', arguments: { topic: 'tides' } }, CallToolResultSchema);
    let final: unknown;
    for await (const message of stream) if (message.type === 'result') final = message.result;
    expect(text(final)).toContain('Research Report: tides');
    // A host that sends a plain tools/call (no task): res-proxy runs the task and answers with its result.
    const plain = await host.client.request({ method: 'tools/call', params: { name: 'simulate-research-query', arguments: { topic: 'waves' } } }, CallToolResultSchema, { timeout: 30_000 });
    expect(text(plain)).toContain('Research Report: waves');
  }, 40_000);

  it('re-applies the logging level and the subscriptions after the upstream is killed (-9)', async () => {
    host = await connect();
    const uri = 'demo://resource/static/document/architecture.md';
    await host.client.setLoggingLevel('info');
    await host.client.subscribeResource({ uri });
    await expect.poll(() => host?.logs.some((line) => line.includes('Received Subscribe')), { timeout: 5_000 }).toBe(true);
    await host.client.setLoggingLevel('warning');
    const pid = host.transport?.pid;
    if (pid === undefined || pid === null) throw new Error('no proxy pid');
    process.kill(upstreamPid(pid), 'SIGKILL');
    const logsBefore = host.logs.length;
    // The next request reconnects; the level (warning) and the subscription are set again first.
    await expect.poll(async () => text(await host?.client.callTool({ name: 'echo', arguments: { message: 'back' } })), { timeout: 15_000, interval: 200 }).toContain('back');
    await host.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    await expect.poll(() => host?.updated.includes(uri), { timeout: 5_000 }).toBe(true);
    // Re-subscribing made the server log at info: filtered out, since warning was re-applied first.
    expect(host.logs.slice(logsBefore).filter((line) => line.includes('Received Subscribe'))).toEqual([]);
  }, 40_000);
});
