/** Options of {@link retryBudget}. Every field is optional; defaults in brackets. */
export interface RetryBudgetOptions {
  /** Retries (and hedges) allowed per first attempt, in (0, 1]: 0.2 = one retry per 5 calls. [0.2] */
  ratio?: number;
  /** Retries per second always allowed, whatever the traffic (the reserve), >= 0. [10] */
  minPerSecond?: number;
  /** Ms a deposit or withdrawal counts for (it expires between `ttl` and `1.1 x ttl` after it was made). [10_000] */
  ttl?: number;
  /** Random source, `() => [0, 1)`; the budget draws none today (accepted like every policy of its family). [`Math.random`] */
  random?: () => number;
}

/** What {@link RetryBudget.stats} returns. */
export interface RetryBudgetStats {
  /** Whole retries the budget would allow now. */
  balance: number;
  /** First attempts recorded since creation. */
  deposits: number;
  /** Retries and hedges allowed since creation. */
  withdrawals: number;
  /** Retries and hedges refused since creation. */
  refusals: number;
}

/** Events of a retry budget. */
export interface RetryBudgetEvents {
  /** A retry or hedge was refused (the budget is spent); `refusals` counts them since creation. */
  refused: { refusals: number };
}
