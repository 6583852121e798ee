import { createHash } from 'node:crypto';
import { commands, type RedisClient } from './client.js';

/**
 * A Lua script run with EVALSHA, and loaded with EVAL when Redis does not know it
 * (first use, or a restarted server). Unlike `defineCommand` it adds nothing to the
 * user's client.
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script atomically on `redis`. */
  async run(client: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const redis = commands(client);
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error: unknown) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** A script's reply as an array of strings (how every script here answers). */
export function strings(reply: unknown): string[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((item: unknown) => (typeof item === 'string' ? item : String(item)));
}
