import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createInMemoryServer } from '../src/in-memory.js';
import { connect } from './helpers.js';

/** A plain McpServer whose only tool throws `message`. */
async function realServerClient(message: string) {
  const real = new McpServer({ name: 'real', version: '1.0.0' });
  real.registerTool('read_item', { inputSchema: { id: z.string().optional() } }, () => {
    throw new Error(message);
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await real.connect(serverSide);
  return connect(clientSide);
}

describe('fidelity to McpServer', () => {
  it('a handler error becomes the same isError result as McpServer makes', async () => {
    const real = await realServerClient('database is locked');
    const fake = createInMemoryServer({ faults: { read_item: { type: 'fail', message: 'database is locked' } } });
    const ours = await connect(fake.transport());
    const args = { name: 'read_item', arguments: { id: 'x' } };
    expect(await ours.callTool(args)).toEqual(await real.callTool(args));
    await Promise.all([real.close(), ours.close(), fake.close()]);
  });

  it('an unknown tool gets the same isError result as from McpServer', async () => {
    const real = await realServerClient('unused');
    const fake = createInMemoryServer();
    const ours = await connect(fake.transport());
    const args = { name: 'no_such_tool', arguments: {} };
    expect(await ours.callTool(args)).toEqual(await real.callTool(args));
    await Promise.all([real.close(), ours.close(), fake.close()]);
  });

  it('declares tools, resources and prompts capabilities', async () => {
    const fake = createInMemoryServer({ name: 'caps' });
    const client = await connect(fake.transport());
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {} });
    expect(client.getServerVersion()).toMatchObject({ name: 'caps' });
    await Promise.all([client.close(), fake.close()]);
  });
});
