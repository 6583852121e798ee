import { afterEach, describe, expect, it, vi } from 'vitest';
import { BrokenCircuitError, McpCallError } from '../src/index.js';
import { closeRig, inMemoryRig, rejection, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await closeRig(rig);
  rig = undefined;
});

describe('the breaker against a real server', () => {
  it('opens after the configured failed calls and then rejects without touching the server', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'rpc-error', code: -32603, message: 'db down' } }, client: { policy: { maxAttempts: 1, failureThreshold: 3 } } });
    const { client, server } = rig;
    for (let i = 0; i < 3; i++) {
      const error = await rejection(client.callTool('read_item', { id: String(i) }));
      expect(error).toBeInstanceOf(McpCallError);
      expect(error).toMatchObject({ kind: 'protocol', code: -32603, server: 'test', tool: 'read_item', message: 'test read_item: db down' });
    }
    expect(client.breaker.state).toBe('open');
    const rejected = await rejection(client.callTool('read_item', { id: 'x' }));
    expect(rejected).toBeInstanceOf(BrokenCircuitError);
    expect(server.calls('read_item')).toBe(3);
    expect(client.health()).toMatchObject({ state: 'open', calls: 4, failures: 3, rejections: 1, lastError: { kind: 'circuit-open' } });
  });

  it('counts one failure per logical call, however many attempts it made', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'rpc-error', code: -32603 } }, client: { policy: { maxAttempts: 3, failureThreshold: 2 } } });
    await rejection(rig.client.callTool('read_item', {}));
    expect(rig.client.breaker.stats()).toMatchObject({ state: 'closed', failures: 1 });
    expect(rig.server.calls('read_item')).toBe(3);
    await rejection(rig.client.callTool('read_item', {}));
    expect(rig.client.breaker.state).toBe('open');
  });

  it('closes again once the server recovers and the recovery timeout passed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    rig = inMemoryRig({ faults: { read_item: { type: 'rpc-error', code: -32603 } }, client: { policy: { maxAttempts: 1, failureThreshold: 2, recoveryTimeout: 5_000 } } });
    const { client, server } = rig;
    const changes: string[] = [];
    client.on('event', (event) => {
      if (event.type === 'state-change') changes.push(`${event.from}->${event.to}`);
    });
    await rejection(client.callTool('read_item', {}));
    await rejection(client.callTool('read_item', {}));
    server.clearFaults();
    await expect(client.callTool('read_item', {})).rejects.toMatchObject({ retryAfter: 5_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.breaker.state).toBe('half-open');
    const result = await client.callTool('read_item', { id: 'back' });
    expect(result.isError).toBeUndefined();
    expect(client.breaker.state).toBe('closed');
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('reopens when the trial call fails', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    rig = inMemoryRig({ faults: { read_item: { type: 'rpc-error', code: -32603 } }, client: { policy: { maxAttempts: 1, failureThreshold: 1, recoveryTimeout: 1_000 } } });
    await rejection(rig.client.callTool('read_item', {}));
    await vi.advanceTimersByTimeAsync(1_000);
    await rejection(rig.client.callTool('read_item', {}));
    expect(rig.client.breaker.state).toBe('open');
    expect(rig.server.calls('read_item')).toBe(2);
  });

  it('returns isError results as results unless toolErrorIsFailure counts them', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'fail', message: 'nope' } }, client: { policy: { maxAttempts: 1, failureThreshold: 2 } } });
    for (let i = 0; i < 3; i++) expect((await rig.client.callTool('read_item', {})).isError).toBe(true);
    expect(rig.client.breaker.state).toBe('closed');
    await closeRig(rig);
    rig = inMemoryRig({ faults: { read_item: { type: 'fail', message: 'nope' } }, client: { toolErrorIsFailure: true, policy: { maxAttempts: 1, failureThreshold: 2 } } });
    const error = await rejection(rig.client.callTool('read_item', {}));
    expect(error).toMatchObject({ kind: 'tool', result: { isError: true } });
    await rejection(rig.client.callTool('read_item', {}));
    expect(rig.client.breaker.state).toBe('open');
  });

  it('keeps one breaker per tool when breakerScope is tool', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'rpc-error', code: -32603 } }, client: { policy: { maxAttempts: 1, failureThreshold: 1, breakerScope: 'tool' } } });
    await rejection(rig.client.callTool('read_item', {}));
    await expect(rig.client.callTool('read_item', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    expect((await rig.client.callTool('upsert_item', { id: '1' })).isError).toBeUndefined();
    expect(rig.client.health()).toMatchObject({ state: 'open', tools: { read_item: 'open', upsert_item: 'closed' } });
    expect(rig.client.breakerFor('upsert_item')).not.toBe(rig.client.breakerFor('read_item'));
    expect([...rig.client.breakers().keys()]).toEqual([undefined, 'read_item', 'upsert_item']);
    rig.server.clearFaults();
    rig.client.breakerFor('read_item').reset();
    expect((await rig.client.callTool('read_item', {})).isError).toBeUndefined();
  });
});
