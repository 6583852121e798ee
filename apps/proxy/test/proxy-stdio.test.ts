import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { stdioServer, type StdioServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { directClient, hostClient, text } from './helpers.js';

let upstream: StdioServerHandle | undefined;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await upstream?.dispose();
  upstream = undefined;
});

async function proxyTo(handle: StdioServerHandle, flags: string[] = []): Promise<Client> {
  const client = await hostClient([...flags, '--quiet', '--', handle.connect.command, ...(handle.connect.args)]);
  clients.push(client);
  return client;
}

describe('res-proxy in front of a stdio server', () => {
  it("lists the upstream's tools unchanged (schemas, annotations) plus res_health", async () => {
    upstream = stdioServer();
    const direct = await directClient(upstream.connect.command, upstream.connect.args);
    clients.push(direct);
    const viaProxy = await proxyTo(upstream);
    const expected = (await direct.listTools()).tools;
    const { tools } = await viaProxy.listTools();
    expect(tools.filter((tool) => tool.name !== 'res_health')).toEqual(expected);
    expect(tools.find((tool) => tool.name === 'res_health')).toMatchObject({ annotations: { readOnlyHint: true } });
  }, 20_000);

  it('forwards calls, resources and prompts; relays progress', async () => {
    upstream = stdioServer();
    const host = await proxyTo(upstream);
    const result = await host.callTool({ name: 'read_item', arguments: { id: '42' } });
    expect(result.structuredContent).toMatchObject({ ok: true, tool: 'read_item', args: { id: '42' } });
    expect((await host.listResources()).resources.length).toBeGreaterThan(0);
    expect((await host.listPrompts()).prompts.map((p) => p.name)).toContain('summarize');
    const progress: number[] = [];
    await host.callTool({ name: 'progress', arguments: { steps: 3, intervalMs: 25 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    // At least the first two: SDK 1.32 handles a notification a microtask later than the response that
    // follows it, so the last progress of a call can be dropped (by our client or the host's) when it
    // arrives in the same read as the result. Whatever arrives is relayed in order.
    expect(progress.slice(0, 2)).toEqual([1, 2]);
    expect(progress).toEqual([1, 2, 3].slice(0, progress.length));
    await host.ping();
  }, 20_000);

  it('an unsafe tool that fails after the upstream received it ran exactly once', async () => {
    upstream = stdioServer({ faults: { send_item: { type: 'crash' } } });
    const host = await proxyTo(upstream);
    const result = await host.callTool({ name: 'send_item', arguments: { id: 'm' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/unavailable/);
    expect(upstream.calls('send_item')).toBe(1);
    upstream.clearFaults();
    expect((await host.callTool({ name: 'send_item', arguments: {} })).isError).toBeUndefined();
    expect(upstream.calls('send_item')).toBe(2);
  }, 20_000);

  it("caller errors come back as JSON-RPC errors with the upstream's code, the prefix not doubled", async () => {
    upstream = stdioServer({ faults: { read_item: { type: 'rpc-error', code: -32602, message: 'id must be a string' } } });
    const host = await proxyTo(upstream);
    const error = await host.callTool({ name: 'read_item', arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32602 });
    expect((error as McpError).message).toMatch(/^MCP error -32602: (?!MCP error)/);
    expect(upstream.calls('read_item')).toBe(1);
  }, 20_000);

  it("the host's cancellation reaches the upstream handler", async () => {
    upstream = stdioServer({ faults: { read_item: { type: 'hang' } } });
    const host = await proxyTo(upstream);
    const controller = new AbortController();
    const call = host.callTool({ name: 'read_item', arguments: {} }, undefined, { signal: controller.signal }).catch((e: unknown) => e);
    await expect.poll(() => upstream?.calls('read_item'), { timeout: 10_000 }).toBe(1);
    controller.abort('host cancelled');
    await call;
    await expect.poll(() => upstream?.aborts('read_item'), { timeout: 10_000 }).toBe(1);
  }, 20_000);

  it('after calls have finished, a cancellation aborts the call it names and no other', async () => {
    upstream = stdioServer({ faults: { read_item: { type: 'hang' } } });
    const host = await proxyTo(upstream);
    // Finished calls first: the next calls run on what they leave behind (the proxy reuses their abort controllers).
    for (const id of ['1', '2']) expect((await host.callTool({ name: 'send_item', arguments: { id } })).isError).toBeUndefined();
    const first = new AbortController();
    const second = new AbortController();
    const calls = [first, second].map((controller) => host.callTool({ name: 'read_item', arguments: {} }, undefined, { signal: controller.signal }).catch((e: unknown) => e));
    await expect.poll(() => upstream?.calls('read_item'), { timeout: 10_000 }).toBe(2);
    first.abort('host cancelled');
    await expect.poll(() => upstream?.aborts('read_item'), { timeout: 10_000 }).toBe(1);
    // A round trip after the cancellation: had it aborted the other call too, the upstream would have heard by now.
    expect((await host.callTool({ name: 'send_item', arguments: { id: '3' } })).isError).toBeUndefined();
    expect(upstream.aborts('read_item')).toBe(1);
    second.abort('host cancelled');
    await Promise.all(calls);
    await expect.poll(() => upstream?.aborts('read_item'), { timeout: 10_000 }).toBe(2);
  }, 20_000);

  it('res_health reports the breaker, counts and last error as JSON', async () => {
    upstream = stdioServer({ faults: { read_item: { type: 'rpc-error', code: -32603, message: 'db down' } } });
    const host = await proxyTo(upstream, ['--max-attempts', '1']);
    await host.callTool({ name: 'read_item', arguments: {} });
    const health = JSON.parse(text(await host.callTool({ name: 'res_health', arguments: {} }))) as Record<string, unknown>;
    expect(health).toMatchObject({ state: 'closed', calls: 1, failures: 1, lastError: { kind: 'protocol', tool: 'read_item' } });
  }, 20_000);
});
