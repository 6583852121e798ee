import { getEventListeners } from 'node:events';
import { createInMemoryServer, stdioServer, toolError, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BrokenCircuitError, ResilientClient, type ClientEvent, type ResilientClientOptions } from '../src/index.js';

const ARG_SECRET = 'sk-live-ARGUMENT-SECRET-0123';
const ENV_SECRET = 'sk-live-ENVIRONMENT-SECRET-4567';
const secretArgs = { id: '1', apiKey: ARG_SECRET };

let server: InMemoryServerHandle | undefined;
let client: ResilientClient | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await client?.close();
  await server?.close();
  client = server = undefined;
});

function rig(options: Partial<ResilientClientOptions> = {}): { server: InMemoryServerHandle; client: ResilientClient; events: ClientEvent[] } {
  const handle = createInMemoryServer();
  server = handle;
  client = new ResilientClient({
    name: 'svc',
    connect: () => handle.transport(),
    toolErrorIsFailure: true,
    ...options,
    policy: { failureThreshold: 2, recoveryTimeout: 60_000, maxAttempts: 3, backoff: 'fixed', baseDelay: 5, maxDelay: 5, jitter: 'none', timeout: 1_000, ...options.policy },
  });
  const events: ClientEvent[] = [];
  client.on('event', (event) => events.push(event));
  return { server: handle, client, events };
}

const settle = (promise: Promise<unknown>): Promise<unknown> => promise.then((value) => value, (error: unknown) => error);

describe('events', () => {
  it('cover every type, each tagged with the server, and with the tool where there is one', async () => {
    const { server, client, events } = rig({ tools: { read_item: { fallback: 'cache' } } });
    await client.callTool('read_item', { id: '1' });
    server.setFault('read_item', { type: 'fail-first', count: 1, fault: { type: 'fail' } });
    await client.callTool('read_item', { id: '2' });
    server.setFault('send_item', { type: 'crash' });
    await expect(client.callTool('send_item', { id: '3' })).rejects.toMatchObject({ kind: 'transport' });
    server.setFault('send_item', { type: 'is-error', text: 'upstream 502' });
    await expect(client.callTool('send_item', { id: '4' })).rejects.toMatchObject({ kind: 'tool' });
    const stale = await client.callTool('read_item', { id: '1' });
    expect(stale._meta).toMatchObject({ 'res/stale': true });
    await client.close();

    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set(['connect', 'reconnect', 'call-start', 'call-end', 'retry', 'disconnect', 'state-change', 'rejected', 'fallback']),
    );
    for (const event of events) {
      expect(event.server).toBe('svc');
      if (event.type !== 'connect' && event.type !== 'reconnect' && event.type !== 'disconnect' && event.type !== 'state-change' && event.type !== 'restore-failed' && event.type !== 'concurrency-limit') expect(event.tool).toMatch(/^(read|send)_item$/);
    }
    expect(events.filter((event) => event.type === 'connect' || event.type === 'reconnect').map((event) => event.type)).toEqual(['connect', 'reconnect']);
    expect(events.find((event) => event.type === 'state-change')).toMatchObject({ from: 'closed', to: 'open' });
    expect(events.find((event) => event.type === 'rejected')).toMatchObject({ tool: 'read_item', reason: 'circuit-open' });
    const retry = events.find((event) => event.type === 'retry');
    const secondCall = events.filter((event) => event.type === 'call-start')[1];
    expect(retry).toMatchObject({ tool: 'read_item', attempt: 1, delayMs: 5, kind: 'tool', callId: secondCall?.callId });
    expect(events.filter((event) => event.type === 'call-end').map((event) => event.outcome)).toEqual(['success', 'success', 'failure', 'failure', 'fallback']);
    expect(events.at(-1)).toMatchObject({ type: 'disconnect', reason: 'client closed' });
  });

  it('a retry names the call retried, also when two calls share one failed connect', async () => {
    const handle = createInMemoryServer();
    server = handle;
    let connects = 0;
    const { client, events } = rig({
      connect: () => {
        if (++connects === 1) throw new Error('connection refused');
        return handle.transport();
      },
    });
    await Promise.all([client.callTool('read_item', { id: '1' }), client.callTool('read_item', { id: '2' })]);
    const started = events.filter((event) => event.type === 'call-start').map((event) => event.callId);
    const retried = events.filter((event) => event.type === 'retry').map((event) => event.callId);
    expect(started).toHaveLength(2);
    expect(retried.sort()).toEqual(started.sort());
  });

  it('unsubscribing stops delivery; on() knows only "event"', async () => {
    const { client } = rig();
    const kept: ClientEvent[] = [];
    const dropped: ClientEvent[] = [];
    client.on('event', (event) => kept.push(event));
    const unsubscribe = client.on('event', (event) => dropped.push(event));
    await client.callTool('read_item', { id: '1' });
    const seen = dropped.length;
    unsubscribe();
    unsubscribe();
    await client.callTool('read_item', { id: '2' });
    expect(seen).toBeGreaterThan(0);
    expect(dropped).toHaveLength(seen);
    expect(kept.length).toBeGreaterThan(seen);
    expect(() => client.on('call-end' as 'event', () => undefined)).toThrow(TypeError);
  });
});

