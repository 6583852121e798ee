import { describe, expect, it } from 'vitest';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { traceClient } from '../src/index.js';
import { tracing } from './helpers.js';

const { provider, finished, make } = tracing();

/** A span's events as [name, attributes]. */
const eventsOf = (span: ReadableSpan | undefined): [string, unknown][] => (span?.events ?? []).map((event) => [event.name, event.attributes]);

describe('traceClient: the policies beyond breaker, retry and timeout', () => {
  it('a hedge sent and a hedge that won are span events with the attempt', async () => {
    const { client, server } = make({ hedge: { delay: 10 }, maxAttempts: 1 });
    traceClient(client, { tracer: provider().getTracer('test') });
    await client.listTools(); // the annotations say read_item is read-only: it may be hedged
    server.setFault('read_item', { type: 'fail-first', count: 1, fault: { type: 'hang' } });
    await client.callTool('read_item', { id: 'a' });
    const [span] = finished();
    expect(eventsOf(span)).toEqual([
      ['res.hedge', { 'res.hedge.attempt': 2 }],
      ['res.hedge.won', { 'res.hedge.attempt': 2 }],
    ]);
    expect(span!.attributes).toMatchObject({ 'res.outcome': 'success' });
  });

  it('a retry the budget refused is a span event of the call', async () => {
    const { client, server } = make({ retryBudget: { ratio: 0.1, minPerSecond: 0 } });
    traceClient(client, { tracer: provider().getTracer('test') });
    server.setFault('read_item', { type: 'fail' });
    await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow();
    const [span] = finished();
    // One deposit of 0.1 cannot pay for a retry (1): attempt 1 only, and the refusal.
    expect(span!.attributes['res.attempts']).toBe(1);
    expect(eventsOf(span)).toEqual([['res.retry_budget.refused', { 'res.retry_budget.refused_by': 'retry' }]]);
  });

  it('each chaos injection is a span event with its kind and attempt', async () => {
    const { client } = make({ chaos: { fault: { rate: 1 } } });
    traceClient(client, { tracer: provider().getTracer('test') });
    await client.listTools(); // read_item is read-only: its injected transport faults are retried
    await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow();
    const [span] = finished();
    const chaos = eventsOf(span).filter(([name]) => name === 'res.chaos');
    expect(chaos).toEqual([1, 2, 3].map((attempt) => ['res.chaos', { 'res.chaos.kind': 'fault', 'res.chaos.attempt': attempt }]));
  });

  it('a call the throttle rejected ends with error.type throttled', async () => {
    const { client, server } = make({ throttle: { k: 2, random: () => 0.49 }, maxAttempts: 1, timeout: 20 });
    traceClient(client, { tracer: provider().getTracer('test') });
    server.setFault('read_item', { type: 'hang' });
    await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow(); // p = 0: sent; a timeout is no answer
    await expect(client.callTool('read_item', { id: 'b' })).rejects.toThrow(); // p = 1/2 > 0.49: rejected here
    const [, throttled] = finished();
    expect(throttled!.attributes).toMatchObject({ 'res.outcome': 'rejected', 'error.type': 'throttled', 'res.attempts': 0 });
  });
});
