import { getEventListeners } from 'node:events';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpCallError, ResilientClient } from '../src/index.js';
import { callToolResultProblem } from '../src/protocol/direct.js';
import { fastPolicy, rejection } from './helpers.js';

/** Ids of requests sent on the direct path start here (`protocol/direct.ts`). */
const DIRECT_IDS = 2 ** 40;

let client: ResilientClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

/** A real SDK server with a plain tool, read-only, its task support forbidden (as server-everything declares). */
function sdkServer(seen: (string | number)[]): () => InMemoryTransport {
  return () => {
    const server = new McpServer({ name: 'direct', version: '1.0.0' });
    server.registerTool('echo', { inputSchema: { text: z.string() }, annotations: { readOnlyHint: true } }, ({ text }, extra) => {
      seen.push(extra.requestId);
      return { content: [{ type: 'text', text }] };
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    void server.connect(serverSide);
    return clientSide;
  };
}

/**
 * A server we do not control, answering JSON-RPC by hand: `initialize`, `tools/list` (one
 * read-only tool, `execution.taskSupport: 'forbidden'`, or `tool`) and `tools/call` with `result`.
 */
function handServer(result: unknown, seen: JSONRPCMessage[] = [], tool: Record<string, unknown> = plainTool, idOf: (id: string | number) => string | number = (id) => id): () => InMemoryTransport {
  return () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    serverSide.onmessage = (message) => {
      seen.push(message);
      if (!('method' in message) || !('id' in message)) return;
      const answer = (value: unknown): void => void serverSide.send({ jsonrpc: '2.0', id: idOf(message.id), result: value as Record<string, unknown> });
      if (message.method === 'initialize') answer({ protocolVersion: message.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'hand', version: '1' } });
      else if (message.method === 'tools/list') answer({ tools: [tool] });
      else if (message.method === 'tools/call') answer(result);
    };
    void serverSide.start();
    return clientSide;
  };
}

const plainTool = { name: 'echo', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true }, execution: { taskSupport: 'forbidden' } };

function callIds(seen: JSONRPCMessage[]): number[] {
  return seen.flatMap((m) => ('method' in m && m.method === 'tools/call' && 'id' in m ? [Number(m.id)] : []));
}

