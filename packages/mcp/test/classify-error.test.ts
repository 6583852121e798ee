import { createInMemoryServer, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { McpCallError, ResilientClient, type ErrorClassifier } from '../src/index.js';

const policy = { baseDelay: 1, maxDelay: 2, jitter: 'none', failureThreshold: 2, maxAttempts: 3 } as const;
const classifyError: ErrorClassifier = ({ message }) => {
  if (message.startsWith('Parse error')) return { kind: 'caller', message: 'diagram syntax error' };
  if (message.includes('quota')) return { kind: 'rate-limit', retryAfter: 1 };
  if (message.includes('flaky')) return { kind: 'failure', counted: false };
  return undefined;
};

let server: InMemoryServerHandle | undefined;
let client: ResilientClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

function rig(message: string): { server: InMemoryServerHandle; client: ResilientClient } {
  const handle = createInMemoryServer({ faults: { read_item: { type: 'rpc-error', code: -32603, message } } });
  server = handle;
  client = new ResilientClient({ name: 'test', connect: () => handle.transport(), policy, classifyError });
  return { server: handle, client };
}

describe('classifyError reads JSON-RPC errors by their message', () => {
  it('turns a -32603 into a caller error: not retried, not counted', async () => {
    const { server, client } = rig('Parse error on line 1');
    for (let i = 0; i < 3; i++) {
      await expect(client.callTool('read_item', {})).rejects.toMatchObject({ kind: 'caller', code: -32603, counted: false, message: 'test read_item: diagram syntax error' });
    }
    expect(server.calls('read_item')).toBe(3);
    expect(client.health()).toMatchObject({ state: 'closed', failures: 0, retries: 0 });
  });

  it('a rate limit is retried after retryAfter and not counted', async () => {
    const { server, client } = rig('over quota');
    await expect(client.callTool('read_item', {})).rejects.toMatchObject({ kind: 'rate-limit', retryAfter: 1 });
    expect(server.calls('read_item')).toBe(3);
    expect(client.health().state).toBe('closed');
  });

  it('a failure with counted: false is retried but does not open the breaker', async () => {
    const { server, client } = rig('flaky renderer');
    for (let i = 0; i < 3; i++) await expect(client.callTool('read_item', {})).rejects.toMatchObject({ kind: 'protocol', counted: false });
    expect(server.calls('read_item')).toBe(9);
    expect(client.health().state).toBe('closed');
  });

  it('undefined keeps the default verdict: a counted protocol failure', async () => {
    const { client } = rig('renderer crashed');
    for (let i = 0; i < 2; i++) await expect(client.callTool('read_item', {})).rejects.toBeInstanceOf(McpCallError);
    expect(client.health().state).toBe('open');
  });

  it('rejects a classifier that is not a function', () => {
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, classifyError: 1 as unknown as ErrorClassifier })).toThrow(/classifyError must be a function, got 1/);
  });
});
