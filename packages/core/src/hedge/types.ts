import type { RetryBudget } from '../retry-budget/retry-budget.js';

/** An adaptive hedge delay: a percentile of this policy's own successful calls' latencies. */
export interface AdaptiveDelay {
  /** Which percentile, in (0, 1]. [0.95] */
  percentile?: number;
  /** Ms of latencies the percentile is taken over. [30_000] */
  window?: number;
  /** Ms between recomputations; the first comes `refresh` ms after creation, with no hedge before it. [3_000] */
  refresh?: number;
  /** The least delay, ms. [1] */
  min?: number;
}

/** Ms before hedge n (1 = the first hedge), counted from the previous attempt's start. */
export type HedgeDelay = number | ((hedge: number) => number) | AdaptiveDelay;

/** Options of {@link hedge}. Every field is optional; defaults in brackets. */
export interface HedgeOptions {
  /** Extra attempts at most (an integer >= 1): `1` means up to 2 attempts in flight. [1] */
  maxHedges?: number;
  /** Ms (>= 0), `(n) => ms`, or `{ percentile, window, refresh, min }` (adaptive). `0` starts every attempt at once. [2_000] */
  delay?: HedgeDelay;
  /** A budget that every call deposits in and every hedge withdraws from; a refusal stops new hedges only. [none] */
  budget?: RetryBudget;
  /** Whether a failed attempt starts the next one at once (true) or ends the call with its error (false). [every error but an abort] */
  shouldHedge?: (error: unknown) => boolean;
  /** Random source, `() => [0, 1)`; hedging draws none today (accepted like every policy of its family). [`Math.random`] */
  random?: () => number;
}

/** Events of a hedge policy. */
export interface HedgeEvents {
  /** An extra attempt started: `attempt` is its number (2 for the first hedge). */
  hedge: { attempt: number; reason: 'delay' | 'failure' };
  /** A hedge the budget refused: no further attempt starts for this call. */
  refused: { attempt: number };
}

/** What {@link HedgePolicy.stats} returns: counts since creation. */
export interface HedgeStats {
  /** Calls made. */
  calls: number;
  /** Extra attempts started. */
  hedges: number;
  /** Calls won by an extra attempt (not by attempt 1). */
  wins: number;
  /** Hedges the budget refused. */
  refusals: number;
  /** The current delay before the first hedge, ms; `undefined` while an adaptive delay has no percentile yet. */
  delay: number | undefined;
}
