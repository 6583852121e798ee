/** A redis-server started by {@link startRedis}. */
export interface RedisServer {
  readonly port: number;
  readonly host: string;
  readonly url: string;
  readonly pid: number | undefined;
  /** Shuts it down (SIGTERM) and waits for the exit. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), like a crash, and waits for the exit. */
  kill(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing answers — a Redis too slow to use. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
}
export function redisServerBin(): string;
export function freePort(): Promise<number>;
export function redisCliBin(): string;
export function startRedis(options?: {
  port?: number;
  args?: (port: number) => Promise<string[]> | string[];
  sentinel?: boolean;
}): Promise<RedisServer>;
