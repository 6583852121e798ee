import * as check from '../common/validate.js';

/** Options of {@link redisBreakerStore}. Every field is optional; defaults in brackets. */
export interface RedisBreakerStoreOptions {
  /** First part of every key and channel: `<prefix>:{<name>}:breaker:state`. [`'res'`] */
  prefix?: string;
  /** This process's name in the fleet (failure reporters, probe lease holder). [`<hostname>:<pid>:<random>`] */
  replicaId?: string;
  /** Ms over which failures are counted fleet-wide; older ones are forgotten. [10_000] */
  window?: number;
  /**
   * Distinct replicas that must have reported failures in the window before the whole
   * fleet opens; capped by the number of live replicas (those subscribed to the breaker's
   * channel), so a fleet of one opens on its own. [2]
   */
  minReporters?: number;
  /** Failures in the window that open the fleet. [each breaker's `failureThreshold`] */
  failureThreshold?: number;
  /** Ms a Redis command may take; beyond, the store degrades to local state. [200] */
  commandTimeout?: number;
  /** Ms between attempts to reach Redis again while degraded. [1_000] */
  retryInterval?: number;
  /** Ms one replica holds the half-open probe lease if it never reports the outcome. [the breaker's `recoveryTimeout`, at least 1 s] */
  probeLease?: number;
  /** Ms a fleet state is kept in Redis after its last change. [86_400_000, one day] */
  stateTtl?: number;
}

/** The options, validated, with every default filled in. */
export interface StoreSettings {
  readonly prefix: string;
  readonly replicaId: string | undefined;
  readonly window: number;
  readonly minReporters: number;
  readonly failureThreshold: number | undefined;
  readonly commandTimeout: number;
  readonly retryInterval: number;
  readonly probeLease: number | undefined;
  readonly stateTtl: number;
}

const KEYS = new Set([
  'prefix', 'replicaId', 'window', 'minReporters', 'failureThreshold', 'commandTimeout', 'retryInterval', 'probeLease', 'stateTtl',
]);

/** Validates once, at construction; throws naming the option and the value. */
export function storeSettings(options: RedisBreakerStoreOptions = {}): StoreSettings {
  check.options('redisBreakerStore options', options);
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new TypeError(`redisBreakerStore has no option ${JSON.stringify(key)}`);
  }
  return {
    prefix: check.name('prefix', options.prefix ?? 'res'),
    replicaId: options.replicaId === undefined ? undefined : check.name('replicaId', options.replicaId),
    window: Math.ceil(check.duration('window', options.window ?? 10_000)),
    minReporters: check.count('minReporters', options.minReporters ?? 2),
    failureThreshold: options.failureThreshold === undefined ? undefined : check.count('failureThreshold', options.failureThreshold),
    commandTimeout: check.duration('commandTimeout', options.commandTimeout ?? 200),
    retryInterval: check.duration('retryInterval', options.retryInterval ?? 1_000),
    probeLease: options.probeLease === undefined ? undefined : check.duration('probeLease', options.probeLease),
    stateTtl: Math.ceil(check.duration('stateTtl', options.stateTtl ?? 86_400_000)),
  };
}
