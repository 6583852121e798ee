import type { Cluster, Redis } from 'ioredis';

/** What the store and the rate limit accept: one Redis (standalone, or through Sentinel), or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** The client is an ioredis `Cluster`. */
export function isCluster(client: RedisClient): client is Cluster {
  return client.isCluster;
}

/** The few commands both kinds of client share, typed once (ioredis' overloads do not unify across the union). */
export interface Commands {
  evalsha(sha: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(source: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  ping(): Promise<string>;
}

/** `client` seen through {@link Commands}. */
export function commands(client: RedisClient): Commands {
  return client;
}

// CRC16-XMODEM, as Redis Cluster computes key slots.
const TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  return crc;
});

/** The cluster slot of a key or shard channel (its `{hash tag}` when it has a non-empty one). */
export function keySlot(key: string): number {
  let bytes = Buffer.from(key);
  const open = bytes.indexOf(0x7b); // {
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1); // }
    if (close > open + 1) bytes = bytes.subarray(open + 1, close);
  }
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ byte) & 0xff] ?? 0);
  return crc % 16_384;
}
