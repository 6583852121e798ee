import type { ChildProcess } from 'node:child_process';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHost, connectHost, freePort, kill, startEverything, type Front, type Host } from './everything-helpers.js';
import { text } from './helpers.js';

// The real @modelcontextprotocol/server-everything as a streamable HTTP upstream (a process this test
// starts, kills with -9 and starts again on the same port), behind res-proxy `--url`. The host, an SDK
// client that can sample, elicit and list roots, talks to res-proxy over stdio or over its `--listen`
// HTTP front. (everything.test.ts and everything-listen.test.ts cover the stdio upstream.)

let upstream: ChildProcess | undefined;
let host: Host | undefined;
afterEach(async () => {
  await closeHost(host);
  if (upstream !== undefined) await kill(upstream);
  host = undefined;
  upstream = undefined;
});

/** server-everything up on a free port, and a host connected to res-proxy in front of it. */
async function rig(front: Front): Promise<{ host: Host; port: number }> {
  const port = await freePort();
  upstream = await startEverything(port);
  host = await connectHost(front, ['--url', `http://127.0.0.1:${port}/mcp`]);
  return { host, port };
}

describe.each<Front>(['stdio', 'http'])('res-proxy (host over %s) in front of server-everything over streamable HTTP', (front) => {
  it('mirrors the server and brings sampling, elicitation and roots requests to the host', async () => {
    const { host: h } = await rig(front);
    expect(h.client.getServerVersion()?.name).toMatch(/everything/i);
    expect(h.client.getServerCapabilities()?.logging).toBeDefined();
    const names = (await h.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['trigger-sampling-request', 'trigger-elicitation-request', 'get-roots-list', 'res_health']));
    const sampled = await h.client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi' } });
    expect(JSON.stringify(sampled)).toContain('sampled by the host');
    expect(h.sampled).toBe(1);
    const elicited = await h.client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
    expect(JSON.stringify(elicited)).toContain('blue');
    expect(h.elicited).toBe(1);
    const roots = await h.client.callTool({ name: 'get-roots-list', arguments: {} });
    expect(JSON.stringify(roots)).toContain('file:///work');
  }, 40_000);

  it('runs simulate-research-query (task-required): as a task for a host that does tasks, on its behalf for one that does not', async () => {
    const { host: h } = await rig(front);
    await h.client.listTools();
    const stream = h.client.experimental.tasks.callToolStream({ name: 'simulate-research-query', arguments: { topic: 'tides' } }, CallToolResultSchema);
    let final: unknown;
    for await (const message of stream) if (message.type === 'result') final = message.result;
    expect(text(final)).toContain('Research Report: tides');
    const plain = await h.client.request({ method: 'tools/call', params: { name: 'simulate-research-query', arguments: { topic: 'waves' } } }, CallToolResultSchema, { timeout: 30_000 });
    expect(text(plain)).toContain('Research Report: waves');
  }, 50_000);

  it('after the upstream is killed (-9) and started again on its port: the subscription and the logging level are re-applied', async () => {
    const { host: h, port } = await rig(front);
    const uri = 'demo://resource/static/document/architecture.md';
    await h.client.setLoggingLevel('info');
    await h.client.subscribeResource({ uri });
    await expect.poll(() => h.logs.some((line) => line.includes('Received Subscribe')), { timeout: 5_000 }).toBe(true);
    await h.client.setLoggingLevel('warning');
    if (upstream !== undefined) await kill(upstream);
    upstream = await startEverything(port);
    const logsBefore = h.logs.length;
    // The next request meets a server that lost the session: res reconnects, sets the level (warning)
    // and the subscription again, then answers.
    await expect.poll(async () => text(await h.client.callTool({ name: 'echo', arguments: { message: 'back' } })), { timeout: 20_000, interval: 250 }).toContain('back');
    await h.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    await expect.poll(() => h.updated.includes(uri), { timeout: 10_000 }).toBe(true);
    // Re-subscribing made the server log at info: filtered out, since warning was re-applied first.
    expect(h.logs.slice(logsBefore).filter((line) => line.includes('Received Subscribe'))).toEqual([]);
  }, 60_000);

  // Over HTTP server-everything's own tools/list_changed (sent right after initialized, before the
  // client's GET stream is open) reaches no client, direct or not; what the host must hear is res-proxy's.
  it('a host that listed tools before the upstream was up hears tools/list_changed when it comes up', async () => {
    const port = await freePort();
    host = await connectHost(front, ['--url', `http://127.0.0.1:${port}/mcp`, '--connect-timeout', '1000']);
    const h = host;
    expect((await h.client.listTools()).tools.map((tool) => tool.name)).toEqual(['res_health']);
    upstream = await startEverything(port);
    await expect.poll(() => h.listChanged, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
    expect((await h.client.listTools()).tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'simulate-research-query', 'res_health']));
  }, 40_000);
});
