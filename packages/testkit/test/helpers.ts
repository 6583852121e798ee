import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { createInMemoryServer, type InMemoryServerHandle } from '../src/in-memory.js';

/** A raw SDK client connected to `transport`. */
export async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'testkit-test', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

/** The first text content of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as CallToolResult).content[0];
  if (content?.type !== 'text') throw new Error(`no text content in ${JSON.stringify(result)}`);
  return content.text;
}

/** The parsed JSON text of a tool result. */
export function bodyOf(result: unknown): unknown {
  return JSON.parse(textOf(result));
}

/** Awaits a rejection and returns the error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Asserts an McpError with this code. */
export async function expectMcpError(promise: Promise<unknown>, code: number): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toMatchObject({ name: 'McpError', code });
}

/** Polls `condition` every 10 ms until true (or fails after `ms`). */
export async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fresh in-memory server and a connected SDK client per test, closed after it. */
export interface InMemoryRig {
  readonly server: InMemoryServerHandle;
  readonly client: Client;
  /** Connects a fresh client (the old one's transport is single use), which `client` then is. */
  reconnect(): Promise<Client>;
  /** `client.callTool` with an `{ id: '1' }` default. */
  call(name: string, args?: Record<string, unknown>, options?: { timeout?: number; signal?: AbortSignal }): ReturnType<Client['callTool']>;
}

/** Registers the per-test setup and teardown of an {@link InMemoryRig}. */
export function useInMemoryServer(): InMemoryRig {
  let server: InMemoryServerHandle | undefined;
  let client: Client | undefined;
  beforeEach(async () => {
    server = createInMemoryServer();
    client = await connect(server.transport());
  });
  afterEach(async () => {
    vi.useRealTimers();
    await client?.close();
    await server?.close();
  });
  const rig: InMemoryRig = {
    get server() {
      if (server === undefined) throw new Error('useInMemoryServer: no test is running');
      return server;
    },
    get client() {
      if (client === undefined) throw new Error('useInMemoryServer: no test is running');
      return client;
    },
    reconnect: async () => {
      await client?.close();
      client = await connect(rig.server.transport());
      return client;
    },
    call: (name, args = { id: '1' }, options) => rig.client.callTool({ name, arguments: args }, undefined, options),
  };
  return rig;
}
