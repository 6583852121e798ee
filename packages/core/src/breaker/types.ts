import type { StrategySnapshot } from './strategy.js';

/** Where a circuit stands. `'isolated'` is held open by hand until `reset()`. */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'isolated';

/** A count-based window: the last `size` calls. */
export interface CountWindowOptions {
  /** Calls in the window. */
  size: number;
  /** Failures/calls at or above which the circuit opens, in (0, 1]. */
  failureRate: number;
  /** Calls needed in the window before it may open. Default: `size`. */
  minimumCalls?: number;
}

/** A time-based window: the calls of the last `duration` ms. */
export interface TimeWindowOptions {
  /** Length of the window, ms. */
  duration: number;
  /** Failures/calls at or above which the circuit opens, in (0, 1]. */
  failureRate: number;
  /** Calls needed in the window before it may open. Default: 10. */
  minimumCalls?: number;
}

/** Options of {@link circuitBreaker}. Every field is optional; defaults in brackets. */
export interface CircuitBreakerOptions {
  /** Shown in errors, events and metrics. [`'default'`] */
  name?: string;
  /** Consecutive failures that open the circuit (ignored when `window` is set). [5] */
  failureThreshold?: number;
  /** Instead of consecutive failures: a failure rate over a count or time window. */
  window?: CountWindowOptions | TimeWindowOptions;
  /** Ms the circuit stays open before admitting trial calls (half-open). [60_000] */
  recoveryTimeout?: number;
  /** Trial calls admitted at once in half-open; the rest are rejected. [1] */
  halfOpenMaxCalls?: number;
  /** Successful trials that close the circuit. [1] */
  successThreshold?: number;
  /**
   * Which errors count as failures. An error it rejects is rethrown unchanged and
   * counts as a success: the dependency answered. [every error]
   */
  isFailure?: (error: unknown) => boolean;
  /**
   * Errors that count neither as failure nor as success, e.g. a rejection by a
   * local policy inside the breaker (rate limit, bulkhead): the dependency was not asked.
   * A half-open trial ending so gives its slot back. [none; a caller's abort is always ignored]
   */
  ignore?: (error: unknown) => boolean;
  /** State saved by `breaker.toJSON()`, to resume where a previous process stopped. */
  initialState?: BreakerSnapshot;
  /** Shares state with other breakers (other processes), e.g. `@res/redis`'s `redisBreakerStore`. */
  store?: BreakerStore;
}

/** `breaker.stats()`: counts since creation or the last `reset()`. */
export interface BreakerStats {
  state: CircuitState;
  /** Calls that failed (per `isFailure`). */
  failures: number;
  /** Calls that succeeded (including errors `isFailure` rejected). */
  successes: number;
  /** Calls rejected without running. */
  rejections: number;
  /** Failures since the last success. */
  consecutiveFailures: number;
  /** When the circuit last opened (epoch ms), while open or half-open. */
  openedAt?: number;
}

/** `breaker.toJSON()`: JSON-safe, restored through the `initialState` option. */
export interface BreakerSnapshot {
  state: CircuitState;
  /** Epoch ms (`Date.now()`) the circuit opened, when open or half-open. */
  openedAt?: number;
  /** Counts of the strategy that decides when to open. */
  strategy?: StrategySnapshot;
  /** Counts behind `stats()`. */
  stats?: Pick<BreakerStats, 'failures' | 'successes' | 'rejections' | 'consecutiveFailures'>;
}

/** Payload of the `'stateChange'` event. */
export interface StateChange {
  name: string;
  from: CircuitState;
  to: CircuitState;
  /** Epoch ms of the change. */
  at: number;
}

/**
 * Events of a circuit breaker. `context` is what the call was given (`execute`'s
 * fourth argument, `tryAcquire(context)`), passed through untouched; `undefined` when none.
 */
export interface BreakerEvents<C = unknown> {
  stateChange: StateChange;
  success: { name: string; state: CircuitState; context?: C | undefined };
  failure: { name: string; state: CircuitState; error: unknown; context?: C | undefined };
  rejected: { name: string; state: CircuitState; retryAfter: number; context?: C | undefined };
}

/**
 * The seam through which breakers share state, e.g. across the processes of a
 * fleet. The breaker calls `attach` once; the binding it gets back hears about
 * failures and transitions (never about a success while closed, so the success
 * path never waits on a store) and may grant or refuse half-open trial calls.
 */
export interface BreakerStore {
  attach(breaker: BreakerStoreHandle): BreakerStoreBinding;
}

/** What a store may see of and do to a breaker. */
export interface BreakerStoreHandle {
  readonly name: string;
  readonly state: CircuitState;
  readonly failureThreshold: number;
  readonly recoveryTimeout: number;
  /**
   * Applies a transition decided elsewhere (another replica). The breaker emits
   * `stateChange` as usual but does not report it back to the store.
   * `openedAt` (epoch ms) dates an `'open'`, so every replica half-opens together.
   */
  applyRemote(to: CircuitState, openedAt?: number): void;
}

/** One breaker's link to a store. Nothing here may throw into a caller's call. */
export interface BreakerStoreBinding {
  /** A call failed (fire and forget). */
  failure(at: number): void;
  /** The breaker changed state by itself (fire and forget). */
  transition(change: StateChange): void;
  /** May this breaker send a half-open trial now? Refused trials are rejected like a full half-open. */
  acquireTrial(): boolean | Promise<boolean>;
  /** The breaker is done with the store. */
  detach(): void;
}
