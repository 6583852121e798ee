import type { BreakerStrategy, StrategySnapshot } from './strategy.js';

/**
 * Opens after `threshold` failures in a row; any success starts the count again.
 * What `circuitBreaker({ failureThreshold })` uses.
 *
 * @example const strategy = new ConsecutiveFailures(3); strategy.failure(); strategy.failure(); strategy.failure(); // true: open
 */
export class ConsecutiveFailures implements BreakerStrategy {
  #count = 0;

  constructor(readonly threshold: number) {}

  success(): void {
    this.#count = 0;
  }

  failure(): boolean {
    return ++this.#count >= this.threshold;
  }

  reset(): void {
    this.#count = 0;
  }

  snapshot(): StrategySnapshot {
    return { kind: 'consecutive', count: this.#count };
  }

  restore(snapshot: StrategySnapshot): void {
    if (snapshot.kind === 'consecutive' && typeof snapshot.count === 'number') this.#count = snapshot.count;
  }
}
