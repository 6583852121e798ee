import { describe, expect, it } from 'vitest';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ResilientClient, defineAdapter } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';
import { traceClient } from '../src/index.js';
import { tracing } from './helpers.js';

const { provider: current, finished, forget, closeAfter, make } = tracing();

describe('traceClient', () => {
  it('makes one CLIENT span per callTool with the MCP semantic-convention attributes', async () => {
    const { client } = make();
    traceClient(client, { tracer: current().getTracer('test') });
    await client.callTool('read_item', { id: 'a' });
    expect(finished()).toHaveLength(1);
    const [span] = finished();
    expect(span!.name).toBe('tools/call read_item');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).toEqual({
      'mcp.method.name': 'tools/call',
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'read_item',
      'res.server.name': 'items',
      'res.outcome': 'success',
      'res.attempts': 1,
      'res.breaker.state': 'closed',
    });
    expect(span!.events).toEqual([]);
  });

  it('records each retry as a span event and a failure as status ERROR with error.type', async () => {
    const { client, server } = make();
    traceClient(client, { tracer: current().getTracer('test') });
    server.setFault('read_item', { type: 'fail', message: 'boom' });
    await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow();
    const [span] = finished();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: expect.stringContaining('boom') as string });
    expect(span!.attributes['error.type']).toBe('tool_error');
    expect(span!.attributes['res.outcome']).toBe('failure');
    expect(span!.attributes['res.attempts']).toBe(3);
    expect(span!.events.map((event) => [event.name, event.attributes?.['res.retry.attempt'], event.attributes?.['error.type']])).toEqual([
      ['res.retry', 1, 'tool_error'],
      ['res.retry', 2, 'tool_error'],
    ]);
  });

  it('keeps concurrent calls of the same tool apart (retries go to their own call)', async () => {
    const { client, server } = make();
    traceClient(client, { tracer: current().getTracer('test') });
    await client.callTool('read_item', { id: 'warm-up' });
    forget();
    server.setFault('read_item', { type: 'fail-first', count: 1, fault: { type: 'fail' } });
    await Promise.all([client.callTool('read_item', { id: 'a' }), client.callTool('read_item', { id: 'b' }), client.callTool('read_item', { id: 'c' })]);
    const spans = finished();
    expect(spans).toHaveLength(3);
    // One call's first attempt failed: exactly one span has the retry, and 2 attempts.
    expect(spans.map((span) => span.events.length).sort()).toEqual([0, 0, 1]);
    expect(spans.map((span) => span.attributes['res.attempts']).sort()).toEqual([1, 1, 2]);
  });

  it('never gives a retry to the wrong call when several calls shared one failed connect', async () => {
    const server = createInMemoryServer();
    let connects = 0;
    const client = new ResilientClient({
      name: 'items', preset: 'local', policy: { maxAttempts: 2, baseDelay: 0, jitter: 'none' },
      connect: () => {
        if (++connects === 1) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return server.transport();
      },
    });
    closeAfter(async () => { await client.close(); await server.close(); });
    const events: unknown[] = [];
    client.on('event', (event) => { if (event.type === 'retry') events.push(event.callId); });
    traceClient(client, { tracer: current().getTracer('test') });
    await Promise.all([client.callTool('read_item', { id: 'a' }), client.callTool('read_item', { id: 'b' })]);
    // One error, two calls: each call's retry carries its own callId (the call's context), so each
    // span gets exactly its own retry and none gets the other's.
    expect(events).toHaveLength(2);
    expect(new Set(events).size).toBe(2);
    expect(finished().map((span) => [span.attributes['res.attempts'], span.events.length])).toEqual([[2, 1], [2, 1]]);
  });

  it('shows the breaker state, rejections and fallbacks', async () => {
    const { client, server } = make({ failureThreshold: 1, maxAttempts: 1 });
    traceClient(client, { tracer: current().getTracer('test') });
    server.setFault('read_item', { type: 'fail' });
    await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow();
    await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow(/open/i);
    const [failed, rejected] = finished();
    expect(failed!.attributes['res.breaker.state']).toBe('open'); // this call opened it
    expect(rejected!.attributes).toMatchObject({ 'res.outcome': 'rejected', 'error.type': 'circuit-open', 'res.attempts': 0, 'res.breaker.state': 'open' });
    expect(rejected!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('adds a fallback event', async () => {
    const server = createInMemoryServer();
    const client = new ResilientClient({
      name: 'items', connect: () => server.transport(), preset: 'local', toolErrorIsFailure: true,
      policy: { maxAttempts: 1 },
      tools: { read_item: { fallback: () => ({ content: [{ type: 'text', text: 'stale' }] }) } },
    });
    closeAfter(async () => { await client.close(); await server.close(); });
    traceClient(client, { tracer: current().getTracer('test') });
    server.setFault('read_item', { type: 'fail' });
    await client.callTool('read_item', { id: 'a' });
    const [span] = finished();
    expect(span!.attributes['res.outcome']).toBe('fallback');
    expect(span!.events.map((event) => [event.name, event.attributes?.['res.fallback.source']])).toEqual([['res.fallback', 'function']]);
  });

  it('is a child of the span active when callTool is called', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const { client } = make();
      const tracer = current().getTracer('test');
      traceClient(client, { tracer });
      await tracer.startActiveSpan('handle request', async (parent) => {
        await client.callTool('read_item', { id: 'a' });
        parent.end();
      });
      const call = finished().find((span) => span.name === 'tools/call read_item');
      const parent = finished().find((span) => span.name === 'handle request');
      expect(call?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
      expect(call?.spanContext().traceId).toBe(parent?.spanContext().traceId);
    } finally {
      context.disable();
    }
  });

  it('traces an adapter client, and stops on unsubscribe', async () => {
    const server = createInMemoryServer();
    const adapter = defineAdapter({
      name: 'items', packageName: '@acme/items', launch: () => server.transport(),
      tools: { read_item: { safety: 'read', purpose: 'reads' } },
      presets: { default: { timeout: 1_000, connectTimeout: 1_000, failureThreshold: 3, recoveryTimeout: 1_000, halfOpenMaxCalls: 1, maxAttempts: 1, backoff: 'fixed', baseDelay: 0, maxDelay: 0, jitter: 'none' } },
    });
    const items = adapter.create();
    closeAfter(async () => { await items.close(); await server.close(); });
    const stop = traceClient(items, { tracer: current().getTracer('test') });
    await items.call('read_item', { id: 'a' });
    stop();
    await items.call('read_item', { id: 'b' });
    expect(finished()).toHaveLength(1);
    expect(() => traceClient({} as never)).toThrow(/expected a ResilientClient/);
  });

  it('is a no-op without a registered provider, and uses the global one once registered', async () => {
    const { client } = make();
    traceClient(client); // the global tracer: a no-op for now
    await client.callTool('read_item', { id: 'a' });
    expect(finished()).toHaveLength(0);
    trace.setGlobalTracerProvider(current());
    try {
      await client.callTool('read_item', { id: 'b' });
      expect(finished().map((span) => span.name)).toEqual(['tools/call read_item']);
      expect(finished()[0]!.instrumentationScope.name).toBe('@res/otel');
    } finally {
      trace.disable();
    }
  });
});
