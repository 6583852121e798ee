import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema, ResourceUpdatedNotificationSchema, ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { conformanceStdioPath } from '@res/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/gateway/config.js';
import { createGatewayServer } from '../src/gateway/gateway-server.js';
import { HostRouter } from '../src/gateway/host-router.js';
import { HostLink } from '../src/relay/host-link.js';
import { Namespace } from '../src/gateway/names.js';
import { Registry } from '../src/gateway/registry.js';
import { eventually, memoryLogger, textOf } from './gateway-helpers.js';

const conformance = { command: process.execPath, args: [conformanceStdioPath] };

/** A gateway over real stdio servers, and a way to connect host sessions to it (each its own gateway server). */
function gatewayOf(mcpServers: Record<string, unknown>, names = new Namespace()) {
  const logger = memoryLogger();
  const router = new HostRouter();
  const registry = new Registry(parseGatewayConfig({ mcpServers }, 'gateway.json'), { logger, listTimeout: 5_000, router });
  registry.start();
  const hosts: Client[] = [];
  return {
    registry,
    host: async (name: string, capabilities: ConstructorParameters<typeof Client>[1] = {}) => {
      const server = createGatewayServer({ registry, names, logger, router });
      const host = new Client({ name, version: '1.0.0' }, capabilities);
      const [hostSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      await host.connect(hostSide);
      hosts.push(host);
      return host;
    },
    close: async () => {
      await Promise.all(hosts.map((host) => host.close()));
      await registry.close();
    },
  };
}

describe('gateway: methods beyond tools, prompts and resources', () => {
  const gateway = gatewayOf({ a: conformance, b: conformance });
  let host: Client;
  beforeAll(async () => {
    host = await gateway.host('host');
    await eventually(async () => {
      expect((await host.listTools()).tools.map((tool) => tool.name)).toContain('b__test_sampling');
    });
  });
  afterAll(() => gateway.close());

  it.each([
    [{ name: 7 }, 'tools/call: params.name must be a string'],
    [{ name: 'a__test_simple_text', arguments: 'nope' }, 'tools/call: params.arguments must be an object'],
    [{ name: 'a__test_simple_text', arguments: [1] }, 'tools/call: params.arguments must be an object'],
  ])('tools/call params are checked by hand, as the SDK would with zod: %j is InvalidParams', async (params, message) => {
    const call = host.request({ method: 'tools/call', params: params as unknown as { name: string } }, ResultSchema);
    await expect(call).rejects.toMatchObject({ code: -32602, message: expect.stringContaining(message) as unknown });
    // The gateway still answers the next call.
    expect(textOf(await host.callTool({ name: 'a__test_simple_text', arguments: {} }))).toMatch(/simple text/i);
  });

  it('resources/templates/list: every server’s templates, names prefixed, URIs as the server gave them; a templated URI reads from its server', async () => {
    const { resourceTemplates } = await host.listResourceTemplates();
    expect(resourceTemplates.map((template) => [template.name, template.uriTemplate])).toEqual([
      ['a__template-data', 'test://template/{id}/data'],
      ['b__template-data', 'test://template/{id}/data'],
    ]);
    const read = await host.readResource({ uri: 'test://template/42/data' });
    expect(read.contents[0]).toMatchObject({ uri: 'test://template/42/data', text: expect.stringContaining('Data for ID: 42') as unknown });
  });

  it('resources/subscribe and unsubscribe reach the server that listed the URI; its updates reach the host', async () => {
    const updates: string[] = [];
    host.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    await host.listResources();
    await expect(host.subscribeResource({ uri: 'test://watched-resource' })).resolves.toEqual({});
    await eventually(() => {
      expect(updates).toContain('test://watched-resource');
    });
    await expect(host.unsubscribeResource({ uri: 'test://watched-resource' })).resolves.toEqual({});
    await expect(host.subscribeResource({ uri: 'test://nowhere' })).rejects.toThrow(/Unknown resource: test:\/\/nowhere/);
  });

  it('completion/complete: a prompt reference is routed by its prefixed name and renamed for the server', async () => {
    await host.listPrompts();
    const answer = await host.complete({ ref: { type: 'ref/prompt', name: 'b__test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'par' } });
    expect(answer.completion.values).toEqual(['paris', 'park', 'party']);
    const byTemplate = await host.complete({ ref: { type: 'ref/resource', uri: 'test://template/{id}/data' }, argument: { name: 'id', value: 'test' } });
    expect(byTemplate.completion.values).toEqual(['test', 'testing']);
    await expect(host.complete({ ref: { type: 'ref/prompt', name: 'nope' }, argument: { name: 'x', value: '' } })).rejects.toThrow(/Unknown prompt: nope/);
  });

  it('an unknown method with several servers is refused with -32601 saying why', async () => {
    await expect(host.request({ method: 'vendor/custom', params: {} }, ResultSchema)).rejects.toThrow(
      /-32601.*vendor\/custom: the res gateway cannot tell which server should answer it/,
    );
  });

  it('sampling/createMessage goes to the host session with the call in flight, not the most recent one; its answer goes back', async () => {
    const asked: string[] = [];
    const sampler = (name: string) => async (request: { params: { messages: { content: unknown }[] } }) => {
      asked.push(`${name}: ${JSON.stringify(request.params.messages[0]?.content)}`);
      return { model: name, role: 'assistant' as const, content: { type: 'text' as const, text: `from ${name}` } };
    };
    const caller = await gateway.host('caller', { capabilities: { sampling: {} } });
    caller.setRequestHandler(CreateMessageRequestSchema, sampler('caller'));
    const later = await gateway.host('later', { capabilities: { sampling: {} } });
    later.setRequestHandler(CreateMessageRequestSchema, sampler('later'));
    const result = await caller.callTool({ name: 'a__test_sampling', arguments: { prompt: 'hi' } });
    expect(textOf(result)).toBe('LLM response: from caller');
    expect(asked).toEqual(['caller: {"type":"text","text":"hi"}']);
  });

  it('elicitation/create reaches the calling host; a host without the capability is told so', async () => {
    const person = await gateway.host('person', { capabilities: { elicitation: { form: {} } } });
    person.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.org' } }));
    const accepted = await person.callTool({ name: 'b__test_elicitation', arguments: { message: 'who?' } });
    expect(textOf(accepted)).toContain('action=accept');
    expect(textOf(accepted)).toContain('"username":"ada"');
    const unable = await gateway.host('unable');
    // The server's tool fails on the refusal; it answers the call with that error.
    await expect(unable.callTool({ name: 'b__test_elicitation', arguments: { message: 'who?' } })).rejects.toThrow(/the connected host does not support elicitation/);
  });
});

describe('gateway --no-prefix with one server', () => {
  const gateway = gatewayOf({ only: conformance }, new Namespace({ prefix: false }));
  afterAll(() => gateway.close());

  it('forwards a method the gateway does not know to that server (whose own answer comes back)', async () => {
    const host = await gateway.host('host');
    await eventually(async () => {
      expect((await host.listTools()).tools.map((tool) => tool.name)).toContain('test_sampling');
    });
    // The server does not know it either: its own -32601 ("Method not found") comes back, not the gateway's refusal.
    const error = await host.request({ method: 'vendor/custom', params: {} }, ResultSchema).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/-32601.*Method not found/);
    expect(String(error)).not.toMatch(/cannot tell/);
    // A prompt completes without listing first: the one server is the only candidate.
    const answer = await host.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'test' } });
    expect(answer.completion.values).toEqual(['test', 'testing']);
  });
});

