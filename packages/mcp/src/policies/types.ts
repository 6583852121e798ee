import type { AdaptiveLimitOptions, HedgeDelay, RetryBudgetOptions, ThrottleOptions } from '@res/core';

/** `ServerPolicy.retryBudget`: core's `retryBudget` options, or `false` for none. */
export type RetryBudgetSetting = Pick<RetryBudgetOptions, 'ratio' | 'minPerSecond' | 'ttl'> | false;

/** `ServerPolicy.hedge` and `ToolPolicy.hedge`: core's `hedge` options (the server's budget is used), or `false`. */
export type HedgeSetting =
  | {
      /** Extra attempts at most, an integer >= 1. [1] */
      maxHedges?: number;
      /** Ms, `(n) => ms`, or `{ percentile, window, refresh, min }` (adaptive). [2_000] */
      delay?: HedgeDelay;
    }
  | false;

/** `ServerPolicy.concurrency`: `'adaptive'` (core's `adaptiveLimit` defaults) or its options. */
export type ConcurrencySetting = 'adaptive' | Omit<AdaptiveLimitOptions, 'isDrop'>;

/** `ServerPolicy.throttle`: core's `throttle` options (`isAccepted` is res's: every answer of the server). */
export type ThrottleSetting = Omit<ThrottleOptions, 'isAccepted'>;

/** What an injected fault looks like: the error kind the caller (and the breaker, and retries) see. */
export type ChaosFaultKind = 'transport' | 'timeout' | 'protocol';

/** `ServerPolicy.chaos`: injected faults and latency on tool calls, for game days. Off unless set. */
export interface ChaosPolicySettings {
  /** Rejects a share of attempts (`rate` in [0, 1]) with an `McpCallError` of `kind` (default `'transport'`), sending nothing. */
  fault?: { rate: number; kind?: ChaosFaultKind };
  /** Delays a share of attempts (`rate` in [0, 1]) by `ms` before they are sent. */
  latency?: { rate: number; ms: number };
  /** Whether injection is on. [true] */
  enabled?: boolean;
  /** Random source, `() => [0, 1)`: an attempt is injected iff `random() < rate`. [`Math.random`] */
  random?: () => number;
}

/** `health().retryBudget`: the server's budget now. */
export interface BudgetHealth {
  /** Whole retries (or hedges) the budget allows now. */
  balance: number;
  /** Retries and hedges allowed since creation. */
  withdrawals: number;
  /** Retries and hedges refused since creation. */
  refusals: number;
}

/** The parts of `health()` the policies beyond the classic ones add (each present only when configured). */
export interface BeyondHealth {
  retryBudget?: BudgetHealth;
  /** Hedges sent (extra attempts started) and won (calls answered by a hedge), since creation. */
  hedges?: { sent: number; won: number };
  /** The adaptive concurrency limit now, and calls in flight under it. */
  concurrency?: { limit: number; inFlight: number };
  /** The throttle's rejection probability now, and calls it rejected since creation. */
  throttle?: { probability: number; throttled: number };
  /** Attempts injected since creation, by kind. */
  chaos?: { faults: number; latency: number };
}
