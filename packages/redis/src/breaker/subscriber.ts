import { Redis, type Cluster } from 'ioredis';
import { bounded } from '../common/bounded.js';
import { isCluster, keySlot, type RedisClient } from '../common/client.js';

/** What a subscriber tells its store. */
export interface SubscriberEvents {
  message(channel: string, message: string): void;
  /** A connection became ready: worth a re-sync. */
  ready(): void;
  /** A connection dropped or its subscriptions moved: messages may be missed until the next sync. */
  lost(error: unknown): void;
}

/** The store's ears: the fleet's transitions, on classic channels (one Redis) or shard channels (a cluster). */
export interface Subscriber {
  /** `'shard'` on a cluster (SSUBSCRIBE/SPUBLISH), `'classic'` on one Redis (SUBSCRIBE/PUBLISH). */
  readonly mode: 'shard' | 'classic';
  /** The last connection error seen, if any. */
  readonly lastError: unknown;
  /** Subscribes these channels; `false` when a connection is not ready yet (not an outage). Rejects on failure. */
  sync(channels: readonly string[], timeout: number): Promise<boolean>;
  /** Leaves a channel (fire and forget). */
  unsubscribe(channel: string, timeout: number): void;
  close(timeout: number): Promise<void>;
}

/** A subscriber for `client`: shard channels on a cluster, classic ones otherwise. */
export function subscriber(client: RedisClient, events: SubscriberEvents): Subscriber {
  return isCluster(client) ? new ShardSubscriber(client, events) : new ClassicSubscriber(client, events);
}

async function quit(redis: Redis, timeout: number): Promise<void> {
  redis.removeAllListeners();
  redis.on('error', () => undefined);
  try {
    if (redis.status === 'ready') await bounded(redis.quit(), timeout);
  } catch {
    // already gone
  } finally {
    redis.disconnect();
  }
}

/** One duplicate connection of the client (through Sentinel too: it follows the master). */
class ClassicSubscriber implements Subscriber {
  readonly mode = 'classic';
  lastError: unknown;
  readonly #redis: Redis;

  constructor(client: Redis, events: SubscriberEvents) {
    const redis = (this.#redis = client.duplicate({ lazyConnect: true }));
    redis.on('error', (error: unknown) => {
      this.lastError = error;
    });
    redis.on('ready', () => {
      events.ready();
    });
    redis.on('close', () => {
      events.lost(this.lastError ?? new Error('Redis connection closed'));
    });
    redis.on('message', (channel: string, message: string) => {
      events.message(channel, message);
    });
    redis.connect().catch((error: unknown) => {
      events.lost(error);
    });
  }

  async sync(channels: readonly string[], timeout: number): Promise<boolean> {
    if (this.#redis.status !== 'ready') return false;
    if (channels.length > 0) await bounded(this.#redis.subscribe(...channels), timeout);
    this.lastError = undefined;
    return true;
  }

  unsubscribe(channel: string, timeout: number): void {
    if (this.#redis.status === 'ready') bounded(this.#redis.unsubscribe(channel), timeout).catch(() => undefined);
  }

  close(timeout: number): Promise<void> {
    return quit(this.#redis, timeout);
  }
}

interface Node {
  readonly redis: Redis;
  readonly ready: Promise<void>;
  readonly channels: Set<string>;
}

type SlotsReply = [number, number, [string, number, ...unknown[]], ...unknown[]][];

/**
 * Shard channels on a cluster: one connection per master that serves a channel's slot
 * (the slot of the breaker's keys), found with `CLUSTER SLOTS` at every sync. A
 * connection that drops (its master died) or whose channels move (the slot changed
 * owner) is dropped and reported; the next sync finds the new owner.
 */
class ShardSubscriber implements Subscriber {
  readonly mode = 'shard';
  lastError: unknown;
  readonly #nodes = new Map<string, Node>();
  #closed = false;

  constructor(
    readonly cluster: Cluster,
    readonly events: SubscriberEvents,
  ) {}

  async sync(channels: readonly string[], timeout: number): Promise<boolean> {
    if (this.cluster.status !== 'ready' || this.#closed) return false;
    if (channels.length === 0) return true;
    const ranges = (await bounded(this.cluster.cluster('SLOTS'), timeout)) as unknown as SlotsReply;
    const wanted = new Map<string, Map<number, string[]>>();
    for (const channel of channels) {
      const slot = keySlot(channel);
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      if (range === undefined) throw new Error(`no Redis Cluster node serves slot ${slot}`);
      const node = `${range[2][0]}:${range[2][1]}`;
      let slots = wanted.get(node);
      if (slots === undefined) wanted.set(node, (slots = new Map<number, string[]>()));
      slots.set(slot, [...(slots.get(slot) ?? []), channel]);
    }
    for (const key of this.#nodes.keys()) if (!wanted.has(key)) void this.#drop(key, timeout);
    await Promise.all(
      [...wanted].map(async ([key, slots]) => {
        const node = this.#nodes.get(key) ?? this.#open(key);
        try {
          await bounded(node.ready, timeout);
          if (this.#closed) {
            await this.#drop(key, timeout); // closed meanwhile: leave nothing open
            return;
          }
          const here = [...slots.values()].flat();
          const gone = [...node.channels].filter((channel) => !here.includes(channel));
          if (gone.length > 0) bounded(node.redis.sunsubscribe(...gone), timeout).catch(() => undefined);
          for (const group of slots.values()) {
            await bounded(node.redis.ssubscribe(...group), timeout);
            for (const channel of group) node.channels.add(channel);
          }
        } catch (error: unknown) {
          void this.#drop(key, timeout);
          throw error;
        }
      }),
    );
    this.lastError = undefined;
    return true;
  }

  unsubscribe(channel: string, timeout: number): void {
    for (const node of this.#nodes.values()) {
      if (!node.channels.delete(channel) || node.redis.status !== 'ready') continue;
      bounded(node.redis.sunsubscribe(channel), timeout).catch(() => undefined);
    }
  }

  async close(timeout: number): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#nodes.keys()].map((key) => this.#drop(key, timeout)));
  }

  #open(key: string): Node {
    const at = key.lastIndexOf(':');
    // ioredis' own RedisOptions is not assignable to its constructor under exactOptionalPropertyTypes.
    const redis = new Redis({
      ...this.cluster.options.redisOptions,
      host: key.slice(0, at),
      port: Number(key.slice(at + 1)),
      keyPrefix: '', // channels are named in full, like the scripts publish them
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null, // the store's next sync opens a new one, on the slot's owner then
    } as never);
    const node: Node = { redis, ready: redis.connect(), channels: new Set() };
    node.ready.catch(() => undefined);
    this.#nodes.set(key, node);
    const lost = (error: unknown): void => {
      if (this.#nodes.get(key) !== node) return;
      this.#nodes.delete(key);
      redis.removeAllListeners();
      redis.on('error', () => undefined);
      redis.disconnect();
      this.events.lost(error);
    };
    redis.on('error', (error: unknown) => {
      this.lastError = error;
    });
    redis.on('close', () => {
      lost(this.lastError ?? new Error(`Redis Cluster node ${key} closed the connection`));
    });
    redis.on('moved', () => {
      lost(new Error(`the shard channels on ${key} moved to another node`));
    });
    redis.on('smessage', (channel: string, message: string) => {
      this.events.message(channel, message);
    });
    return node;
  }

  async #drop(key: string, timeout: number): Promise<void> {
    const node = this.#nodes.get(key);
    if (node === undefined) return;
    this.#nodes.delete(key);
    await quit(node.redis, timeout);
  }
}
