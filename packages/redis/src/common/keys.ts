/** The Redis keys and channel of one breaker name. */
export interface BreakerKeys {
  /** Hash `{ state, openedAt, version, by }`: the fleet's decision. TTL `stateTtl`. */
  readonly state: string;
  /** Sorted set of recent failures (score: Redis time, ms). TTL `window`. */
  readonly failures: string;
  /** Sorted set of the replicas that reported them. TTL `window`. */
  readonly reporters: string;
  /** String: the replica holding the half-open probe lease. TTL the lease. */
  readonly probe: string;
  /** Pub/sub channel of the fleet's transitions (a shard channel on a cluster, in the same slot as the keys). */
  readonly channel: string;
}

/**
 * Key names of a breaker, e.g. `res:{mailgun}:breaker:state`. Every key and the channel
 * share the hash tag `{<name>}`: on Redis Cluster they live in one slot, so each script
 * touches one node.
 *
 * @example breakerKeys('res', 'mailgun').channel; // 'res:{mailgun}:breaker'
 */
export function breakerKeys(prefix: string, name: string): BreakerKeys {
  const base = `${prefix}:{${name}}:breaker`;
  return {
    state: `${base}:state`,
    failures: `${base}:failures`,
    reporters: `${base}:reporters`,
    probe: `${base}:probe`,
    channel: base,
  };
}

/** The state key of the layout before 0.2 (`<prefix>:breaker:<name>:state`), read once per breaker to carry an open or isolated fleet over. */
export function legacyStateKey(prefix: string, name: string): string {
  return `${prefix}:breaker:${name}:state`;
}

/**
 * Key of a fleet-wide token bucket (a hash `{ tokens, ts }`, TTL: the time to refill),
 * hash-tagged like a breaker's keys.
 *
 * @example rateLimitKey('res', 'raindrop'); // 'res:{raindrop}:ratelimit'
 */
export function rateLimitKey(prefix: string, key: string): string {
  return `${prefix}:{${key}}:ratelimit`;
}
