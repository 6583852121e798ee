import { Redis } from 'ioredis';
import type { RedisServer } from './redis-server.mjs';

/**
 * The client options the README recommends, with a fast reconnect for tests:
 * commands fail at once while disconnected instead of queueing.
 */
export function connect(server: Pick<RedisServer, 'host' | 'port'>, extra: Record<string, unknown> = {}): Redis {
  const redis = new Redis({
    host: server.host,
    port: server.port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 50,
    ...extra,
  });
  redis.on('error', () => undefined); // outages are the point of some tests; the stores report them
  return redis;
}

/** Resolves once `check()` is true, polling every 5 ms; rejects after `timeout` ms naming `what`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeout = 3_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await delay(5);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
