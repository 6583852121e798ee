import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { annotationsFor, type Catalog, catalogTools } from '../src/catalog.js';
import { fakeServer } from '../src/fake-server.js';
import { bodyOf, connect } from './helpers.js';

/** Shaped like an adapter's catalog, extra fields included. */
const mailgunLike = {
  get_domains: { safety: 'read', purpose: 'List domains', group: 'domains' },
  update_domain: { safety: 'idempotent', purpose: 'Update domain settings' },
  send_message: {
    safety: 'unsafe',
    purpose: 'Send an email',
    inputSchema: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
  },
  get_stats: { safety: 'read', purpose: 'Stats', profile: 'full' },
  get_events: { safety: 'read', purpose: 'Events', profile: 'standard' },
} as const satisfies Catalog;

describe('catalogTools', () => {
  it('advertises no hints by default, as most real servers', () => {
    const tools = catalogTools(mailgunLike);
    expect(tools.map((tool) => tool.name)).toEqual(['get_domains', 'update_domain', 'send_message', 'get_stats', 'get_events']);
    expect(tools.every((tool) => tool.annotations === undefined)).toBe(true);
    expect(tools[0]).toEqual({ name: 'get_domains', description: 'List domains' });
    expect(tools[2]?.inputSchema).toEqual(mailgunLike.send_message.inputSchema);
  });

  it('derives hints from safety when asked, declared annotations always win', () => {
    const tools = catalogTools(
      { a: { safety: 'read' }, b: { safety: 'idempotent' }, c: { safety: 'unsafe' }, d: { safety: 'unsafe', annotations: { destructiveHint: false } } },
      { annotations: true },
    );
    expect(tools.map((tool) => tool.annotations)).toEqual([
      annotationsFor('read'),
      annotationsFor('idempotent'),
      annotationsFor('unsafe'),
      { ...annotationsFor('unsafe'), destructiveHint: false },
    ]);
    expect(catalogTools({ chart: { safety: 'read', annotations: { readOnlyHint: true } } })[0]?.annotations).toEqual({ readOnlyHint: true });
  });

  it('accepts an array catalog, omit, profile, latency and results', () => {
    const tools = catalogTools(
      Object.entries(mailgunLike).map(([name, entry]) => ({ name, ...entry })),
      { omit: ['send_message'], profile: 'standard', latencyMs: { get_domains: 20 }, results: { get_domains: { items: [] } } },
    );
    expect(tools.map((tool) => tool.name)).toEqual(['get_domains', 'update_domain', 'get_events']);
    expect(tools[0]).toMatchObject({ latencyMs: 20, result: { items: [] } });
  });

  it('names unknown tools in options', () => {
    expect(() => catalogTools(mailgunLike, { omit: ['send_mesage'] })).toThrow("omit: 'send_mesage' is not in the catalog");
    expect(() => catalogTools(mailgunLike, { results: { nope: 1 } })).toThrow(/results: 'nope'/);
  });
});

describe('fakeServer', () => {
  it('serves the catalog in memory with realistic answers and faults', async () => {
    const fake = fakeServer(mailgunLike, {
      name: 'mailgun',
      omit: ['get_stats'],
      respond: { get_domains: () => ({ items: [{ name: 'example.com' }] }), get_stats: () => ({}) },
      faults: { send_message: { type: 'in-band', body: { error: { type: 'mailgun_error', message: 'Mailgun request failed with status 429', details: '' } } } },
    });
    const server = fake.inMemory();
    const client = await connect(server.transport());
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('get_stats');
    expect(bodyOf(await client.callTool({ name: 'get_domains', arguments: {} }))).toEqual({ items: [{ name: 'example.com' }] });
    expect(bodyOf(await client.callTool({ name: 'send_message', arguments: { to: 'a@b.c' } }))).toMatchObject({
      error: { message: 'Mailgun request failed with status 429' },
    });
    expect(server.calls()).toBe(2);
    await client.close();
    await server.close();
  });

  it('runs over stdio with the catalog serialised into the config', async () => {
    const server = fakeServer(mailgunLike, { annotations: true, results: { get_domains: { items: [] } } }).stdio();
    const client = await connect(new StdioClientTransport(server.connect));
    try {
      const { tools } = await client.listTools();
      expect(tools.find((tool) => tool.name === 'send_message')).toMatchObject({
        description: 'Send an email',
        inputSchema: mailgunLike.send_message.inputSchema,
        annotations: annotationsFor('unsafe'),
      });
      expect(bodyOf(await client.callTool({ name: 'get_domains', arguments: {} }))).toEqual({ items: [] });
    } finally {
      await client.close();
      await server.dispose();
    }
  });

  it('refuses responder functions over stdio without a module', () => {
    expect(() => fakeServer(mailgunLike, { respond: { get_domains: () => 1 } }).stdio()).toThrow(/cannot cross into a stdio child/);
    expect(() => fakeServer(mailgunLike, { respond: { nope: () => 1 } })).toThrow(/respond: 'nope'/);
  });

  it('runs over HTTP', async () => {
    const server = await fakeServer(mailgunLike).http();
    const client = await connect(new StreamableHTTPClientTransport(new URL(server.url)));
    try {
      expect((await client.listTools()).tools).toHaveLength(5);
      expect(bodyOf(await client.callTool({ name: 'update_domain', arguments: { id: 'd' } }))).toMatchObject({ ok: true, tool: 'update_domain' });
    } finally {
      await client.close();
      await server.close();
    }
  });
});
