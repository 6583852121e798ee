import { inBand, toolError } from '@res/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRecord, resultBody, type ResultClassifier } from '../src/index.js';
import { closeRig, inMemoryRig, rejection, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await closeRig(rig);
  rig = undefined;
});

// Mahavishnu's shapes (its adapter's testing builds them; mcp does not depend on adapters).
const workflowFailed = { type: 'in-band', body: { workflow_id: 'wf-1', status: 'failed', result: { error: 'step 3 failed' } } } as const;
const rateLimited = (seconds: number) => ({ type: 'in-band', body: { status: 'rate_limited', caller_kind: 'agent', retry_after_seconds: seconds } }) as const;

/** The shapes of shared/servers: success:false, status failed/error, rate_limited + retry_after_seconds. */
const classify: ResultClassifier = (result) => {
  const body = resultBody(result);
  if (!isRecord(body)) return undefined;
  if (body.status === 'rate_limited') return { kind: 'rate-limit', retryAfter: Number(body.retry_after_seconds) * 1000 };
  if (body.status === 'failed') return { kind: 'failure', counted: false };
  if (body.success === false || body.status === 'error') return { kind: 'failure' };
  if (typeof body.error === 'string' && body.error.startsWith('invalid')) return { kind: 'caller' };
  return undefined;
};

describe('in-band errors', () => {
  it.each([
    ['success: false', inBand.successFalse('canvas not available')],
    ['status: error', inBand.statusError('not initialized')],
  ])('%s is a failure: retried for a read, counted by the breaker, with the result attached', async (_label, fault) => {
    rig = inMemoryRig({ faults: { read_item: fault }, client: { classifyResult: classify, policy: { failureThreshold: 1 } } });
    const error = await rejection(rig.client.callTool('read_item', {}));
    expect(error).toMatchObject({ kind: 'tool', counted: true, result: { structuredContent: expect.any(Object) as unknown } });
    expect(rig.server.calls('read_item')).toBe(3);
    expect(rig.client.breaker.state).toBe('open');
  });

  it('a failure marked counted: false (the workflow failed, not the server) is retried but does not open the breaker', async () => {
    rig = inMemoryRig({ faults: { read_item: workflowFailed }, client: { classifyResult: classify, policy: { failureThreshold: 1 } } });
    await expect(rig.client.callTool('read_item', {})).rejects.toMatchObject({ kind: 'tool', counted: false });
    expect(rig.client.breaker.state).toBe('closed');
  });

  it("a rate limit waits the server's retry-after before retrying a safe tool", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    rig = inMemoryRig({
      faults: { read_item: { type: 'fail-first', count: 1, fault: rateLimited(2) } },
      client: { classifyResult: classify, policy: { maxDelay: 30_000 } },
    });
    const call = rig.client.callTool('read_item', {});
    await vi.advanceTimersByTimeAsync(1_999);
    expect(rig.server.calls('read_item')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).isError).toBeUndefined();
    expect(rig.server.calls('read_item')).toBe(2);
    expect(rig.client.breaker.stats().failures).toBe(0);
  });

  it('a rate limit is never re-sent for an unsafe tool: the caller gets it with retryAfter', async () => {
    rig = inMemoryRig({ faults: { send_item: rateLimited(3) }, client: { classifyResult: classify } });
    await expect(rig.client.callTool('send_item', {})).rejects.toMatchObject({ kind: 'rate-limit', retryAfter: 3_000 });
    expect(rig.server.calls('send_item')).toBe(1);
    expect(rig.client.breaker.stats().failures).toBe(0);
  });

  it('a caller classification is neither retried nor counted', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'in-band', body: { error: 'invalid id' } } }, client: { classifyResult: classify, policy: { failureThreshold: 1 } } });
    await expect(rig.client.callTool('read_item', {})).rejects.toMatchObject({ kind: 'caller' });
    expect(rig.server.calls('read_item')).toBe(1);
    expect(rig.client.breaker.state).toBe('closed');
  });
});

describe('caller errors from the server', () => {
  it('JSON-RPC InvalidParams (-32602) is neither retried nor counted, and keeps its code', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'rpc-error', code: -32602, message: 'id must be a string' } }, client: { policy: { failureThreshold: 1 } } });
    const error = await rejection(rig.client.callTool('read_item', {}));
    expect(error).toMatchObject({ kind: 'caller', code: -32602, message: 'test read_item: id must be a string' });
    expect(rig.server.calls('read_item')).toBe(1);
    expect(rig.client.breaker.state).toBe('closed');
    expect(rig.client.health()).toMatchObject({ failures: 0, lastError: { kind: 'caller' } });
  });

  it("McpServer's isError 'MCP error -32602:' is a caller error when toolErrorIsFailure is on", async () => {
    rig = inMemoryRig({ faults: { read_item: toolError.invalidParams('Input validation error: id is required') }, client: { toolErrorIsFailure: true, policy: { failureThreshold: 1 } } });
    await expect(rig.client.callTool('read_item', {})).rejects.toMatchObject({ kind: 'caller', result: { isError: true } });
    expect(rig.server.calls('read_item')).toBe(1);
    expect(rig.client.breaker.state).toBe('closed');
  });

  it('an unknown tool is a caller error', async () => {
    rig = inMemoryRig({ client: { toolErrorIsFailure: true } });
    await expect(rig.client.callTool('no_such_tool', {})).rejects.toMatchObject({ kind: 'caller' });
  });
});
