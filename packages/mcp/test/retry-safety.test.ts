import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { createInMemoryServer, type Fault } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { McpTimeoutError, ResilientClient } from '../src/index.js';
import { closeRig, fastPolicy, inMemoryRig, rejection, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await closeRig(rig);
  rig = undefined;
});

const afterSend: [string, Fault, string][] = [
  ['an error result', { type: 'fail', message: 'smtp 500' }, 'tool'],
  ['a JSON-RPC internal error', { type: 'rpc-error', code: -32603 }, 'protocol'],
  ['a crash mid-call', { type: 'crash' }, 'transport'],
  ['an in-band failure', { type: 'in-band', body: { success: false, error: 'upstream 503' } }, 'tool'],
];

describe('an unsafe tool is never re-sent once its request may have reached the server', () => {
  it.each(afterSend)('%s: the handler ran exactly once', async (_label, fault, kind) => {
    rig = inMemoryRig({
      faults: { send_item: fault },
      client: { toolErrorIsFailure: true, classifyResult: (result) => ((result.structuredContent as { success?: boolean } | undefined)?.success === false ? { kind: 'failure' } : undefined) },
    });
    const error = await rejection(rig.client.callTool('send_item', { id: 'm1' }));
    expect(error).toMatchObject({ kind, sent: true });
    expect(rig.server.calls('send_item')).toBe(1);
    expect(rig.client.health().retries).toBe(0);
  });

  it('a timeout: the handler ran exactly once', async () => {
    rig = inMemoryRig({ faults: { send_item: { type: 'hang' } }, client: { policy: { timeout: 30 } } });
    const error = await rejection(rig.client.callTool('send_item', {}));
    expect(error).toBeInstanceOf(McpTimeoutError);
    expect(rig.server.calls('send_item')).toBe(1);
  });
});

describe('safe tools are retried', () => {
  it('a read tool retries through crashes on fresh connections and succeeds', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'fail-first', count: 2, fault: { type: 'crash' } } } });
    const result = await rig.client.callTool('read_item', { id: '7' });
    expect(result.structuredContent).toMatchObject({ ok: true, tool: 'read_item', call: 3 });
    expect(rig.server.calls('read_item')).toBe(3);
    expect(rig.connections()).toBe(3);
    expect(rig.client.health()).toMatchObject({ retries: 2, reconnects: 2, successes: 1, failures: 0 });
  });

  it('an idempotent tool retries after an error result', async () => {
    rig = inMemoryRig({ faults: { upsert_item: { type: 'fail-first', count: 1, fault: { type: 'rpc-error', code: -32603 } } } });
    await rig.client.callTool('upsert_item', { id: '1' });
    expect(rig.server.calls('upsert_item')).toBe(2);
  });

  it('stops after maxAttempts and rethrows the last failure', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'rpc-error', code: -32603, message: 'still down' } } });
    const error = await rejection(rig.client.callTool('read_item', {}));
    expect(error).toMatchObject({ kind: 'protocol', message: 'test read_item: still down' });
    expect(rig.server.calls('read_item')).toBe(fastPolicy.maxAttempts);
  });
});

describe('a failure before the request was written may be retried, even for an unsafe tool', () => {
  it('connection refused, then a good connection: the unsafe tool runs once and succeeds', async () => {
    const server = createInMemoryServer();
    let attempts = 0;
    const client = new ResilientClient({
      name: 'flaky-connect',
      policy: fastPolicy,
      connect: (): Transport => {
        attempts++;
        if (attempts === 1) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
        return server.transport();
      },
    });
    try {
      const result = await client.callTool('send_item', { id: 'once' });
      expect(result.isError).toBeUndefined();
      expect(server.calls('send_item')).toBe(1);
      expect(client.health().retries).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('a dead session ("Not connected") is replaced before the unsafe tool is sent', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'crash' } } });
    await rejection(rig.client.callTool('read_item', {}));
    rig.server.clearFaults();
    const result = await rig.client.callTool('send_item', {});
    expect(result.isError).toBeUndefined();
    expect(rig.server.calls('send_item')).toBe(1);
  });
});
