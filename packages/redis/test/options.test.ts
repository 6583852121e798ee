import { circuitBreaker } from '@res/core';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { breakerKeys, rateLimitKey, redisBreakerStore, type RedisBreakerStoreOptions } from '../src/index.js';
import { keySlot } from '../src/common/client.js';
import { fleetMessage, fleetState } from '../src/breaker/fleet-state.js';

// Never connects: options are checked before anything starts.
const redis = new Redis({ lazyConnect: true, host: '127.0.0.1', port: 1 });
afterAll(() => {
  redis.disconnect();
});

describe('redisBreakerStore options', () => {
  it('are validated at once, naming the option and the value', () => {
    const bad: [RedisBreakerStoreOptions, RegExp][] = [
      [{ minReporters: 0 }, /minReporters must be an integer >= 1, got 0/],
      [{ window: 0 }, /window must be a finite number of ms > 0, got 0/],
      [{ commandTimeout: Infinity }, /commandTimeout must be a finite number of ms > 0, got Infinity/],
      [{ failureThreshold: 2.5 }, /failureThreshold must be an integer >= 1, got 2.5/],
      [{ prefix: 'has space' }, /prefix must be a non-empty string without spaces, got "has space"/],
      [{ retryInterval: -1 }, /retryInterval/],
      [{ minReporter: 2 } as RedisBreakerStoreOptions, /no option "minReporter"/],
    ];
    for (const [options, message] of bad) expect(() => redisBreakerStore(redis, options)).toThrow(message);
    expect(() => redisBreakerStore(undefined as unknown as Redis)).toThrow(/must be an ioredis client/);
  });

  it('start nothing until a breaker attaches', () => {
    const store = redisBreakerStore(redis, { replicaId: 'web-1' });
    expect(store.replicaId).toBe('web-1');
    expect(store.status).toBe('connecting');
    expect(redis.status).toBe('wait');
    expect(redisBreakerStore(redis).replicaId).toMatch(/^.+:\d+:[0-9a-f]{8}$/);
  });

  it('a closed store leaves breakers alone', async () => {
    const store = redisBreakerStore(redis);
    await store.close();
    const breaker = circuitBreaker({ failureThreshold: 1, store });
    await expect(breaker.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(breaker.state).toBe('open');
    expect(redis.status).toBe('wait');
  });
});

describe('key names', () => {
  it('are namespaced by prefix and breaker name', () => {
    expect(breakerKeys('res', 'mailgun')).toEqual({
      state: 'res:{mailgun}:breaker:state',
      failures: 'res:{mailgun}:breaker:failures',
      reporters: 'res:{mailgun}:breaker:reporters',
      probe: 'res:{mailgun}:breaker:probe',
      channel: 'res:{mailgun}:breaker',
    });
  });
});

describe('cluster slots', () => {
  it('hash every key of a breaker and of a bucket to one slot, as Redis Cluster does', () => {
    // Values from CLUSTER KEYSLOT (and the Redis Cluster specification's examples).
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('123456789')).toBe(12739);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar')); // the tag ends at the first '}'
    const keys = breakerKeys('res', 'mailgun');
    const slots = new Set([keys.state, keys.failures, keys.reporters, keys.probe, keys.channel].map(keySlot));
    expect([...slots]).toEqual([keySlot('mailgun')]);
    expect(keySlot(rateLimitKey('res', 'raindrop'))).toBe(keySlot('raindrop'));
  });
});

describe('fleet states', () => {
  it('parse from messages and replies, and refuse malformed ones', () => {
    expect(fleetMessage('1795000000000001|open|1795000000000|web-1')).toEqual({
      version: 1795000000000001, state: 'open', openedAt: 1795000000000, by: 'web-1',
    });
    expect(fleetMessage('7|isolated||a|b')).toEqual({ version: 7, state: 'isolated', openedAt: undefined, by: 'a|b' });
    expect(fleetState(['8', 'closed', '', 'x'])).toEqual({ version: 8, state: 'closed', openedAt: undefined, by: 'x' });
    expect(fleetState([null, null, null, null])).toBeUndefined();
    expect(fleetMessage('garbage')).toBeUndefined();
    expect(fleetMessage('9|open||x')).toBeUndefined(); // an open without its date
    expect(fleetMessage('9|half-open|1|x')).toBeUndefined();
  });
});