describe('tools/call on the direct path (no SDK request machinery)', () => {
  it('a tool without output schema goes direct; one with an output schema keeps the SDK path and its check', async () => {
    const seen: (string | number)[] = [];
    client = new ResilientClient({ name: 'direct', connect: sdkServer(seen), policy: { ...fastPolicy, maxAttempts: 1 } });
    expect(await client.callTool('echo', { text: 'hi' })).toEqual({ content: [{ type: 'text', text: 'hi' }] });
    expect(await client.callTool('echo', { text: 'again' })).toEqual({ content: [{ type: 'text', text: 'again' }] });
    expect(seen.map(Number).every((id) => id >= DIRECT_IDS)).toBe(true);
    await client.close();

    const typed = { name: 'echo', inputSchema: { type: 'object' }, outputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } };
    const messages: JSONRPCMessage[] = [];
    client = new ResilientClient({ name: 'direct', connect: handServer({ content: [], structuredContent: { n: 'x' } }, messages, typed), policy: { ...fastPolicy, maxAttempts: 1 } });
    const failure = await rejection(client.callTool('echo', {}));
    expect(callIds(messages).every((id) => id < DIRECT_IDS)).toBe(true);
    expect(failure).toBeInstanceOf(McpCallError);
    expect((failure as McpCallError).message).toMatch(/output schema/);
  });

  it('a long-lived caller signal has no listener left after calls, direct or through the SDK, retried or not', async () => {
    const controller = new AbortController();
    const listeners = (): number => getEventListeners(controller.signal, 'abort').length;
    client = new ResilientClient({ name: 'direct', connect: sdkServer([]), policy: { ...fastPolicy, maxAttempts: 1 } });
    for (let i = 0; i < 5; i++) await client.callTool('echo', { text: String(i) }, { signal: controller.signal });
    expect(listeners()).toBe(0);
    await client.close();
    // The SDK path (a tool with an output schema): the SDK's listener goes on a signal of the attempt's own.
    const typed = { name: 'echo', inputSchema: { type: 'object' }, outputSchema: { type: 'object' } };
    client = new ResilientClient({ name: 'direct', connect: handServer({ content: [], structuredContent: { n: 1 } }, [], typed), policy: fastPolicy });
    for (let i = 0; i < 5; i++) await client.callTool('echo', {}, { signal: controller.signal });
    expect(listeners()).toBe(0);
    await client.close();
    // Failed and retried attempts (a malformed answer, read-only tool).
    client = new ResilientClient({ name: 'direct', connect: handServer({ content: 'x' }), policy: { ...fastPolicy, maxAttempts: 3 } });
    for (let i = 0; i < 3; i++) await rejection(client.callTool('echo', {}, { signal: controller.signal }));
    expect(client.health()).toMatchObject({ failures: 3, retries: 6 });
    expect(listeners()).toBe(0);
  });

  it('a server that answers with the request id as a string is understood, as the SDK understands it', async () => {
    client = new ResilientClient({ name: 'direct', connect: handServer({ content: [{ type: 'text', text: 'ok' }] }, [], plainTool, String), policy: { ...fastPolicy, timeout: 2_000 } });
    expect(await client.callTool('echo', {})).toEqual({ content: [{ type: 'text', text: 'ok' }] });
  });

  it('a result without content gets the schema default, content: [] (as the SDK parse gives)', async () => {
    client = new ResilientClient({ name: 'direct', connect: handServer({ structuredContent: { ok: true } }), policy: fastPolicy });
    expect(await client.callTool('echo', {})).toEqual({ content: [], structuredContent: { ok: true } });
  });

  it.each([
    ['content that is not an array', { content: 'text' }, 'content is not an array'],
    ['a text block without text', { content: [{ type: 'text' }] }, 'a text block without text'],
    ['a block of unknown type', { content: [{ type: 'video', url: 'x' }] }, 'a content block of unknown type'],
    ['isError that is not a boolean', { content: [], isError: 'yes' }, 'isError is not a boolean'],
  ])('%s is a protocol failure, counted and named (a read-only tool retries it once, as it did the SDK schema error)', async (_name, result, problem) => {
    const seen: JSONRPCMessage[] = [];
    client = new ResilientClient({ name: 'direct', connect: handServer(result, seen), policy: { ...fastPolicy, maxAttempts: 2 } });
    const failure = await rejection(client.callTool('echo', {}));
    expect(failure).toBeInstanceOf(McpCallError);
    expect(failure).toMatchObject({ kind: 'protocol', counted: true, message: `direct echo: malformed result from the server (${problem})` });
    // A protocol failure of a read-only tool is retried once, as the SDK's schema error was.
    expect(callIds(seen)).toHaveLength(2);
    expect(callIds(seen).every((id) => id >= DIRECT_IDS)).toBe(true);
    expect(client.health()).toMatchObject({ failures: 1, lastError: { kind: 'protocol' } });
  });

  it('callToolResultProblem accepts every content block the schema knows', () => {
    expect(callToolResultProblem({
      content: [
        { type: 'text', text: 't' },
        { type: 'image', data: 'AA==', mimeType: 'image/png' },
        { type: 'audio', data: 'AA==', mimeType: 'audio/wav' },
        { type: 'resource_link', uri: 'file:///a', name: 'a' },
        { type: 'resource', resource: { uri: 'file:///a', text: 'a' } },
        { type: 'resource', resource: { uri: 'file:///b', blob: 'AA==' } },
      ],
      structuredContent: { a: 1 },
      isError: false,
      _meta: { any: 'thing' },
    })).toBeUndefined();
    expect(callToolResultProblem({ content: [{ type: 'resource', resource: { uri: 'x' } }] })).toBe('a resource block without text or blob');
    expect(callToolResultProblem({ content: [], structuredContent: [1] })).toBe('structuredContent is not an object');
  });
});
