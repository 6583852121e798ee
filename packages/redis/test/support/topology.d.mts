import type { RedisServer } from './redis-server.mjs';

export interface Address {
  readonly host: string;
  readonly port: number;
}

/** A Redis Cluster started by {@link startCluster}. */
export interface RedisCluster {
  readonly nodes: RedisServer[];
  readonly startupNodes: Address[];
  /** The master serving `slot` now, as a node that answers sees it. */
  masterOf(slot: number): Promise<RedisServer | undefined>;
  /** The node replicating the master at `port`. */
  replicaOf(port: number): Promise<RedisServer | undefined>;
  /** Resolves once `slot` is served by a master other than `port` and the cluster is ok again. */
  failedOver(slot: number, port: number): Promise<void>;
  stop(): Promise<void>;
}

/** A master, a replica and 3 sentinels started by {@link startSentinels}. */
export interface RedisSentinels {
  readonly name: string;
  readonly master: RedisServer;
  readonly replica: RedisServer;
  readonly sentinels: Address[];
  /** Resolves once the sentinels name the replica as the master. */
  failedOver(): Promise<void>;
  stop(): Promise<void>;
}

export function ask(port: number, ...command: string[]): Promise<unknown>;
export function until(what: string, check: () => Promise<boolean>, timeout?: number): Promise<void>;
export function startCluster(options?: { masters?: number; nodeTimeout?: number }): Promise<RedisCluster>;
export function startSentinels(options?: { name?: string; downAfter?: number }): Promise<RedisSentinels>;
