import type { ExecutionContext } from '../policy.js';

/** A value, or a function of the call's context that makes one. */
export type Generated<V> = V | ((context: ExecutionContext) => V);

/** What every chaos policy takes. Every field but the injected thing is optional; defaults in brackets. */
export interface ChaosOptions {
  /** Share of calls injected, in [0, 1], or `(ctx) => number`: injects iff `random() < rate`. [0.001] */
  rate?: number | ((context: ExecutionContext) => number);
  /** Whether the policy acts at all; a disabled one calls neither `rate`, `random` nor a generator. [true] */
  enabled?: boolean | ((context: ExecutionContext) => boolean);
  /** Random source, `() => [0, 1)`. [`Math.random`] */
  random?: () => number;
}

/** Options of `chaos.fault`. */
export interface FaultOptions extends ChaosOptions {
  /** The error to reject with, or `(ctx) => error`. */
  error: Generated<unknown>;
}

/** Options of `chaos.latency`. */
export interface LatencyOptions extends ChaosOptions {
  /** Ms to wait before calling `fn` (>= 0), or `(ctx) => ms`. */
  ms: Generated<number>;
}

/** Options of `chaos.outcome`. A function `value` is a generator: to resolve with a function, return it from one. */
export interface OutcomeOptions<R> extends ChaosOptions {
  /** The value to resolve with instead of calling `fn`, or `(ctx) => value`. */
  value: Generated<R>;
}

/** Options of `chaos.behavior`. */
export interface BehaviorOptions extends ChaosOptions {
  /** Run before `fn` (awaited) when injected, e.g. to drop a connection or fill a cache. */
  run: (context: ExecutionContext) => unknown;
}

/** Which chaos policy injected. */
export type ChaosKind = 'fault' | 'latency' | 'outcome' | 'behavior';

/** Events of a chaos policy. */
export interface ChaosEvents {
  /** This call was injected. */
  injected: { kind: ChaosKind; attempt: number };
}

/** What a chaos policy's `stats()` returns: counts since creation. */
export interface ChaosStats {
  /** Calls through an enabled policy. */
  calls: number;
  /** Calls injected. */
  injected: number;
}
