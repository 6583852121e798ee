import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInMemoryServer } from '@res/testkit';
import { McpCallError, McpTimeoutError, ResilientClient, TimeoutError } from '../src/index.js';
import { closeRig, inMemoryRig, rejection, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await closeRig(rig);
  rig = undefined;
});

describe('per-attempt timeout', () => {
  it('a hanging tool times out per attempt; the SDK cancels it, so the handler sees the abort', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    rig = inMemoryRig({ faults: { read_item: { type: 'hang' } }, client: { policy: { timeout: 1_000, maxAttempts: 2, baseDelay: 10, maxDelay: 10 } } });
    const call = rejection(rig.client.callTool('read_item', {}));
    await vi.advanceTimersByTimeAsync(999);
    expect(rig.server.calls('read_item')).toBe(1);
    await vi.advanceTimersByTimeAsync(1 + 10 + 1_000);
    const error = await call;
    expect(error).toBeInstanceOf(McpTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(McpCallError);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 1_000, server: 'test', tool: 'read_item', sent: true });
    expect(rig.server.calls('read_item')).toBe(2);
    expect(rig.server.aborts('read_item')).toBe(2);
    expect(rig.client.health()).toMatchObject({ failures: 1, lastError: { kind: 'timeout' } });
  });

  it('a call option overrides the timeout for one call; a tool policy for one tool', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    rig = inMemoryRig({ faults: { '*': { type: 'hang' } }, client: { policy: { timeout: 60_000, maxAttempts: 1 }, tools: { read_item: { timeout: 200 } } } });
    const byTool = rejection(rig.client.callTool('read_item', {}));
    const byCall = rejection(rig.client.callTool('upsert_item', {}, { timeout: 300 }));
    await vi.advanceTimersByTimeAsync(300);
    expect(await byTool).toMatchObject({ timeout: 200 });
    expect(await byCall).toMatchObject({ timeout: 300 });
  });

  it('sets the SDK request timeout to match a timeout longer than its 60 s default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    rig = inMemoryRig({ faults: { read_item: { type: 'slow', ms: 90_000 } }, client: { policy: { timeout: 120_000, maxAttempts: 1 } } });
    const call = rig.client.callTool('read_item', {});
    await vi.advanceTimersByTimeAsync(90_000);
    expect((await call).isError).toBeUndefined();
  });
});

describe("the caller's abort", () => {
  it('rejects with the reason, reaches the server handler, and is not a failure', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'hang' } }, client: { policy: { failureThreshold: 1 } } });
    const controller = new AbortController();
    const call = rejection(rig.client.callTool('read_item', {}, { signal: controller.signal }));
    await expect.poll(() => rig?.server.calls('read_item')).toBe(1);
    const reason = new Error('user closed the tab');
    controller.abort(reason);
    expect(await call).toBe(reason);
    await expect.poll(() => rig?.server.aborts('read_item')).toBe(1);
    expect(rig.client.breaker.state).toBe('closed');
    expect(rig.client.health()).toMatchObject({ failures: 0, retries: 0 });
  });

  it('ends a backoff wait at once, without another attempt', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    rig = inMemoryRig({ faults: { read_item: { type: 'rpc-error', code: -32603 } }, client: { policy: { baseDelay: 10_000, maxDelay: 10_000 } } });
    const controller = new AbortController();
    const call = rejection(rig.client.callTool('read_item', {}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1);
    expect(rig.server.calls('read_item')).toBe(1);
    controller.abort('stop');
    expect(await call).toBe('stop');
    expect(rig.server.calls('read_item')).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already aborted signal sends nothing', async () => {
    rig = inMemoryRig();
    const controller = new AbortController();
    controller.abort('never mind');
    expect(await rejection(rig.client.callTool('send_item', {}, { signal: controller.signal }))).toBe('never mind');
    expect(rig.server.calls()).toBe(0);
  });

  it('does not leave listeners on a long-lived signal', async () => {
    rig = inMemoryRig();
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, 'addEventListener');
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    for (let i = 0; i < 20; i++) await rig.client.callTool('read_item', { i }, { signal: controller.signal });
    expect(added.mock.calls.length).toBe(removed.mock.calls.length);
  });
});

describe('connect deadline', () => {
  it('covers a custom transport factory that never answers: the call fails at connectTimeout and close() returns', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const client = new ResilientClient({ name: 'stuck', connect: () => new Promise<never>(() => undefined), policy: { connectTimeout: 500, maxAttempts: 1 } });
    const call = rejection(client.callTool('read_item', {}));
    await vi.advanceTimersByTimeAsync(499);
    expect(client.health().inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toMatchObject({ kind: 'timeout', sent: false, message: 'stuck: connect timed out after 500 ms (a custom transport)' });
    vi.useRealTimers();
    await client.close({ graceMs: 0 }); // would wait on the factory forever if the deadline did not cover it
  });

  it('closes a transport the factory hands over after the deadline, unused', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const server = createInMemoryServer();
    const late = server.transport();
    const closed = vi.spyOn(late, 'close');
    let handOver: (transport: typeof late) => void = () => undefined;
    const client = new ResilientClient({ name: 'late', connect: () => new Promise((resolve) => { handOver = resolve; }), policy: { connectTimeout: 100, maxAttempts: 1 } });
    const call = rejection(client.callTool('read_item', {}));
    await vi.advanceTimersByTimeAsync(100);
    expect(await call).toMatchObject({ kind: 'timeout' });
    handOver(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toHaveBeenCalled(); // (an in-memory pair closes its other side, which closes this one again)
    expect(server.calls()).toBe(0);
    vi.useRealTimers();
    await client.close({ graceMs: 0 });
    await server.close();
  });
});
