import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Emitter, type BreakerStore, type BreakerStoreBinding, type BreakerStoreHandle, type Unsubscribe } from '@res/core';
import { bounded } from '../common/bounded.js';
import { watchClient } from '../common/client-events.js';
import { commands, type RedisClient } from '../common/client.js';
import { Connectivity, type RedisEvents, type RedisStatus } from '../common/connectivity.js';
import { strings, type LuaScript } from '../common/lua-script.js';
import * as check from '../common/validate.js';
import { FleetBinding, type StoreContext } from './binding.js';
import { fleetMessage, fleetState, type FleetState } from './fleet-state.js';
import { storeSettings, type RedisBreakerStoreOptions, type StoreSettings } from './options.js';
import { subscriber, type Subscriber } from './subscriber.js';

/**
 * Breaker state shared by a fleet through Redis: pass it as `circuitBreaker({ store })`
 * or `ResilientClient({ policy: { store } })`. Failures are counted fleet-wide and open
 * every replica at once (with a quorum of reporting replicas); in half-open one replica
 * in the fleet sends the probe; `reset()` and `isolate()` act on every replica. The
 * success path never touches Redis, and when Redis fails each breaker goes on alone.
 *
 * @example
 * const store = redisBreakerStore(new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }));
 * const breaker = circuitBreaker({ name: 'mailgun', failureThreshold: 5, store });
 */
export class RedisBreakerStore implements BreakerStore {
  /** This process's name in the fleet. */
  readonly replicaId: string;
  readonly #redis: RedisClient;
  readonly #settings: StoreSettings;
  readonly #events = new Emitter<RedisEvents>();
  readonly #connectivity: Connectivity;
  /** Bindings by channel (several breakers of one name may share a process). */
  readonly #bindings = new Map<string, Set<FleetBinding>>();
  readonly #context: StoreContext;
  #subscriber: Subscriber | undefined;
  #unwatch: (() => void) | undefined;
  #closed = false;

  constructor(redis: RedisClient, options: RedisBreakerStoreOptions = {}) {
    check.client('redisBreakerStore(redis)', redis);
    this.#redis = redis;
    this.#settings = storeSettings(options);
    this.replicaId = this.#settings.replicaId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#connectivity = new Connectivity(this.#events, () => this.#sync(), this.#settings.retryInterval);
    const connectivity = this.#connectivity;
    this.#context = {
      replicaId: this.replicaId,
      settings: this.#settings,
      shard: redis.isCluster ? 'shard' : 'classic',
      get usable() {
        return connectivity.usable;
      },
      run: (script, keys, args) => this.#run(script, keys, args),
      detach: (binding) => {
        this.#detach(binding);
      },
    };
  }

  /** `'connecting'` until the first sync, `'up'`, or `'degraded'` (breakers decide alone). */
  get status(): RedisStatus {
    return this.#connectivity.status;
  }

  /** For `circuitBreaker({ store })`: links one breaker to the fleet and applies the fleet's state to it. */
  attach(breaker: BreakerStoreHandle): BreakerStoreBinding {
    const binding = new FleetBinding(this.#context, breaker);
    if (this.#closed) {
      binding.detach(); // a closed store leaves the breaker alone
      return binding;
    }
    const channel = binding.keys.channel;
    let set = this.#bindings.get(channel);
    if (set === undefined) this.#bindings.set(channel, (set = new Set()));
    set.add(binding);
    this.#start();
    this.#connectivity.attempt(); // subscribes the channel and reads the fleet state (late joiners learn an open circuit)
    return binding;
  }

  /** Subscribes to `'degraded'` (Redis failed or too slow; once per outage) or `'recovered'`; returns the unsubscribe. */
  on<K extends keyof RedisEvents>(event: K, listener: (payload: RedisEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /**
   * Detaches every breaker (they go on alone), closes the store's subscriber connection
   * and stops retrying. The client passed in stays open: it is yours.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#connectivity.close();
    this.#unwatch?.();
    for (const set of this.#bindings.values()) for (const binding of set) binding.detach();
    this.#bindings.clear();
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    await subscriber?.close(this.#settings.commandTimeout);
  }

  readonly #onReady = (): void => {
    this.#connectivity.attempt();
  };

  readonly #onClose = (): void => {
    if (!this.#closed) this.#connectivity.lost(this.#subscriber?.lastError ?? new Error('Redis connection closed'));
  };

  /** On first attach: the subscriber connection(s), and ears on the client's connection. */
  #start(): void {
    if (this.#subscriber !== undefined) return;
    this.#subscriber = subscriber(this.#redis, {
      message: (channel, message) => {
        const fleet = fleetMessage(message);
        for (const binding of this.#bindings.get(channel) ?? []) binding.receive(fleet, 'message');
      },
      ready: this.#onReady,
      lost: (error) => {
        if (!this.#closed) this.#connectivity.lost(error);
      },
    });
    this.#unwatch = watchClient(this.#redis, { ready: this.#onReady, close: this.#onClose });
    if (this.#redis.status === 'wait') {
      this.#redis.connect().catch(() => undefined); // a lazyConnect client: its own events report the outcome
    }
  }

  /**
   * Subscribes every channel, then reads every fleet state (in that order: nothing published
   * in between is lost), then writes back what Redis lost and a replica still holds.
   */
  async #sync(): Promise<boolean> {
    const subscriber = this.#subscriber;
    if (subscriber === undefined || this.#redis.status !== 'ready') return false;
    const timeout = this.#settings.commandTimeout;
    if (!(await subscriber.sync([...this.#bindings.keys()], timeout))) return false;
    const bindings = [...this.#bindings.values()].flatMap((set) => [...set]);
    // One command per breaker (a cluster pipeline cannot span slots); sent together all the same.
    const redis = commands(this.#redis);
    const read = (key: string): Promise<FleetState | undefined> =>
      bounded(redis.hmget(key, 'version', 'state', 'openedAt', 'by'), timeout).then(fleetState);
    await Promise.all(
      bindings.map(async (binding) => {
        const stored = await read(binding.keys.state);
        const legacy = stored === undefined && binding.legacyKey !== undefined ? await read(binding.legacyKey) : undefined;
        binding.legacyKey = undefined;
        binding.receive(stored ?? legacy, 'sync');
        await binding.reassert(stored); // an old-layout state is carried over to the new keys here
      }),
    );
    return true;
  }

  async #run(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<string[] | undefined> {
    if (this.#redis.status !== 'ready') {
      this.#connectivity.lost(this.#subscriber?.lastError ?? new Error(`Redis connection is ${this.#redis.status}`));
      return undefined;
    }
    try {
      return strings(await bounded(script.run(this.#redis, keys, args), this.#settings.commandTimeout));
    } catch (error: unknown) {
      this.#connectivity.lost(error);
      return undefined;
    }
  }

  #detach(binding: FleetBinding): void {
    const channel = binding.keys.channel;
    const set = this.#bindings.get(channel);
    if (set === undefined) return;
    set.delete(binding);
    if (set.size > 0) return;
    this.#bindings.delete(channel);
    if (!this.#closed) this.#subscriber?.unsubscribe(channel, this.#settings.commandTimeout);
  }
}

/**
 * Creates a {@link RedisBreakerStore} on an ioredis client (one per process; several
 * breakers may share it). Options are validated at once.
 *
 * @example const store = redisBreakerStore(redis, { prefix: 'myapp', minReporters: 2, window: 10_000 });
 */
export function redisBreakerStore(redis: RedisClient, options?: RedisBreakerStoreOptions): RedisBreakerStore {
  return new RedisBreakerStore(redis, options);
}
