import { Emitter, type Unsubscribe } from '../common/events.js';
import { RollingSum } from '../common/rolling-sum.js';
import { retryBudgetSettings, type RetryBudgetSettings } from './options.js';
import type { RetryBudgetEvents, RetryBudgetOptions, RetryBudgetStats } from './types.js';

/**
 * Finagle's retry budget: retries (and hedges) may add at most `ratio` to the load
 * of first attempts, plus a small reserve, so layers of retries cannot multiply a
 * failing dependency's load. Share one budget among every retry and hedge policy
 * that calls the same dependency.
 *
 * @example const budget = retryBudget({ ratio: 0.2 }); const policy = retry({ maxAttempts: 3, budget });
 */
export class RetryBudget {
  readonly #settings: RetryBudgetSettings;
  /** Deposits minus withdrawals, in units; 10 slots of ttl/10 plus the current one. */
  readonly #balance: RollingSum;
  readonly #events = new Emitter<RetryBudgetEvents>();
  #deposits = 0;
  #withdrawals = 0;
  #refusals = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.#settings = retryBudgetSettings(options);
    this.#balance = new RollingSum(11, this.#settings.ttl / 10);
  }

  /** Retries allowed per first attempt. */
  get ratio(): number {
    return this.#settings.ratio;
  }

  /** Records a first attempt: it earns `ratio` of a retry. */
  deposit(): void {
    this.#deposits++;
    this.#balance.add(Date.now(), this.#settings.deposit);
  }

  /** Takes one retry's worth if the budget has it: true to go ahead, false to give up. */
  tryWithdraw(): boolean {
    const now = Date.now();
    const { withdrawal, reserve } = this.#settings;
    if (reserve + this.#balance.sum(now) >= withdrawal) {
      this.#balance.add(now, -withdrawal);
      this.#withdrawals++;
      return true;
    }
    this.#refusals++;
    if (this.#events.has('refused')) this.#events.emit('refused', { refusals: this.#refusals });
    return false;
  }

  /** The whole retries available now, and the counts since creation. */
  stats(): RetryBudgetStats {
    const { withdrawal, reserve } = this.#settings;
    const balance = Math.max(0, Math.floor((reserve + this.#balance.sum(Date.now())) / withdrawal));
    return { balance, deposits: this.#deposits, withdrawals: this.#withdrawals, refusals: this.#refusals };
  }

  /** Subscribes to `'refused'`; returns the unsubscribe. */
  on<K extends keyof RetryBudgetEvents>(event: K, listener: (payload: RetryBudgetEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }
}

/**
 * Creates a {@link RetryBudget}. Options are validated at once.
 *
 * @example const budget = retryBudget({ ratio: 0.1, minPerSecond: 5, ttl: 10_000 });
 */
export function retryBudget(options?: RetryBudgetOptions): RetryBudget {
  return new RetryBudget(options);
}
