/** Options of {@link throttle}. Every field is optional; defaults in brackets. */
export interface ThrottleOptions {
  /** Multiplier of accepts (> 0): lower rejects sooner; 2 lets through twice what the dependency accepts. [2] */
  k?: number;
  /** Ms of history the counts cover. [120_000] */
  window?: number;
  /** Buckets the window is kept in (an integer >= 1); the oldest drops out as a whole. [12] */
  buckets?: number;
  /** The highest rejection probability, in [0, 1], so a few calls always probe the dependency. [0.9] */
  maxRejectProbability?: number;
  /**
   * Whether a failure is still an answer from the dependency (an accept). [every error
   * except `TimeoutError`, `RateLimitError`, `BulkheadRejectedError`, `BrokenCircuitError`
   * and errors whose `kind` is `'transport'`, `'timeout'` or `'rate-limit'`]
   */
  isAccepted?: (error: unknown) => boolean;
  /** Random source, `() => [0, 1)`: a call is rejected iff `random() < p`. [`Math.random`] */
  random?: () => number;
}

/** Events of a throttle. */
export interface ThrottleEvents {
  /** A call was rejected locally with `ThrottledError`. */
  throttled: { probability: number };
}

/** What {@link ThrottlePolicy.stats} returns. */
export interface ThrottleStats {
  /** Calls in the window, admitted and rejected. */
  requests: number;
  /** Calls in the window the dependency answered. */
  accepts: number;
  /** The probability the next call is rejected with. */
  probability: number;
  /** Calls rejected since creation. */
  throttled: number;
}
