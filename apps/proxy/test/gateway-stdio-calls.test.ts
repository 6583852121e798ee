// The gateway's stdio front takes a plain tools/call off the SDK's dispatch (FastToolCalls, as
// res-proxy does): routing, errors, cancellation, in-band failures, res_health and progress,
// through the built bin, against real stdio servers with injected faults.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { stdioServer, type StdioServerHandle } from '@res/testkit';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './gateway-helpers.js';
import { proxyBin, text } from './helpers.js';

let servers: StdioServerHandle[] = [];
let host: Client | undefined;
afterEach(async () => {
  await host?.close();
  await Promise.all(servers.map((server) => server.dispose()));
  host = undefined;
  servers = [];
});

/** A host talking to `res-proxy --config gateway.json` over stdio, once every server's tools are listed. */
async function gatewayOver(mcpServers: Record<string, StdioServerHandle>, res: Record<string, unknown> = {}): Promise<Client> {
  servers = Object.values(mcpServers);
  const file = join(mkdtempSync(join(tmpdir(), 'res-gw-calls-')), 'gateway.json');
  const config: Record<string, unknown> = {};
  for (const [name, server] of Object.entries(mcpServers)) config[name] = { ...server.connect, res };
  writeFileSync(file, JSON.stringify({ mcpServers: config }));
  const client = new Client({ name: 'host', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [proxyBin, '--quiet', '--config', file], stderr: 'ignore' }));
  host = client;
  await eventually(async () => {
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    for (const name of Object.keys(mcpServers)) expect(names).toContain(`${name}__read_item`);
  });
  return client;
}

describe('the gateway on stdio: plain tool calls', () => {
  it('routes each call to its server and answers with its result; an unknown tool is InvalidParams', async () => {
    const gateway = await gatewayOver({ a: stdioServer(), b: stdioServer() });
    const result = await gateway.callTool({ name: 'b__read_item', arguments: { id: '9' } });
    expect(result.structuredContent).toMatchObject({ ok: true, tool: 'read_item', args: { id: '9' } });
    expect(servers[1]?.calls('read_item')).toBe(1);
    expect(servers[0]?.calls('read_item')).toBe(0);
    await expect(gateway.callTool({ name: 'c__read_item', arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: c__read_item') as unknown });
    await expect(gateway.callTool({ name: 'a__read_item', arguments: 'x' as unknown as Record<string, unknown> })).rejects.toMatchObject({ code: -32602 });
  }, 20_000);

  it('a cancelled call is cancelled at its server, and no other', async () => {
    const gateway = await gatewayOver({ a: stdioServer({ faults: { read_item: { type: 'hang' } } }) });
    const first = new AbortController();
    const second = new AbortController();
    const calls = [first, second].map((controller) => gateway.callTool({ name: 'a__read_item', arguments: {} }, undefined, { signal: controller.signal }).catch((e: unknown) => e));
    await expect.poll(() => servers[0]?.calls('read_item'), { timeout: 10_000 }).toBe(2);
    first.abort('host cancelled');
    await expect.poll(() => servers[0]?.aborts('read_item'), { timeout: 10_000 }).toBe(1);
    expect((await gateway.callTool({ name: 'a__send_item', arguments: { id: '1' } })).isError).toBeUndefined();
    expect(servers[0]?.aborts('read_item')).toBe(1);
    second.abort('host cancelled');
    await Promise.all(calls);
    await expect.poll(() => servers[0]?.aborts('read_item'), { timeout: 10_000 }).toBe(2);
  }, 20_000);

  it('a failed call is an isError result naming the server; res_health counts it; progress still reaches the host', async () => {
    const gateway = await gatewayOver({ a: stdioServer({ faults: { read_item: { type: 'rpc-error', code: -32603, message: 'db down' } } }) }, { policy: { maxAttempts: 1 } });
    const failed = await gateway.callTool({ name: 'a__read_item', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toBe('a is unavailable: a read_item: db down');
    const health = JSON.parse(text(await gateway.callTool({ name: 'res_health', arguments: {} }))) as { servers: { name: string; health?: { failures?: number } }[] };
    expect(health.servers.find((server) => server.name === 'a')?.health?.failures).toBe(1);
    const progress: number[] = [];
    await gateway.callTool({ name: 'a__progress', arguments: { steps: 2, intervalMs: 25 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    expect(progress[0]).toBe(1);
  }, 20_000);
});
