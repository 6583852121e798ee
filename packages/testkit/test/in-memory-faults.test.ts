import { describe, expect, it, vi } from 'vitest';
import { createInMemoryServer, type InMemoryServerHandle } from '../src/in-memory.js';
import { inBand, toolError } from '../src/in-band.js';
import { mulberry32At } from '../src/random.js';
import { bodyOf, connect, expectMcpError, rejectionOf, textOf , useInMemoryServer } from './helpers.js';

const rig = useInMemoryServer();

describe('faults', () => {
  it('fail: an isError result with the message', async () => {
    rig.server.setFault('read_item', { type: 'fail', message: 'database is locked' });
    expect(await rig.call('read_item')).toEqual({ content: [{ type: 'text', text: 'database is locked' }], isError: true });
    rig.server.setFault('read_item', { type: 'fail' });
    expect(textOf(await rig.call('read_item'))).toBe("Injected failure in 'read_item'");
  });

  it.each([-32603, -32602, -32601, -32000])('rpc-error %i: a JSON-RPC error with that code', async (code) => {
    rig.server.setFault('send_item', { type: 'rpc-error', code, message: 'injected' });
    await expectMcpError(rig.call('send_item'), code);
    expect(rig.server.calls('send_item')).toBe(1);
  });

  it('rpc-error keeps the SDK’s doubled prefix, as real TypeScript servers do', async () => {
    rig.server.setFault('send_item', { type: 'rpc-error', code: -32603, message: 'boom' });
    expect(await rejectionOf(rig.call('send_item'))).toMatchObject({ message: 'MCP error -32603: MCP error -32603: boom' });
  });

  it('slow: answers after ms, then per `then`', async () => {
    vi.useFakeTimers();
    rig.server.setFault('read_item', { type: 'slow', ms: 1000 });
    let settled = false;
    const pending = rig.call('read_item').finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(bodyOf(await pending)).toMatchObject({ ok: true });

    rig.server.setFault('read_item', { type: 'slow', ms: 50, then: { type: 'is-error', text: 'late' } });
    const late = rig.call('read_item');
    await vi.advanceTimersByTimeAsync(50);
    expect(await late).toMatchObject({ isError: true, content: [{ text: 'late' }] });
  });

  it('hang + request timeout: -32001, and the handler sees the cancellation', async () => {
    vi.useFakeTimers();
    rig.server.setFault('read_item', { type: 'hang' });
    const pending = expectMcpError(rig.call('read_item', {}, { timeout: 5000 }), -32001);
    await vi.advanceTimersByTimeAsync(5000);
    await pending;
    expect(rig.server.aborts('read_item')).toBe(1);
    expect(vi.getTimerCount()).toBe(0); // nothing left behind
  });

  it('a caller’s abort reaches the handler of a slow call and clears its timer', async () => {
    vi.useFakeTimers();
    rig.server.setFault('*', { type: 'slow', ms: 60_000 });
    const controller = new AbortController();
    const pending = rejectionOf(rig.call('upsert_item', {}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('caller gave up'));
    expect(await pending).toMatchObject({ code: -32001 });
    expect(rig.server.aborts('upsert_item')).toBe(1);
    expect(rig.server.events().at(-1)).toMatchObject({ type: 'abort', tool: 'upsert_item', call: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('in-band: a successful result carrying the body', async () => {
    rig.server.setFault('send_item', { type: 'in-band', body: { error: { type: 'mailgun_error', message: 'Mailgun request failed with status 503', details: '' } } });
    const result = await rig.call('send_item');
    expect(result.isError).toBeUndefined();
    const body = { error: { type: 'mailgun_error', message: 'Mailgun request failed with status 503', details: '' } };
    expect(bodyOf(result)).toEqual(body);
    expect(result.structuredContent).toEqual(body);
    rig.server.setFault('send_item', { type: 'in-band', body: { status: 'rate_limited', retry_after_seconds: 2 } });
    expect((await rig.call('send_item')).structuredContent).toMatchObject({ status: 'rate_limited', retry_after_seconds: 2 });
    rig.server.setFault('send_item', inBand.successFalse('nope'));
    expect(bodyOf(await rig.call('send_item'))).toEqual({ success: false, error: 'nope' });
    rig.server.setFault('send_item', { type: 'in-band', body: '❌ Checkpoint failed: database is locked' });
    const text = await rig.call('send_item');
    expect(textOf(text)).toBe('❌ Checkpoint failed: database is locked');
    expect(text.structuredContent).toBeUndefined();
  });

  it('is-error: an isError result with the text', async () => {
    rig.server.setFault('send_item', toolError.globalRateLimit());
    expect(await rig.call('send_item')).toEqual({ content: [{ type: 'text', text: 'Global rate limit exceeded' }], isError: true });
  });

  it('crash: the pair closes (-32000, then Not connected), the call is counted, a fresh transport works', async () => {
    rig.server.setFault('send_item', { type: 'fail-first', count: 1, fault: { type: 'crash' } });
    let closed = false;
    rig.client.onclose = () => (closed = true);
    await expectMcpError(rig.call('send_item'), -32000);
    expect(closed).toBe(true);
    expect(await rejectionOf(rig.call('send_item'))).toMatchObject({ message: 'Not connected' });
    expect(rig.server.calls('send_item')).toBe(1);
    expect(rig.server.aborts()).toBe(0);
    await rig.reconnect();
    expect(bodyOf(await rig.call('send_item'))).toMatchObject({ ok: true, call: 2 });
  });

  it('fail-first counts per tool since the fault was set', async () => {
    rig.server.setFault('*', { type: 'fail-first', count: 2, fault: { type: 'fail' } });
    const outcomes = async (tool: string, n: number) => {
      const out: boolean[] = [];
      for (let i = 0; i < n; i++) out.push((await rig.call(tool)).isError === true);
      return out;
    };
    expect(await outcomes('read_item', 3)).toEqual([true, true, false]);
    expect(await outcomes('upsert_item', 3)).toEqual([true, true, false]);
    rig.server.setFault('*', { type: 'fail-first', count: 1, fault: { type: 'fail' } }); // set again: counts restart
    expect(await outcomes('read_item', 2)).toEqual([true, false]);
    expect(rig.server.calls()).toBe(8);
  });

  it('random is deterministic given the seed and call order', async () => {
    const fault = { type: 'random', probability: 0.4, seed: 2024, fault: { type: 'fail' } } as const;
    const run = async (handle: InMemoryServerHandle) => {
      const other = await connect(handle.transport());
      const out: boolean[] = [];
      for (let i = 0; i < 30; i++) out.push((await other.callTool({ name: 'read_item', arguments: {} })).isError === true);
      await other.close();
      return out;
    };
    const first = createInMemoryServer({ faults: { read_item: fault } });
    const second = createInMemoryServer({ faults: { read_item: fault } });
    const outcomes = await run(first);
    expect(await run(second)).toEqual(outcomes);
    expect(outcomes).toEqual(Array.from({ length: 30 }, (_, i) => mulberry32At(2024, i) < 0.4));
    await Promise.all([first.close(), second.close()]);
  });

  it('clearFault and clearFaults restore normal answers', async () => {
    rig.server.setFault('*', { type: 'fail' });
    rig.server.setFault('read_item', { type: 'is-error' });
    rig.server.clearFault('read_item');
    expect(textOf(await rig.call('read_item'))).toMatch(/Injected failure/); // the '*' fault still applies
    rig.server.clearFaults();
    expect((await rig.call('read_item')).isError).toBeUndefined();
  });

  it('rejects faults on unknown tools and bad faults at once', () => {
    expect(() => {
      rig.server.setFault('reed_item', { type: 'fail' });
    }).toThrow(/no tool 'reed_item'/);
    expect(() => {
      rig.server.setFault('read_item', { type: 'random', probability: 2, fault: { type: 'fail' } });
    }).toThrow(RangeError);
    expect(() => createInMemoryServer({ faults: { x: { type: 'hang' } } })).toThrow(TypeError);
  });

  it('a latency tool is slow by itself', async () => {
    vi.useFakeTimers();
    let settled = false;
    const pending = rig.call('slow_read').finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).isError).toBeUndefined();
  });
});
