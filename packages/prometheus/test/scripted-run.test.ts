import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import { instrument } from '../src/index.js';
import { itemsClient, sample, series } from './helpers.js';

describe('a scripted run against a testkit server', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts successes, failures, retries, an opening, rejections and a recovery exactly', async () => {
    const registry = new Registry();
    const { server, client } = itemsClient();
    const stop = instrument(client, { registry });

    // 1. A success that takes 30 ms.
    server.setFault('read_item', { type: 'slow', ms: 30 });
    const first = client.callTool('read_item', { id: 'a' });
    await vi.advanceTimersByTimeAsync(30);
    await first;
    server.clearFaults();

    // 2. Two calls that fail twice each (a retry each): the second opens the breaker.
    server.setFault('read_item', { type: 'fail', message: 'boom' });
    for (let call = 0; call < 2; call++) {
      const failing = client.callTool('read_item', { id: 'a' }).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100);
      expect(await failing).toBeInstanceOf(Error);
    }
    expect(client.breaker.state).toBe('open');

    // 3. Open: rejected at once, three times.
    for (let call = 0; call < 3; call++) await expect(client.callTool('read_item', { id: 'a' })).rejects.toThrow(/open/i);

    // 4. Recovery: half-open after 10 s, a good trial closes it.
    server.clearFaults();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.breaker.state).toBe('half-open');
    await client.callTool('read_item', { id: 'a' });
    expect(client.breaker.state).toBe('closed');

    // 5. A tool the client does not know: labelled `other`.
    await client.callTool('no_such_tool', {}).catch(() => undefined);

    expect(await series(registry, 'res_calls_total')).toEqual({
      'outcome=success,server=items,tool=read_item': 2,
      'outcome=failure,server=items,tool=read_item': 2,
      'outcome=rejected,server=items,tool=read_item': 3,
      'outcome=caller_error,server=items,tool=other': 1,
    });
    expect(await series(registry, 'res_retries_total')).toEqual({ 'server=items,tool=read_item': 2 });
    expect(await series(registry, 'res_rejections_total')).toEqual({ 'reason=circuit_open,server=items,tool=read_item': 3 });
    expect(await series(registry, 'res_breaker_transitions_total')).toEqual({
      'from=closed,server=items,to=open': 1,
      'from=open,server=items,to=half_open': 1,
      'from=half_open,server=items,to=closed': 1,
    });
    expect(await series(registry, 'res_breaker_state')).toEqual({
      'server=items,state=closed': 1,
      'server=items,state=open': 0,
      'server=items,state=half_open': 0,
      'server=items,state=isolated': 0,
    });
    // Durations: rejections are not observed; 2 successes + 2 failures + 1 caller error.
    expect(await sample(registry, 'res_call_duration_seconds_count', { server: 'items', tool: 'read_item' })).toBe(4);
    expect(await sample(registry, 'res_call_duration_seconds_count', { server: 'items', tool: 'other' })).toBe(1);
    // 30 ms success; failures took 100 ms (one backoff each); the trial 0 ms.
    expect(await sample(registry, 'res_call_duration_seconds_bucket', { server: 'items', tool: 'read_item', le: '0.001' })).toBe(1);
    expect(await sample(registry, 'res_call_duration_seconds_bucket', { server: 'items', tool: 'read_item', le: '0.05' })).toBe(2);
    expect(await sample(registry, 'res_call_duration_seconds_bucket', { server: 'items', tool: 'read_item', le: '0.1' })).toBe(4);
    expect(await sample(registry, 'res_call_duration_seconds_sum', { server: 'items', tool: 'read_item' })).toBeCloseTo(0.23, 10);
    expect(await sample(registry, 'res_connected', { server: 'items' })).toBe(1);
    expect(await sample(registry, 'res_reconnects_total', { server: 'items' })).toBeUndefined();

    stop();
    expect(await series(registry, 'res_breaker_state')).toEqual({});
    expect(await series(registry, 'res_connected')).toEqual({});
    await client.close();
    await server.close();
  });
});
