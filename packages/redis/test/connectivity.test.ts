import { Emitter } from '@res/core';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Connectivity, type RedisEvents } from '../src/common/connectivity.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function make(resync: () => Promise<boolean>): { connectivity: Connectivity; events: string[] } {
  const emitter = new Emitter<RedisEvents>();
  const events: string[] = [];
  emitter.on('degraded', ({ error }) => events.push(`degraded: ${String(error)}`));
  emitter.on('recovered', ({ downtime }) => events.push(`recovered after ${downtime} ms`));
  return { connectivity: new Connectivity(emitter, resync, 1_000), events };
}

it('reports an outage once, retries every retryInterval, and reports the recovery with its downtime', async () => {
  let redisUp = false;
  const resync = vi.fn(() => (redisUp ? Promise.resolve(true) : Promise.reject(new Error('ECONNREFUSED'))));
  const { connectivity, events } = make(resync);
  connectivity.lost(new Error('connection closed'));
  connectivity.lost(new Error('command timed out'));
  expect(connectivity.status).toBe('degraded');
  expect(connectivity.usable).toBe(false);
  await vi.advanceTimersByTimeAsync(3_000);
  expect(resync).toHaveBeenCalledTimes(3);
  expect(events).toEqual(['degraded: Error: connection closed']);

  redisUp = true;
  await vi.advanceTimersByTimeAsync(1_000);
  expect(connectivity.status).toBe('up');
  expect(events).toEqual(['degraded: Error: connection closed', 'recovered after 4000 ms']);
  await vi.advanceTimersByTimeAsync(10_000);
  expect(resync).toHaveBeenCalledTimes(4); // no retry once up
});

it('is not an outage while the first connection is still being made', async () => {
  let ready = false;
  const { connectivity, events } = make(() => Promise.resolve(ready));
  connectivity.attempt();
  await vi.advanceTimersByTimeAsync(5_000);
  expect(connectivity.status).toBe('connecting');
  ready = true;
  connectivity.attempt(); // a connection said 'ready'
  await vi.advanceTimersByTimeAsync(0);
  expect(connectivity.status).toBe('up');
  expect(events).toEqual([]);
});

it('folds concurrent attempts into one more run, and stops for good on close()', async () => {
  let release: (done: boolean) => void = () => undefined;
  const resync = vi.fn(() => new Promise<boolean>((resolve) => (release = resolve)));
  const { connectivity, events } = make(resync);
  connectivity.attempt();
  connectivity.attempt();
  connectivity.attempt();
  expect(resync).toHaveBeenCalledTimes(1);
  release(true);
  await vi.advanceTimersByTimeAsync(0);
  expect(resync).toHaveBeenCalledTimes(2);
  release(true);
  await vi.advanceTimersByTimeAsync(0);
  connectivity.close();
  connectivity.lost(new Error('after close'));
  await vi.advanceTimersByTimeAsync(5_000);
  expect(resync).toHaveBeenCalledTimes(2);
  expect(events).toEqual([]);
});