describe('no arguments or environment values leak', () => {
  const leaks = (value: unknown): boolean => {
    const text = JSON.stringify(value) + (value instanceof Error ? `${value.message}${value.stack ?? ''}${String(value.cause)}` : '');
    return text.includes(ARG_SECRET) || text.includes(ENV_SECRET);
  };

  it('into events, errors or health, over a stdio child given a secret env, whatever fails', async () => {
    const child = stdioServer({
      faults: {
        read_item: { type: 'fail-first', count: 1, fault: { type: 'crash' } },
        send_item: { type: 'rpc-error', code: -32603 },
        upsert_item: { type: 'is-error' },
        slow_read: { type: 'slow', ms: 2_000 },
      },
    });
    const processListeners = (): number[] => ['exit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'].map((name) => process.listenerCount(name));
    const listenersBefore = processListeners();
    const events: ClientEvent[] = [];
    const stdio = new ResilientClient({
      name: 'svc',
      connect: { ...child.connect, env: { API_TOKEN: ENV_SECRET }, stderr: 'ignore' },
      toolErrorIsFailure: true,
      policy: { timeout: 300, baseDelay: 1, maxDelay: 1, jitter: 'none', failureThreshold: 10 },
    });
    stdio.on('event', (event) => events.push(event));
    const outcomes = [];
    for (const tool of ['read_item', 'send_item', 'upsert_item', 'slow_read', 'no_such_tool']) outcomes.push(await settle(stdio.callTool(tool, secretArgs)));
    await stdio.close();
    await child.dispose();

    expect(outcomes.map((outcome) => (outcome instanceof Error ? (outcome as { kind?: string }).kind : 'ok'))).toEqual(['ok', 'protocol', 'tool', 'timeout', 'caller']);
    expect(events.length).toBeGreaterThan(10);
    for (const value of [...events, ...outcomes.filter((outcome) => outcome instanceof Error), stdio.health()]) expect(leaks(value)).toBe(false);
    expect(processListeners()).toEqual(listenersBefore);
  });

  it('nor from a spawn that fails', async () => {
    const events: ClientEvent[] = [];
    const broken = new ResilientClient({ name: 'svc', connect: { command: '/nonexistent/res-server', env: { API_TOKEN: ENV_SECRET } }, policy: { maxAttempts: 2, baseDelay: 1, jitter: 'none' } });
    broken.on('event', (event) => events.push(event));
    const error = await settle(broken.callTool('read_item', secretArgs));
    expect(error).toMatchObject({ kind: 'transport', sent: false });
    expect(events.some((event) => event.type === 'retry')).toBe(true);
    for (const value of [...events, error, broken.health()]) expect(leaks(value)).toBe(false);
    await broken.close();
  });

  it('arguments appear in call-start only when includeArgumentsInEvents is set', async () => {
    const { server, client, events } = rig({ includeArgumentsInEvents: true });
    server.setFault('send_item', { type: 'is-error', text: 'nope' });
    await client.callTool('read_item', secretArgs);
    const error = await settle(client.callTool('send_item', secretArgs));
    expect(events.filter((event) => event.type === 'call-start').map((event) => event.arguments)).toEqual([secretArgs, secretArgs]);
    expect(leaks(events.filter((event) => event.type !== 'call-start'))).toBe(false);
    expect(leaks(error)).toBe(false);
    expect(leaks(client.health())).toBe(false);
  });
});

