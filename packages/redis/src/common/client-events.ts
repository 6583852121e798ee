import type { RedisClient } from './client.js';

/** What a store or rate limit wants to hear from the client it was given. */
export interface ClientListener {
  ready(): void;
  close(): void;
}

const listeners = new WeakMap<RedisClient, Set<ClientListener>>();

/**
 * Hears the client's `ready` and `close` events. One pair of listeners per client, shared
 * by every store and rate limit on it: a client shared by many of them never trips Node's
 * max-listeners warning. Returns the unsubscribe.
 */
export function watchClient(redis: RedisClient, listener: ClientListener): () => void {
  let set = listeners.get(redis);
  if (set === undefined) {
    const all = (set = new Set());
    const ready = (): void => {
      for (const each of [...all]) each.ready();
    };
    const close = (): void => {
      for (const each of [...all]) each.close();
    };
    redis.on('ready', ready);
    redis.on('close', close);
    listeners.set(redis, set);
    unwatch.set(all, () => {
      redis.off('ready', ready);
      redis.off('close', close);
      listeners.delete(redis);
    });
  }
  set.add(listener);
  const own = set;
  return () => {
    own.delete(listener);
    if (own.size === 0) unwatch.get(own)?.();
  };
}

const unwatch = new WeakMap<Set<ClientListener>, () => void>();
