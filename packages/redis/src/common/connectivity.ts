import type { Emitter } from '@res/core';

/** Where a store stands with Redis. */
export type RedisStatus = 'connecting' | 'up' | 'degraded';

/** Events of a Redis-backed store or rate limit. */
export interface RedisEvents {
  /** Redis failed or was too slow: from now on decisions are local. Once per outage. */
  degraded: { at: number; error: unknown };
  /** Redis answers again and the fleet state was read back. */
  recovered: { at: number; downtime: number };
}

/**
 * Tracks whether Redis can be used, reports each outage once, and keeps trying to
 * get back (every `retryInterval` ms, and whenever a connection says it is ready).
 * `resync` re-establishes what the owner needs (subscriptions, fleet state); it
 * resolves `false` when a connection is not ready yet, which is not an outage.
 */
export class Connectivity {
  #status: RedisStatus = 'connecting';
  #downSince = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(
    readonly events: Emitter<RedisEvents>,
    readonly resync: () => Promise<boolean>,
    readonly retryInterval: number,
  ) {}

  get status(): RedisStatus {
    return this.#status;
  }

  /** Redis may be used now (otherwise: decide locally). */
  get usable(): boolean {
    return this.#status === 'up';
  }

  /** A command failed or a connection dropped. Reports the outage once and retries in the background. */
  lost(error: unknown): void {
    if (this.#closed) return;
    if (this.#status !== 'degraded') {
      this.#status = 'degraded';
      this.#downSince = Date.now();
      this.events.emit('degraded', { at: this.#downSince, error });
    }
    this.#schedule();
  }

  /** Tries to (re)synchronise now; concurrent requests are folded into one more run. */
  attempt(): void {
    if (this.#closed) return;
    if (this.#attempt !== undefined) {
      this.#again = true;
      return;
    }
    this.#attempt = this.resync().then(
      (done) => {
        if (done) this.#up();
        else if (this.#status === 'degraded') this.#schedule();
      },
      (error: unknown) => {
        this.lost(error);
      },
    );
    void this.#attempt.finally(() => {
      this.#attempt = undefined;
      if (this.#again) {
        this.#again = false;
        this.attempt();
      }
    });
  }

  /** Stops retrying; no event is emitted after this. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #up(): void {
    if (this.#closed) return;
    const was = this.#status;
    this.#status = 'up';
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (was === 'degraded') {
      const at = Date.now();
      this.events.emit('recovered', { at, downtime: at - this.#downSince });
    }
  }

  // Unref'd: an idle process waiting for Redis to come back must still exit on its own.
  #schedule(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.attempt();
    }, this.retryInterval);
    this.#timer.unref();
  }
}