describe('health', () => {
  it('counts logical calls, retries, failures and rejections, with exact latencies', async () => {
    vi.useFakeTimers();
    const { server, client, events } = rig();
    const timed = async (tool: string, ms: number): Promise<unknown> => {
      const outcome = settle(client.callTool(tool, { id: '1' }));
      await vi.advanceTimersByTimeAsync(ms);
      return outcome;
    };
    for (const ms of [10, 20, 30]) {
      server.setFault('read_item', { type: 'slow', ms });
      expect(await timed('read_item', ms)).toMatchObject({ structuredContent: { ok: true } });
    }
    server.setFault('read_item', { type: 'fail-first', count: 2, fault: { type: 'fail' } }); // two retries, 5 ms apart
    expect(await timed('read_item', 10)).toMatchObject({ structuredContent: { ok: true } });
    server.setFault('send_item', toolError.invalidParams('id: Required'));
    expect(await timed('send_item', 0)).toMatchObject({ kind: 'caller' });
    server.setFault('send_item', { type: 'is-error', text: 'upstream 502' });
    expect(await timed('send_item', 0)).toMatchObject({ kind: 'tool' });
    expect(client.health()).toMatchObject({ failures: 1, lastError: { tool: 'send_item', kind: 'tool', message: 'svc send_item: upstream 502', at: Date.now() } });
    server.setFault('upsert_item', { type: 'slow', ms: 40, then: { type: 'is-error' } }); // 40 + 5 + 40 + 5 + 40 ms
    expect(await timed('upsert_item', 130)).toMatchObject({ kind: 'tool' });
    expect(await timed('read_item', 0)).toBeInstanceOf(BrokenCircuitError);

    const health = client.health();
    expect(health).toEqual({
      name: 'svc', connected: true, state: 'open', calls: 8, successes: 4, failures: 2, retries: 4, rejections: 1, fallbacks: 0, reconnects: 0, inFlight: 0,
      lastError: { tool: 'read_item', kind: 'circuit-open', message: expect.stringMatching(/open/) as unknown, at: Date.now() },
      latencyMs: { p50: 10, p99: 130 }, // of 10, 20, 30, 10, 0, 0, 130: rejections are not timed
      retryBudget: { balance: 97, withdrawals: 4, refusals: 0 }, // external-api's: 100 in reserve, 4 spent, 8 calls' deposits (0.2 each)
    });
    expect(server.calls()).toBe(3 + 3 + 2 + 3);
    const ends = events.filter((event) => event.type === 'call-end');
    expect(ends.map((event) => event.durationMs)).toEqual([10, 20, 30, 10, 0, 0, 130, 0]);
    expect(ends.reduce((sum, event) => sum + Math.max(0, event.attempts - 1), 0)).toBe(health.retries);
    expect(ends.at(-1)).toMatchObject({ outcome: 'rejected', attempts: 0 });
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(health.retries);

    expect(vi.getTimerCount()).toBeGreaterThan(0); // the open breaker's half-open timer
    await client.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('nothing is left attached', () => {
  it("a caller's long-lived signal keeps no listener after its calls, failed or not", async () => {
    const { server, client } = rig({ policy: { baseDelay: 0, maxDelay: 0, failureThreshold: 1_000 } });
    const controller = new AbortController();
    server.setFault('read_item', { type: 'random', probability: 0.5, seed: 7, fault: { type: 'fail' } });
    for (let i = 0; i < 30; i++) await settle(client.callTool(i % 2 === 0 ? 'read_item' : 'send_item', { id: String(i) }, { signal: controller.signal }));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    server.setFault('read_item', { type: 'slow', ms: 20 });
    const pending = client.callTool('read_item', { id: 'x' }, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await pending;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a closed client emits nothing more and refuses calls without connecting', async () => {
    const { client, events } = rig();
    await client.callTool('read_item', { id: '1' });
    await client.close();
    const count = events.length;
    await expect(client.callTool('read_item', { id: '1' })).rejects.toMatchObject({ kind: 'caller', message: 'svc: the client is closed' });
    expect(events).toHaveLength(count);
    expect(client.connected).toBe(false);
  });
});
