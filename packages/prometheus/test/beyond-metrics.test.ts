import { afterEach, describe, expect, it } from 'vitest';
import { ResilientClient, type ServerPolicy } from '@res/mcp';
import { createInMemoryServer, type InMemoryServerHandle } from '@res/testkit';
import { Registry } from 'prom-client';
import { instrument } from '../src/index.js';
import { sample } from './helpers.js';

const open: { client: ResilientClient; server: InMemoryServerHandle }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(async ({ client, server }) => {
    await client.close();
    await server.close();
  }));
});

function make(policy: Partial<ServerPolicy>, tools?: ConstructorParameters<typeof ResilientClient>[0]['tools']) {
  const server = createInMemoryServer();
  const client = new ResilientClient({
    name: 'items',
    connect: () => server.transport(),
    preset: 'local',
    policy: { baseDelay: 0, jitter: 'none', ...policy },
    ...(tools === undefined ? {} : { tools }),
  });
  open.push({ client, server });
  return { client, server };
}

describe('the policies beyond breaker and retry, as metrics', () => {
  it('budget refusals, hedges sent and won, and the budget balance at scrape time', async () => {
    const registry = new Registry();
    const { client, server } = make(
      { retryBudget: { ratio: 0.01, minPerSecond: 0.2, ttl: 10_000 }, hedge: { delay: 10 }, maxAttempts: 3 },
      { read_item: { safety: 'read' } },
    );
    instrument(client, { registry });
    expect(await sample(registry, 'res_retry_budget_balance', { server: 'items' })).toBe(2);
    server.setFault('read_item', { type: 'fail-first', count: 1, fault: { type: 'hang' } });
    await client.callTool('read_item', { id: 'a' }); // hedged after 10 ms; the hedge wins
    expect(await sample(registry, 'res_hedges_total', { server: 'items', tool: 'read_item' })).toBe(1);
    expect(await sample(registry, 'res_hedge_wins_total', { server: 'items', tool: 'read_item' })).toBe(1);
    server.setFault('upsert_item', { type: 'rpc-error', code: -32603 });
    await expect(client.callTool('upsert_item', {})).rejects.toMatchObject({ kind: 'protocol' }); // one retry left, then refused
    expect(await sample(registry, 'res_retry_budget_refusals_total', { server: 'items', tool: 'upsert_item', by: 'retry' })).toBe(1);
    expect(await sample(registry, 'res_retry_budget_balance', { server: 'items' })).toBe(0);
  });

  it('the adaptive limit, the throttle probability and chaos injections', async () => {
    const registry = new Registry();
    const { client } = make({
      concurrency: { algorithm: 'aimd', initial: 7 },
      throttle: { k: 2, random: () => 0.99 },
      chaos: { fault: { rate: 1 } },
      maxAttempts: 1,
    }, { read_item: { safety: 'read' } }); // known to the client: its own tool label (no request ever lists it)
    const stop = instrument(client, { registry });
    await expect(client.callTool('read_item', {})).rejects.toMatchObject({ kind: 'transport' });
    expect(await sample(registry, 'res_concurrency_limit', { server: 'items' })).toBe(7);
    expect(await sample(registry, 'res_throttle_probability', { server: 'items' })).toBe(0.5); // 1 request, 0 answers
    expect(await sample(registry, 'res_chaos_injected_total', { server: 'items', tool: 'read_item', kind: 'fault' })).toBe(1);
    stop();
    expect(await sample(registry, 'res_concurrency_limit', { server: 'items' })).toBeUndefined();
  });
});
