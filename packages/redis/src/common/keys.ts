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
  /** Pub/sub channel of the fleet's transitions. */
  readonly channel: string;
}

/**
 * Key names of a breaker, e.g. `res:breaker:mailgun:state`.
 *
 * @example breakerKeys('res', 'mailgun').channel; // 'res:breaker:mailgun'
 */
export function breakerKeys(prefix: string, name: string): BreakerKeys {
  const base = `${prefix}:breaker:${name}`;
  return {
    state: `${base}:state`,
    failures: `${base}:failures`,
    reporters: `${base}:reporters`,
    probe: `${base}:probe`,
    channel: base,
  };
}

/**
 * Key of a fleet-wide token bucket (a hash `{ tokens, ts }`, TTL: the time to refill).
 *
 * @example rateLimitKey('res', 'raindrop'); // 'res:ratelimit:raindrop'
 */
export function rateLimitKey(prefix: string, key: string): string {
  return `${prefix}:ratelimit:${key}`;
}
