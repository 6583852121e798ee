import { afterEach, describe, expect, it } from 'vitest';
import { ResilientClient } from '@res/mcp';
import { createInMemoryServer, type InMemoryServerHandle } from '@res/testkit';
import { Registry } from 'prom-client';
import { instrument } from '../src/index.js';
import { itemsClient, sample, series } from './helpers.js';

const open: { client: ResilientClient; server: InMemoryServerHandle }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(async ({ client, server }) => {
    await client.close();
    await server.close();
  }));
});

function make(policy: ConstructorParameters<typeof ResilientClient>[0]['policy'], extra: Partial<ConstructorParameters<typeof ResilientClient>[0]> = {}) {
  const server = createInMemoryServer();
  const client = new ResilientClient({
    name: 'items',
    connect: () => server.transport(),
    preset: 'local',
    policy: { baseDelay: 0, jitter: 'none', ...policy },
    toolErrorIsFailure: true,
    ...extra,
  });
  open.push({ client, server });
  return { client, server };
}

describe('client events as metrics', () => {
  it('counts a reconnect after a crash, and tracks the connection', async () => {
    const registry = new Registry();
    const { client, server } = make({ maxAttempts: 2 });
    instrument(client, { registry });
    expect(await sample(registry, 'res_connected', { server: 'items' })).toBe(0);
    server.setFault('read_item', { type: 'fail-first', count: 1, fault: { type: 'crash' } });
    await client.callTool('read_item', { id: 'a' });
    expect(await sample(registry, 'res_reconnects_total', { server: 'items' })).toBe(1);
    expect(await sample(registry, 'res_retries_total', { server: 'items', tool: 'read_item' })).toBe(1);
    expect(await sample(registry, 'res_calls_total', { server: 'items', tool: 'read_item', outcome: 'success' })).toBe(1);
    expect(await sample(registry, 'res_connected', { server: 'items' })).toBe(1);
    await client.close();
    expect(await sample(registry, 'res_connected', { server: 'items' })).toBe(0);
  });

  it('shows a breaker isolated and reset by hand', async () => {
    const registry = new Registry();
    const { client } = make({});
    instrument(client, { registry, tools: ['read_item'] }); // no call yet: the live list is not known
    client.breaker.isolate();
    expect(await sample(registry, 'res_breaker_state', { server: 'items', state: 'isolated' })).toBe(1);
    expect(await sample(registry, 'res_breaker_state', { server: 'items', state: 'closed' })).toBe(0);
    await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow();
    client.breaker.reset();
    expect(await series(registry, 'res_breaker_transitions_total')).toEqual({
      'from=closed,server=items,to=isolated': 1,
      'from=isolated,server=items,to=closed': 1,
    });
    expect(await sample(registry, 'res_rejections_total', { server: 'items', tool: 'read_item', reason: 'circuit_open' })).toBe(1);
  });

  it('counts bulkhead rejections', async () => {
    const registry = new Registry();
    const { client, server } = make({ bulkhead: { limit: 1, queue: 0 } });
    instrument(client, { registry });
    await client.listTools(); // fetches the live list: its names become labels
    server.setFault('slow_read', { type: 'slow', ms: 30 });
    const results = await Promise.allSettled([client.callTool('slow_read', { id: 'a' }), client.callTool('slow_read', { id: 'b' })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(await series(registry, 'res_rejections_total')).toEqual({ 'reason=bulkhead,server=items,tool=slow_read': 1 });
    expect(await sample(registry, 'res_calls_total', { server: 'items', tool: 'slow_read', outcome: 'rejected' })).toBe(1);
  });

  it('counts rate-limit rejections', async () => {
    const registry = new Registry();
    const { client } = make({ rateLimit: { tokens: 1, interval: 60_000 } });
    instrument(client, { registry });
    await client.callTool('read_item', { id: 'a' });
    await expect(client.callTool('read_item', { id: 'b' })).rejects.toThrow();
    expect(await series(registry, 'res_rejections_total')).toEqual({ 'reason=rate_limit,server=items,tool=read_item': 1 });
  });

  it('counts fallbacks and timeouts', async () => {
    const registry = new Registry();
    const { client, server } = make(
      { maxAttempts: 1, timeout: 50, failureThreshold: 10 },
      { tools: { read_item: { fallback: 'cache' } } },
    );
    instrument(client, { registry });
    await client.callTool('read_item', { id: 'a' });
    server.setFault('read_item', { type: 'fail' });
    await client.callTool('read_item', { id: 'a' }); // served from the cache
    server.setFault('upsert_item', { type: 'hang' });
    await expect(client.callTool('upsert_item', { id: 'a' })).rejects.toThrow(/no answer within 50 ms/);
    expect(await series(registry, 'res_calls_total')).toEqual({
      'outcome=success,server=items,tool=read_item': 1,
      'outcome=fallback,server=items,tool=read_item': 1,
      'outcome=timeout,server=items,tool=upsert_item': 1,
    });
    expect(await series(registry, 'res_fallbacks_total')).toEqual({ 'server=items,tool=read_item': 1 });
  });

  it('counts an aborted call without observing its duration', async () => {
    const registry = new Registry();
    const { client, server } = make({});
    instrument(client, { registry, tools: ['slow_read'] });
    server.setFault('slow_read', { type: 'hang' });
    const controller = new AbortController();
    const call = client.callTool('slow_read', { id: 'a' }, { signal: controller.signal });
    setTimeout(() => { controller.abort(new Error('user gave up')); }, 10);
    await expect(call).rejects.toThrow('user gave up');
    expect(await sample(registry, 'res_calls_total', { server: 'items', tool: 'slow_read', outcome: 'aborted' })).toBe(1);
    expect(await sample(registry, 'res_call_duration_seconds_count', { server: 'items', tool: 'slow_read' })).toBeUndefined();
  });

  it('labels per-tool breakers with their tool', async () => {
    const registry = new Registry();
    const { client, server } = make({ breakerScope: 'tool', failureThreshold: 1, maxAttempts: 1 }, { tools: { read_item: { safety: 'read' } } });
    instrument(client, { registry });
    server.setFault('read_item', { type: 'fail' });
    await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow();
    expect(await sample(registry, 'res_breaker_state', { server: 'items', tool: 'read_item', state: 'open' })).toBe(1);
    expect(await sample(registry, 'res_breaker_state', { server: 'items', state: 'closed' })).toBe(1);
    expect(await series(registry, 'res_breaker_transitions_total')).toEqual({ 'from=closed,server=items,to=open,tool=read_item': 1 });
  });

  it('starts from the state a breaker already has', async () => {
    const registry = new Registry();
    const { client } = itemsClient();
    open.push({ client, server: createInMemoryServer() });
    client.breaker.isolate();
    instrument(client, { registry });
    expect(await sample(registry, 'res_breaker_state', { server: 'items', state: 'isolated' })).toBe(1);
    expect(await series(registry, 'res_breaker_transitions_total')).toEqual({});
  });
});
