/**
 * A token bucket, pure arithmetic on the times it is given: `capacity` tokens at
 * most, refilled continuously at `tokens` per `interval` ms. Tokens can be
 * reserved ahead (the count goes negative), which queues callers fairly.
 *
 * @example const bucket = new TokenBucket(5, 1_000, 10, Date.now()); const wait = bucket.take(Date.now(), 500); // 0: now; > 0: ms to wait; < 0: refused
 */
export class TokenBucket {
  readonly #perMs: number;
  #available: number;
  #updated: number;

  constructor(
    readonly tokens: number,
    readonly interval: number,
    readonly capacity: number,
    now: number,
  ) {
    this.#perMs = tokens / interval;
    this.#available = capacity;
    this.#updated = now;
  }

  /** Tokens available at `now` (negative while reservations are pending). */
  available(now: number): number {
    this.#refill(now);
    return this.#available;
  }

  /**
   * Takes a token if one is free now or within `maxWait` ms, and returns the ms
   * to wait for it (0 = now). Returns `-wait` without taking anything when the
   * wait would exceed `maxWait`, where `wait` is when a token frees.
   */
  take(now: number, maxWait: number): number {
    this.#refill(now);
    if (this.#available >= 1) {
      this.#available -= 1;
      return 0;
    }
    const wait = (1 - this.#available) / this.#perMs;
    if (wait > maxWait) return -wait;
    this.#available -= 1;
    return wait;
  }

  /** Gives back a token taken by `take` and not used (its caller aborted). */
  refund(now: number): void {
    this.#refill(now);
    this.#available = Math.min(this.capacity, this.#available + 1);
  }

  #refill(now: number): void {
    const elapsed = now - this.#updated;
    if (elapsed > 0) {
      this.#available = Math.min(this.capacity, this.#available + elapsed * this.#perMs);
      this.#updated = now;
    }
  }
}
