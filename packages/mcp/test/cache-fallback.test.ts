import { afterEach, describe, expect, it } from 'vitest';
import { BrokenCircuitError, type ClientEvent } from '../src/index.js';
import { closeRig, inMemoryRig, rejection, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await closeRig(rig);
  rig = undefined;
});

describe('cache fallback for a read tool', () => {
  it('serves the last good result for the same arguments while the server fails or the breaker is open, marked stale', async () => {
    rig = inMemoryRig({ client: { policy: { failureThreshold: 2, maxAttempts: 1 }, tools: { read_item: { fallback: 'cache' } } } });
    const { client, server } = rig;
    const events: ClientEvent[] = [];
    client.on('event', (event) => events.push(event));
    const fresh = await client.callTool('read_item', { id: 'a', page: 1 });
    expect(fresh._meta).toBeUndefined();
    server.setFault('read_item', { type: 'rpc-error', code: -32603 });
    const stale = await client.callTool('read_item', { page: 1, id: 'a' }); // same arguments, other key order
    expect(stale.structuredContent).toEqual(fresh.structuredContent);
    expect(stale._meta).toMatchObject({ 'res/stale': true, 'res/cachedAt': expect.any(Number) as unknown });
    await client.callTool('read_item', { id: 'a', page: 1 });
    expect(client.breaker.state).toBe('open');
    const whileOpen = await client.callTool('read_item', { id: 'a', page: 1 });
    expect(whileOpen._meta?.['res/stale']).toBe(true);
    expect(server.calls('read_item')).toBe(3);
    expect(client.health()).toMatchObject({ fallbacks: 3, rejections: 1 });
    expect(events.filter((e) => e.type === 'fallback')).toHaveLength(3);
    const outcomes = events.flatMap((e) => (e.type === 'call-end' ? [e.outcome] : []));
    expect(outcomes).toEqual(['success', 'fallback', 'fallback', 'fallback']);
  });

  it('without a cached result for those arguments, the failure goes to the caller', async () => {
    rig = inMemoryRig({ client: { policy: { failureThreshold: 1, maxAttempts: 1 }, tools: { read_item: { fallback: 'cache' } } } });
    await rig.client.callTool('read_item', { id: 'a' });
    rig.server.setFault('read_item', { type: 'rpc-error', code: -32603 });
    await expect(rig.client.callTool('read_item', { id: 'b' })).rejects.toMatchObject({ kind: 'protocol' });
    await expect(rig.client.callTool('read_item', { id: 'b' })).rejects.toBeInstanceOf(BrokenCircuitError);
  });

  it('expires entries older than maxAge and keeps at most maxEntries', async () => {
    rig = inMemoryRig({ client: { policy: { failureThreshold: 100, maxAttempts: 1 }, tools: { read_item: { fallback: { cache: true, maxEntries: 1 } } } } });
    await rig.client.callTool('read_item', { id: 'a' });
    await rig.client.callTool('read_item', { id: 'b' });
    rig.server.setFault('read_item', { type: 'rpc-error', code: -32603 });
    expect((await rig.client.callTool('read_item', { id: 'b' }))._meta?.['res/stale']).toBe(true);
    await rejection(rig.client.callTool('read_item', { id: 'a' }));
  });

  it('is refused at construction for a tool declared unsafe', async () => {
    expect(() => inMemoryRig({ client: { tools: { send_item: { safety: 'unsafe', fallback: 'cache' } } } })).toThrow(
      /tools\.send_item\.fallback 'cache' is for read tools only/,
    );
  });

  it('a function fallback makes a result from the error', async () => {
    rig = inMemoryRig({
      faults: { read_item: { type: 'rpc-error', code: -32603 } },
      client: { tools: { read_item: { fallback: (error) => ({ content: [{ type: 'text', text: `fallback for ${error instanceof Error ? error.name : 'error'}` }] }) } } },
    });
    const result = await rig.client.callTool('read_item', {});
    expect(result.content).toEqual([{ type: 'text', text: 'fallback for McpCallError' }]);
  });
});