describe('HostRouter', () => {
  it('picks the session with the latest call in flight to that server, else the most recently active session', () => {
    const router = new HostRouter();
    const [first, second] = [new HostLink(), new HostLink()];
    router.add(first);
    const leaveSecond = router.add(second);
    expect(router.pick('a')).toBe(second);
    const done = router.begin(first, 'a', 1);
    const other = router.begin(second, 'b', 2);
    expect(router.pick('a')).toBe(first);
    expect(router.pick('b')).toBe(second);
    done();
    other();
    expect(router.pick('a')).toBe(second);
    leaveSecond();
    expect(router.pick('a')).toBe(first);
  });
});

/** A one-session streamable HTTP server on 127.0.0.1 whose `which_roots` tool asks its client for roots. */
async function rootsServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const mcp = new McpServer({ name: 'roots', version: '1.0.0' });
  mcp.registerTool('which_roots', { description: 'Lists the client roots' }, async (extra) => {
    const { roots } = await mcp.server.listRoots(undefined, { relatedRequestId: extra.requestId });
    return { content: [{ type: 'text', text: roots.map((root) => root.uri).join(',') }] };
  });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID });
  await mcp.connect(transport);
  const http: HttpServer = createServer((request, response) => void transport.handleRequest(request, response));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((http.address() as AddressInfo).port)}/mcp`,
    close: async () => {
      await mcp.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

describe('gateway: roots/list', () => {
  it('a server asking for roots during a call gets the calling host’s roots', async () => {
    const upstream = await rootsServer();
    const gateway = gatewayOf({ files: { url: upstream.url } });
    try {
      const host = await gateway.host('host', { capabilities: { roots: {} } });
      host.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///work/notes' }] }));
      await eventually(async () => {
        expect((await host.listTools()).tools.map((tool) => tool.name)).toContain('files__which_roots');
      });
      expect(textOf(await host.callTool({ name: 'files__which_roots', arguments: {} }))).toBe('file:///work/notes');
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });
});
