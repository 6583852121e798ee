import type { BreakerStrategy, StrategySnapshot } from './strategy.js';

/**
 * Opens when, over the last `size` calls, failures/calls >= `failureRate`,
 * once at least `minimumCalls` calls are in the window. A ring buffer of outcomes.
 * What `circuitBreaker({ window: { size, failureRate, minimumCalls } })` uses.
 *
 * @example const strategy = new CountWindow(20, 0.5, 10); // the last 20 calls, open at 50 % failures after 10
 */
export class CountWindow implements BreakerStrategy {
  readonly #outcomes: Uint8Array; // 1 = failure
  #next = 0;
  #filled = 0;
  #failures = 0;

  constructor(
    readonly size: number,
    readonly failureRate: number,
    readonly minimumCalls: number,
  ) {
    this.#outcomes = new Uint8Array(size);
  }

  success(): void {
    this.#record(0);
  }

  failure(): boolean {
    this.#record(1);
    return this.#filled >= this.minimumCalls && this.#failures / this.#filled >= this.failureRate;
  }

  reset(): void {
    this.#outcomes.fill(0);
    this.#next = 0;
    this.#filled = 0;
    this.#failures = 0;
  }

  snapshot(): StrategySnapshot {
    // Oldest first, so a restore into a window of another size keeps the newest.
    const outcomes: number[] = [];
    const start = this.#filled < this.size ? 0 : this.#next;
    for (let i = 0; i < this.#filled; i++) outcomes.push(this.#outcomes[(start + i) % this.size] ?? 0);
    return { kind: 'count-window', outcomes };
  }

  restore(snapshot: StrategySnapshot): void {
    if (snapshot.kind !== 'count-window' || !Array.isArray(snapshot.outcomes)) return;
    this.reset();
    for (const outcome of snapshot.outcomes.slice(-this.size)) this.#record(outcome === 1 ? 1 : 0);
  }

  #record(outcome: 0 | 1): void {
    if (this.#filled === this.size) this.#failures -= this.#outcomes[this.#next] ?? 0;
    else this.#filled++;
    this.#outcomes[this.#next] = outcome;
    this.#failures += outcome;
    this.#next = (this.#next + 1) % this.size;
  }
}
