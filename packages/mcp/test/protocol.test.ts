import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ListToolsRequestSchema,
  McpError,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  ErrorCode,
  type ClientCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import { createConformanceServer } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ResilientClient, type ClientEvent, type ServerNotificationMessage } from '../src/index.js';

const clients: ResilientClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** A connect factory: a fresh server per session, kept for inspection. */
// eslint-disable-next-line @typescript-eslint/no-deprecated
function servers(make: () => Server = createConformanceServer) {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const made: { server: Server; client: InMemoryTransport }[] = [];
  return {
    made,
    connect: async () => {
      const [client, server] = InMemoryTransport.createLinkedPair();
      const instance = make();
      await instance.connect(server);
      made.push({ server: instance, client });
      return client;
    },
  };
}

function text(result: { content?: unknown }): string {
  return JSON.stringify(result.content);
}

describe('ResilientClient speaks all of MCP', () => {
  it('answers server requests with the handlers given, and declares only their capabilities', async () => {
    const target = servers();
    const client = new ResilientClient({
      name: 'target', connect: target.connect, preset: 'local',
      handlers: { sampling: () => ({ role: 'assistant', content: { type: 'text', text: 'from my LLM' }, model: 'm' }) },
    });
    clients.push(client);
    expect(text(await client.callTool('test_sampling', { prompt: 'hello' }))).toContain('LLM response: from my LLM');
    const declared: ClientCapabilities | undefined = target.made[0]?.server.getClientCapabilities();
    expect(declared?.sampling).toEqual({});
    expect(declared?.elicitation).toBeUndefined();
    expect(declared?.roots).toBeUndefined();
    // No elicitation handler: the server is told the client cannot, and its tool fails.
    await expect(client.callTool('test_elicitation', { message: 'who?' })).rejects.toThrow(/does not support form elicitation/);
  });

  it('relays notifications to on("notification"), and sends every protocol request through its policies', async () => {
    const target = servers();
    const client = new ResilientClient({ name: 'target', connect: target.connect, preset: 'local', policy: { breakerScope: 'tool' } });
    clients.push(client);
    const seen: ServerNotificationMessage[] = [];
    client.on('notification', (notification) => seen.push(notification));
    await client.setLoggingLevel('debug');
    await client.callTool('test_tool_with_logging');
    await client.subscribeResource('test://watched-resource');
    await expect.poll(() => seen.map((n) => n.method)).toEqual(expect.arrayContaining(['notifications/message', 'notifications/resources/updated']));
    expect(seen.filter((n) => n.method === 'notifications/message')).toHaveLength(3);
    expect((await client.listResourceTemplates()).resourceTemplates[0]?.uriTemplate).toBe('test://template/{id}/data');
    expect((await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'pa' } })).completion.values).toEqual(['paris', 'park', 'party']);
    const { serverInfo, capabilities } = await client.connect();
    expect(serverInfo?.name).toBe('res-conformance-target');
    expect(capabilities?.completions).toEqual({});
    // An unknown method is the caller's error (-32601): no breaker failure, no per-method breaker.
    await expect(client.request('no/such-method')).rejects.toMatchObject({ kind: 'caller', code: -32601 });
    expect([...client.breakers().keys()]).toEqual([undefined, 'test_tool_with_logging']);
    expect(client.breaker.stats().failures).toBe(0);
  });

  it('re-applies the logging level and subscriptions on a new session, and reports what it could not restore', async () => {
    const received: string[][] = [];
    let refuseSubscribe = false;
    const target = servers(() => {
      const log: string[] = [];
      received.push(log);
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      const server = new Server({ name: 'recorder', version: '1' }, { capabilities: { tools: {}, logging: {}, resources: { subscribe: true } } });
      server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));
      server.setRequestHandler(SetLevelRequestSchema, (request) => {
        log.push(`level ${request.params.level}`);
        return {};
      });
      server.setRequestHandler(UnsubscribeRequestSchema, () => ({}));
      server.setRequestHandler(SubscribeRequestSchema, (request) => {
        if (refuseSubscribe) throw new McpError(ErrorCode.InvalidParams, 'no such resource');
        log.push(`subscribe ${request.params.uri}`);
        return {};
      });
      return server;
    });
    const client = new ResilientClient({ name: 'rec', connect: target.connect, preset: 'local' });
    clients.push(client);
    const events: ClientEvent[] = [];
    client.on('event', (event) => events.push(event));
    await client.setLoggingLevel('warning');
    await client.subscribeResource('file:///a');
    await client.subscribeResource('file:///b');
    await client.unsubscribeResource('file:///b');
    await target.made[0]?.client.close(); // the session dies
    refuseSubscribe = true;
    await client.ping();
    expect(received[1]).toEqual(['level warning']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'restore-failed', what: 'subscription', uri: 'file:///a' }));
  });

  it('rejects bad handlers at construction, naming the option', () => {
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, handlers: { sampling: 'yes' } as never })).toThrow(/handlers\.sampling must be a function/);
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, handlers: { smapling: () => ({}) } as never })).toThrow(/unknown key "smapling"/);
  });
});
