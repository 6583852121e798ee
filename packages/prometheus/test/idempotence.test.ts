import { afterEach, describe, expect, it } from 'vitest';
import { circuitBreaker } from '@res/core';
import { defineAdapter, type ResilientClient } from '@res/mcp';
import { createInMemoryServer, type InMemoryServerHandle } from '@res/testkit';
import { Counter, Registry, register } from 'prom-client';
import { instrument, seriesNames } from '../src/index.js';
import { itemsClient, sample } from './helpers.js';

const open: { client: ResilientClient; server: InMemoryServerHandle }[] = [];
function track(made: { client: ResilientClient; server: InMemoryServerHandle }) {
  open.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map(async ({ client, server }) => {
    await client.close();
    await server.close();
  }));
});

describe('instrumenting twice', () => {
  it('records once, and stops only when every unsubscribe was called', async () => {
    const registry = new Registry();
    const { client } = track(itemsClient());
    const first = instrument(client, { registry });
    const second = instrument(client, { registry });
    await client.callTool('read_item', { id: 'a' });
    expect(await sample(registry, 'res_calls_total', { server: 'items', tool: 'read_item', outcome: 'success' })).toBe(1);
    first();
    first(); // harmless
    await client.callTool('read_item', { id: 'a' });
    expect(await sample(registry, 'res_calls_total', { server: 'items', tool: 'read_item', outcome: 'success' })).toBe(2);
    second();
    await client.callTool('read_item', { id: 'a' });
    expect(await sample(registry, 'res_calls_total', { server: 'items', tool: 'read_item', outcome: 'success' })).toBe(2);
  });

  it('treats an adapter client and its .client as one target', async () => {
    const server = createInMemoryServer();
    const adapter = defineAdapter({
      name: 'items',
      packageName: '@acme/items',
      launch: () => server.transport(),
      tools: { read_item: { safety: 'read', purpose: 'reads' } },
      presets: { default: { timeout: 1_000, connectTimeout: 1_000, failureThreshold: 3, recoveryTimeout: 1_000, halfOpenMaxCalls: 1, maxAttempts: 1, backoff: 'fixed', baseDelay: 0, maxDelay: 0, jitter: 'none' } },
    });
    const items = adapter.create();
    track({ client: items.client, server });
    const registry = new Registry();
    instrument(items, { registry });
    instrument(items.client, { registry });
    await items.call('read_item', { id: 'a' });
    // The catalog names the tool before any listing.
    expect(await sample(registry, 'res_calls_total', { server: 'items', tool: 'read_item', outcome: 'success' })).toBe(1);
  });

  it('registers each metric once per registry, and keeps registries apart', async () => {
    const one = new Registry();
    const two = new Registry();
    const a = track(itemsClient({ name: 'a' }));
    const b = track(itemsClient({ name: 'b' }));
    instrument(a.client, { registry: one });
    instrument(b.client, { registry: one });
    instrument(a.client, { registry: two });
    const names = (await one.getMetricsAsJSON()).map((metric) => metric.name).sort();
    expect(names).toEqual([...new Set(seriesNames().map((name) => name.replace(/_(bucket|sum|count)$/, '')))].sort());
    await b.client.callTool('read_item', { id: 'x' });
    expect(await sample(one, 'res_calls_total', { server: 'b', tool: 'read_item', outcome: 'success' })).toBe(1);
    expect(await sample(two, 'res_calls_total', { server: 'b', tool: 'read_item', outcome: 'success' })).toBeUndefined();
    expect(register.getSingleMetric('res_calls_total')).toBeUndefined(); // the global registry was never touched
  });

  it('reuses matching metrics already on the registry and refuses clashing ones', async () => {
    const registry = new Registry();
    const mine = new Counter({ name: 'res_calls_total', help: 'pre-registered', labelNames: ['server', 'tool', 'outcome'], registers: [registry] });
    const { client } = track(itemsClient());
    instrument(client, { registry });
    await client.callTool('read_item', { id: 'a' });
    expect((await mine.get()).values).toHaveLength(1);

    const clash = new Registry();
    new Counter({ name: 'res_retries_total', help: 'other labels', labelNames: ['host'], registers: [clash] });
    expect(() => instrument(client, { registry: clash })).toThrow(/already has a metric "res_retries_total"/);
    expect(() => instrument(client, { registry: clash, prefix: 'mcp_' })).not.toThrow();
  });

  it('refuses a second target reporting the same server (its gauges would fight)', () => {
    const registry = new Registry();
    const first = track(itemsClient());
    const second = track(itemsClient());
    const stop = instrument(first.client, { registry });
    expect(() => instrument(second.client, { registry })).toThrow(/already reports server "items"/);
    expect(() => instrument(circuitBreaker({ name: 'items' }), { registry })).toThrow(/already reports server "items"/);
    stop();
    expect(() => instrument(second.client, { registry })).not.toThrow();
  });
});
