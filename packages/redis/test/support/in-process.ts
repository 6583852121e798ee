import { circuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from '@res/core';
import type { Redis } from 'ioredis';
import { redisBreakerStore, type RedisBreakerStore, type RedisBreakerStoreOptions } from '../../src/index.js';
import { connect } from './clients.js';
import type { RedisServer } from './redis-server.mjs';

/** One "replica" inside the test process: its own client, store and breaker. */
export interface Replica {
  readonly id: string;
  readonly redis: Redis;
  readonly store: RedisBreakerStore;
  readonly breaker: CircuitBreaker;
  /** One failing call (the error is swallowed): what it rejected with. */
  fail(): Promise<unknown>;
  /** One call running `fn` (default: resolves 'ok'): its value, or what it rejected with. */
  call(fn?: () => unknown): Promise<unknown>;
}

/** Makes replicas and closes them all at the end of a test. */
export class Replicas {
  readonly #all: Replica[] = [];

  constructor(readonly server: Pick<RedisServer, 'host' | 'port'>) {}

  add(id: string, breaker: CircuitBreakerOptions = {}, store: RedisBreakerStoreOptions = {}, client: Record<string, unknown> = {}): Replica {
    const redis = connect(this.server, client);
    const s = redisBreakerStore(redis, { replicaId: id, retryInterval: 50, ...store });
    const b = circuitBreaker({ name: 'svc', failureThreshold: 5, recoveryTimeout: 10_000, ...breaker, store: s });
    const replica: Replica = {
      id,
      redis,
      store: s,
      breaker: b,
      fail: () => b.execute(() => Promise.reject(new Error(`${id} failed`))).catch((error: unknown) => error),
      call: (fn = () => 'ok') => b.execute(fn).catch((error: unknown) => error),
    };
    this.#all.push(replica);
    return replica;
  }

  async closeAll(): Promise<void> {
    const all = this.#all.splice(0);
    await Promise.all(
      all.map(async (replica) => {
        replica.breaker.dispose();
        await replica.store.close();
        replica.redis.disconnect();
      }),
    );
  }
}
