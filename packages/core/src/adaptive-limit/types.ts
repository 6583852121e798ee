/** `'aimd'`: additive increase, multiplicative decrease on drops. `'gradient2'`: Netflix's RTT gradient. */
export type LimitAlgorithm = 'aimd' | 'gradient2';

/** Options of {@link adaptiveLimit}. Every field is optional; defaults in brackets. */
export interface AdaptiveLimitOptions {
  /** How the limit moves. [`'gradient2'`] */
  algorithm?: LimitAlgorithm;
  /** The limit at start, an integer in [min, max]. [20] */
  initial?: number;
  /** The least limit, an integer >= 1. [1] */
  min?: number;
  /** The greatest limit, an integer >= min. [200] */
  max?: number;
  /** Calls allowed to wait for a slot; beyond, `BulkheadRejectedError`. [0] */
  queue?: number;
  /**
   * Whether a failure means the dependency is overloaded (a *drop*), which lowers the
   * limit. [a `TimeoutError`, or any error carrying a numeric `retryAfter`]
   */
  isDrop?: (error: unknown) => boolean;
  /** Random source, `() => [0, 1)`; neither algorithm draws one today (accepted like every policy of its family). [`Math.random`] */
  random?: () => number;
}

/** How a call ended, for the algorithm. Other errors are not samples. */
export interface LimitSample {
  /** Ms from the call's start (after any queueing) to its end. */
  rtt: number;
  /** Calls in flight when it ended, itself included. */
  inFlight: number;
  /** True when `isDrop` said the dependency is overloaded. */
  drop: boolean;
}

/** Events of an adaptive limit. */
export interface AdaptiveLimitEvents {
  /** The (integer) limit moved. */
  limit: { limit: number; previous: number };
  /** A call was rejected: the limit and the queue were full. */
  rejected: { limit: number; queue: number };
}

/** What {@link AdaptiveLimitPolicy.stats} returns. */
export interface AdaptiveLimitStats {
  /** The limit now. */
  limit: number;
  /** Calls running now. */
  inFlight: number;
  /** Calls waiting now. */
  queued: number;
  /** Since creation: calls that succeeded, dropped, and were rejected by this limiter. */
  successes: number;
  drops: number;
  rejections: number;
}
