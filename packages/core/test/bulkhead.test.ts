import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { bulkhead, BulkheadRejectedError, ResilienceError, type BulkheadPolicy } from '../src/index.js';
import { deferred, rejectionOf, type Deferred } from './helpers.js';

/** Starts a call through the bulkhead that records when it runs and holds until released. */
function start(pool: BulkheadPolicy, label: string, order: string[], signal?: AbortSignal) {
  const gate: Deferred<string> = deferred<string>();
  const call = pool.execute(() => {
    order.push(label);
    return gate.promise;
  }, signal);
  call.catch(() => undefined);
  return { call, gate };
}

/** Lets queued promise callbacks run. */
async function tick(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('bulkhead', () => {
  it('runs up to limit calls at once and rejects the next when there is no queue', async () => {
    const pool = bulkhead({ limit: 2 });
    const order: string[] = [];
    const a = start(pool, 'a', order);
    const b = start(pool, 'b', order);
    const fn = vi.fn(() => 'c');
    const error = await rejectionOf(pool.execute(fn));
    expect(error).toBeInstanceOf(BulkheadRejectedError);
    expect(error).toBeInstanceOf(ResilienceError);
    expect(error).toMatchObject({ name: 'BulkheadRejectedError', limit: 2, queue: 0 });
    expect(fn).not.toHaveBeenCalled();
    expect(order).toEqual(['a', 'b']);
    expect(pool.active).toBe(2);
    a.gate.resolve('a done');
    await expect(a.call).resolves.toBe('a done');
    expect(pool.active).toBe(1);
    await expect(pool.execute(fn)).resolves.toBe('c');
    b.gate.resolve('b done');
    await b.call;
    expect(pool.active).toBe(0);
  });

  it('queues up to queue callers and serves them first in, first out', async () => {
    const pool = bulkhead({ limit: 1, queue: 2 });
    const order: string[] = [];
    const a = start(pool, 'a', order);
    const b = start(pool, 'b', order);
    const c = start(pool, 'c', order);
    await expect(pool.execute(() => 'd')).rejects.toMatchObject({ limit: 1, queue: 2 });
    expect(pool.queued).toBe(2);
    a.gate.resolve('');
    await a.call;
    await tick();
    expect(order).toEqual(['a', 'b']);
    b.gate.reject(new Error('b failed'));
    await rejectionOf(b.call);
    await tick();
    expect(order).toEqual(['a', 'b', 'c']); // a failure frees the slot too
    c.gate.resolve('');
    await c.call;
    expect([pool.active, pool.queued]).toEqual([0, 0]);
  });

  it('hands a freed slot to the next waiter, not to a newcomer', async () => {
    const pool = bulkhead({ limit: 1, queue: 1 });
    const order: string[] = [];
    const a = start(pool, 'a', order);
    const b = start(pool, 'b', order);
    a.gate.resolve('');
    await a.call;
    const c = start(pool, 'c', order); // arrives while b is being admitted: must wait
    await tick();
    expect(order).toEqual(['a', 'b']);
    b.gate.resolve('');
    await b.call;
    await tick();
    expect(order).toEqual(['a', 'b', 'c']);
    c.gate.resolve('');
    await c.call;
  });

  it('an aborted waiter leaves the queue at once with its reason and never runs', async () => {
    const pool = bulkhead({ limit: 1, queue: 2 });
    const order: string[] = [];
    const controller = new AbortController();
    const a = start(pool, 'a', order);
    const b = start(pool, 'b', order, controller.signal);
    const c = start(pool, 'c', order);
    controller.abort('no longer needed');
    await expect(b.call).rejects.toBe('no longer needed');
    expect(pool.queued).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // Its place is free again: another caller can queue.
    const d = start(pool, 'd', order);
    expect(pool.queued).toBe(2);
    a.gate.resolve('');
    await a.call;
    await tick();
    c.gate.resolve('');
    await c.call;
    await tick();
    d.gate.resolve('');
    await d.call;
    expect(order).toEqual(['a', 'c', 'd']);
  });

  it('rejects an already aborted caller without queuing or running', async () => {
    const pool = bulkhead({ limit: 1, queue: 1 });
    const controller = new AbortController();
    controller.abort('gone');
    const fn = vi.fn(() => 'x');
    await expect(pool.execute(fn, controller.signal)).rejects.toBe('gone');
    expect(fn).not.toHaveBeenCalled();
    expect([pool.active, pool.queued]).toEqual([0, 0]);
  });

  it('removes the abort listener of an admitted waiter', async () => {
    const pool = bulkhead({ limit: 1, queue: 1 });
    const order: string[] = [];
    const controller = new AbortController();
    const a = start(pool, 'a', order);
    const b = start(pool, 'b', order, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    a.gate.resolve('');
    await a.call;
    await tick();
    expect(order).toEqual(['a', 'b']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    b.gate.resolve('');
    await b.call;
  });

  it("emits 'rejected' with limit and queue", async () => {
    const pool = bulkhead({ limit: 1 });
    const listener = vi.fn();
    pool.on('rejected', listener);
    const a = start(pool, 'a', []);
    await rejectionOf(pool.execute(() => 'b'));
    expect(listener).toHaveBeenCalledWith({ limit: 1, queue: 0 });
    a.gate.resolve('');
    await a.call;
  });

  it('passes the signal and attempt to fn', async () => {
    const controller = new AbortController();
    const fn = vi.fn(() => 'ok');
    await bulkhead({ limit: 1 }).execute(fn, controller.signal, 3);
    expect(fn).toHaveBeenCalledWith({ signal: controller.signal, attempt: 3 });
  });
});
