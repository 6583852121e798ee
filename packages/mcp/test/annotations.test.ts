import { afterEach, describe, expect, it } from 'vitest';
import { closeRig, inMemoryRig, rejection, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await closeRig(rig);
  rig = undefined;
});

const crashFirst = { type: 'fail-first', count: 1, fault: { type: 'crash' } } as const;

describe('retry safety from the server', () => {
  it("annotations from tools/list decide when neither tools nor a catalog say: readOnlyHint and idempotentHint retry, no hints don't", async () => {
    rig = inMemoryRig({ faults: { read_item: crashFirst, upsert_item: crashFirst, send_item: crashFirst } });
    await rig.client.callTool('read_item', {});
    await rig.client.callTool('upsert_item', {});
    await expect(rig.client.callTool('send_item', {})).rejects.toMatchObject({ kind: 'transport', sent: true });
    expect([rig.server.calls('read_item'), rig.server.calls('upsert_item'), rig.server.calls('send_item')]).toEqual([2, 2, 1]);
  });

  it('the tools option wins over annotations', async () => {
    rig = inMemoryRig({ faults: { read_item: crashFirst, send_item: crashFirst }, client: { tools: { read_item: { safety: 'unsafe' }, send_item: { safety: 'idempotent' } } } });
    await rejection(rig.client.callTool('read_item', {}));
    await rig.client.callTool('send_item', {});
    expect([rig.server.calls('read_item'), rig.server.calls('send_item')]).toEqual([1, 2]);
  });

  it('a catalog wins over annotations, and the tools option over the catalog', async () => {
    rig = inMemoryRig({
      faults: { read_item: crashFirst, upsert_item: crashFirst },
      client: { catalog: { read_item: { safety: 'unsafe', purpose: 'x' }, upsert_item: { safety: 'unsafe', purpose: 'y' } }, tools: { upsert_item: { safety: 'read' } } },
    });
    await rejection(rig.client.callTool('read_item', {}));
    await rig.client.callTool('upsert_item', {});
    expect([rig.server.calls('read_item'), rig.server.calls('upsert_item')]).toEqual([1, 2]);
  });

  it('learns the annotations again on a new connection', async () => {
    rig = inMemoryRig({ faults: { read_item: crashFirst } });
    for (let i = 0; i < 3; i++) await rig.client.callTool('read_item', {});
    expect(rig.server.calls('read_item')).toBe(4);
    expect(rig.connections()).toBe(2);
    expect((await rig.client.listTools()).tools.map((tool) => tool.name)).toContain('read_item');
  });
});

describe('tools/list_changed', () => {
  it('re-reads the annotations after the server says its tools changed', async () => {
    const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
    const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
    const { McpError } = await import('@modelcontextprotocol/sdk/types.js');
    const { ResilientClient } = await import('../src/index.js');
    const server = new McpServer({ name: 'changing', version: '1.0.0' });
    let runs = 0;
    let failNext = 0;
    const tool = server.registerTool('lookup', { description: 'no hints yet' }, () => {
      runs++;
      if (failNext > 0) {
        failNext--;
        throw new McpError(-32603, 'flaky');
      }
      return { content: [{ type: 'text', text: 'ok' }] };
    });
    const client = new ResilientClient({
      name: 'changing',
      connect: () => {
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        void server.connect(serverSide);
        return clientSide;
      },
      policy: { baseDelay: 0, maxDelay: 0, jitter: 'none' },
      toolErrorIsFailure: true,
    });
    try {
      failNext = 1;
      await rejection(client.callTool('lookup', {}));
      expect(runs).toBe(1); // no hints: unsafe, not retried
      tool.update({ annotations: { readOnlyHint: true } }); // sends notifications/tools/list_changed
      await new Promise((resolve) => setImmediate(resolve));
      failNext = 1;
      await client.callTool('lookup', {});
      expect(runs).toBe(3); // now a read: retried once
    } finally {
      await client.close();
      await server.close();
    }
  });
});
