import type { BreakerStrategy, StrategySnapshot } from './strategy.js';

const BUCKETS = 10;

/**
 * Opens when, over the last `duration` ms, failures/calls >= `failureRate`,
 * once at least `minimumCalls` calls fell in that time. Outcomes are kept in
 * ten buckets of duration/10 each, so memory is constant whatever the traffic.
 * What `circuitBreaker({ window: { duration, failureRate, minimumCalls } })` uses.
 *
 * @example const strategy = new TimeWindow(30_000, 0.5, 10); // the last 30 s, open at 50 % failures after 10 calls
 */
export class TimeWindow implements BreakerStrategy {
  readonly #bucketMs: number;
  // Per bucket: the bucket's number (time / bucketMs), successes, failures.
  readonly #ids = new Float64Array(BUCKETS).fill(-1);
  readonly #successes = new Float64Array(BUCKETS);
  readonly #failures = new Float64Array(BUCKETS);

  constructor(
    readonly duration: number,
    readonly failureRate: number,
    readonly minimumCalls: number,
  ) {
    this.#bucketMs = Math.max(1, duration / BUCKETS);
  }

  success(): void {
    const slot = this.#slot(Date.now());
    this.#successes[slot] = (this.#successes[slot] ?? 0) + 1;
  }

  failure(): boolean {
    const now = Date.now();
    const slot = this.#slot(now);
    this.#failures[slot] = (this.#failures[slot] ?? 0) + 1;
    const oldest = Math.floor((now - this.duration) / this.#bucketMs);
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if ((this.#ids[i] ?? -1) <= oldest) continue;
      calls += (this.#successes[i] ?? 0) + (this.#failures[i] ?? 0);
      failures += this.#failures[i] ?? 0;
    }
    return calls >= this.minimumCalls && failures / calls >= this.failureRate;
  }

  reset(): void {
    this.#ids.fill(-1);
    this.#successes.fill(0);
    this.#failures.fill(0);
  }

  snapshot(): StrategySnapshot {
    // Each bucket is dated by its middle: its start (id * bucketMs) can come back
    // from floating point as id - 1 when divided again, aging restored outcomes early.
    const buckets: [number, number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) {
      const id = this.#ids[i] ?? -1;
      if (id >= 0) buckets.push([(id + 0.5) * this.#bucketMs, this.#successes[i] ?? 0, this.#failures[i] ?? 0]);
    }
    return { kind: 'time-window', buckets };
  }

  restore(snapshot: StrategySnapshot): void {
    if (snapshot.kind !== 'time-window' || !Array.isArray(snapshot.buckets)) return;
    this.reset();
    for (const bucket of snapshot.buckets as unknown[]) {
      if (!Array.isArray(bucket)) continue;
      const [at, successes, failures] = bucket as unknown[];
      if (typeof at !== 'number' || typeof successes !== 'number' || typeof failures !== 'number') continue;
      const slot = this.#slot(at);
      this.#successes[slot] = (this.#successes[slot] ?? 0) + successes;
      this.#failures[slot] = (this.#failures[slot] ?? 0) + failures;
    }
  }

  /** The bucket for a time, emptied first if it still holds an older period. */
  #slot(at: number): number {
    const id = Math.floor(at / this.#bucketMs);
    const slot = id % BUCKETS;
    if (this.#ids[slot] !== id) {
      this.#ids[slot] = id;
      this.#successes[slot] = 0;
      this.#failures[slot] = 0;
    }
    return slot;
  }
}
