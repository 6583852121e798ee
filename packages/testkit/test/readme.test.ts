// The README's examples, run as written (imports from src instead of the package name).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { createInMemoryServer, fakeServer, startHttpServer, stdioServer } from '../src/index.js';
import { bodyOf, rejectionOf, until } from './helpers.js';

// What `mailgunFaults` from @res/mailgun/testing builds (testkit never imports an adapter).
const mailgunFaults = {
  error: (status: number) => ({ type: 'in-band', body: { error: { type: 'mailgun_error', message: `Mailgun request failed with status ${status}`, details: '' } } }) as const,
};

const newClient = () => new Client({ name: 'test', version: '1.0.0' });

describe('README', () => {
  it('in memory', async () => {
    const server = createInMemoryServer();
    const client = newClient();
    await client.connect(server.transport());
    server.setFault('read_item', { type: 'fail-first', count: 2, fault: { type: 'fail' } });
    expect((await client.callTool({ name: 'read_item', arguments: { id: '1' } })).isError).toBe(true);
    expect((await client.callTool({ name: 'read_item', arguments: { id: '1' } })).isError).toBe(true);
    expect(bodyOf(await client.callTool({ name: 'read_item', arguments: { id: '1' } }))).toEqual({ ok: true, tool: 'read_item', call: 3, args: { id: '1' } });
    expect(server.calls('read_item')).toBe(3);
    await client.close();
    await server.close();
  });

  it('stdio child', async () => {
    const server = stdioServer({ faults: { send_item: { type: 'crash', exitCode: 3 } } });
    const client = newClient();
    await client.connect(new StdioClientTransport(server.connect));
    expect(await rejectionOf(client.callTool({ name: 'send_item', arguments: { id: '1' } }))).toMatchObject({ code: -32000 });
    expect(server.calls('send_item')).toBe(1);
    expect(server.pids()).toHaveLength(1);
    await until(() => server.alivePids().length === 0);
    await client.close();
    await server.dispose();
  });

  it('streamable HTTP', async () => {
    const server = await startHttpServer({ port: 0 });
    const client = newClient();
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    server.respondWith503(true);
    expect(await rejectionOf(client.callTool({ name: 'read_item', arguments: {} }))).toMatchObject({ code: 503 });
    server.respondWith503(false);
    await server.stop();
    expect(await rejectionOf(client.callTool({ name: 'read_item', arguments: {} }))).toMatchObject({ message: 'fetch failed' });
    await server.start();
    expect(await rejectionOf(client.callTool({ name: 'read_item', arguments: {} }))).toMatchObject({ code: 404 });
    await client.close();
    await server.close();
  });

  it('fakeServer', async () => {
    const mailgunCatalog = {
      get_domains: { safety: 'read', purpose: 'List domains' },
      get_stats: { safety: 'read', purpose: 'Stats' },
      get_events: { safety: 'read', purpose: 'Events', profile: 'standard' },
      send_message: { safety: 'unsafe', purpose: 'Send' },
    } as const;
    const fake = fakeServer(mailgunCatalog, {
      name: 'mailgun',
      respond: { get_domains: () => ({ items: [{ name: 'example.com' }] }) },
      results: { get_stats: { stats: [] } },
      faults: { send_message: mailgunFaults.error(429) },
      annotations: false,
      omit: ['get_events'],
      profile: 'minimal',
      latencyMs: 20,
    });
    expect(fake.tools.map((tool) => tool.name)).toEqual(['get_domains', 'get_stats', 'send_message']);
    const memory = fake.inMemory();
    const client = newClient();
    await client.connect(memory.transport());
    expect(bodyOf(await client.callTool({ name: 'get_stats', arguments: {} }))).toEqual({ stats: [] });
    await client.close();
    await memory.close();
  });
});
