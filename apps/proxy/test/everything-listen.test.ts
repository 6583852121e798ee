import { execFileSync } from 'node:child_process';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHost, connectHost, everythingStdio, type Host } from './everything-helpers.js';
import { text } from './helpers.js';

// The real @modelcontextprotocol/server-everything as a stdio upstream behind `res-proxy --listen`: the
// host talks streamable HTTP to the proxy. (everything.test.ts: the same upstream, host over stdio.)

let host: Host | undefined;
afterEach(async () => {
  await closeHost(host);
  host = undefined;
});

const connect = async (): Promise<Host> => (host = await connectHost('http', ['--', process.execPath, everythingStdio, 'stdio']));

describe('res-proxy --listen in front of server-everything over stdio', () => {
  it('relays the server requests to the host and runs simulate-research-query', async () => {
    const h = await connect();
    // server-everything adds its conditional tools after initialized and says so; that list_changed
    // reaches the proxy while the host's SSE stream is not open yet, so an HTTP host, like one talking
    // HTTP to the server directly, never hears it; the list it asks for has the tools.
    const names = async (): Promise<string[]> => (await h.client.listTools()).tools.map((tool) => tool.name);
    await expect.poll(names, { timeout: 10_000 }).toEqual(expect.arrayContaining(['trigger-sampling-request', 'simulate-research-query', 'res_health']));
    expect(JSON.stringify(await h.client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi' } }))).toContain('sampled by the host');
    expect(JSON.stringify(await h.client.callTool({ name: 'trigger-elicitation-request', arguments: {} }))).toContain('blue');
    expect(JSON.stringify(await h.client.callTool({ name: 'get-roots-list', arguments: {} }))).toContain('file:///work');
    expect([h.sampled, h.elicited]).toEqual([1, 1]);
    const stream = h.client.experimental.tasks.callToolStream({ name: 'simulate-research-query', arguments: { topic: 'tides' } }, CallToolResultSchema);
    let final: unknown;
    for await (const message of stream) if (message.type === 'result') final = message.result;
    expect(text(final)).toContain('Research Report: tides');
  }, 40_000);

  it('re-applies the logging level and the subscription after the upstream is killed (-9)', async () => {
    const h = await connect();
    const uri = 'demo://resource/static/document/architecture.md';
    await h.client.setLoggingLevel('info');
    await h.client.subscribeResource({ uri });
    await expect.poll(() => h.logs.some((line) => line.includes('Received Subscribe')), { timeout: 5_000 }).toBe(true);
    await h.client.setLoggingLevel('warning');
    const proxyPid = h.proxy?.child.pid;
    if (proxyPid === undefined) throw new Error('no res-proxy pid');
    process.kill(Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(proxyPid)]).toString().trim().split('\n')[0]), 'SIGKILL');
    const logsBefore = h.logs.length;
    await expect.poll(async () => text(await h.client.callTool({ name: 'echo', arguments: { message: 'back' } })), { timeout: 15_000, interval: 200 }).toContain('back');
    await h.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    await expect.poll(() => h.updated.includes(uri), { timeout: 5_000 }).toBe(true);
    expect(h.logs.slice(logsBefore).filter((line) => line.includes('Received Subscribe'))).toEqual([]);
  }, 40_000);
});
