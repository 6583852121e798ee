/**
 * @res/core: resilience policies with no dependencies.
 *
 * @example
 * import { pipeline, circuitBreaker, retry, timeout } from '@res/core';
 * const policy = pipeline(circuitBreaker(), retry({ maxAttempts: 3 }), timeout(2_000));
 * const data = await policy.execute(({ signal }) => fetch(url, { signal }));
 *
 * @packageDocumentation
 */
export * from './errors.js';
export type { ExecutionContext, Operation, Policy, PolicyLike } from './policy.js';
export { Emitter, type Unsubscribe } from './common/events.js';
export { neverAbortedSignal, isAbortError, abortReason } from './common/signal.js';
export { sleep } from './common/sleep.js';
export { CircuitBreaker, circuitBreaker } from './breaker/circuit-breaker.js';
export type { BreakerPermit } from './breaker/permit.js';
export type { BreakerStrategy, StrategySnapshot } from './breaker/strategy.js';
export { ConsecutiveFailures } from './breaker/consecutive.js';
export { CountWindow } from './breaker/count-window.js';
export { TimeWindow } from './breaker/time-window.js';
export type * from './breaker/types.js';
export { RetryPolicy, retry } from './retry/retry.js';
export { backoffDelay, applyJitter, retryDelay, type Backoff, type Jitter, type DelayOptions } from './retry/backoff.js';
export type * from './retry/types.js';
export { TimeoutPolicy, timeout, type TimeoutOptions, type TimeoutStrategy } from './timeout/timeout.js';
export { FallbackPolicy, fallback, type FallbackOptions, type FallbackValue, type FallbackEvents } from './fallback/fallback.js';
export { BulkheadPolicy, bulkhead, type BulkheadOptions, type BulkheadEvents } from './bulkhead/bulkhead.js';
export { RateLimitPolicy, rateLimit, type RateLimitOptions, type RateLimitEvents, type RateLimitStore } from './rate-limit/rate-limit.js';
export { TokenBucket } from './rate-limit/token-bucket.js';
export { RetryBudget, retryBudget } from './retry-budget/retry-budget.js';
export type * from './retry-budget/types.js';
export { HedgePolicy, hedge } from './hedge/hedge.js';
export { percentile } from './hedge/percentile.js';
export type * from './hedge/types.js';
export { AdaptiveLimitPolicy, adaptiveLimit } from './adaptive-limit/adaptive-limit.js';
export { aimdLimit } from './adaptive-limit/aimd.js';
export { Gradient2 } from './adaptive-limit/gradient2.js';
export type * from './adaptive-limit/types.js';
export { ThrottlePolicy, throttle } from './throttle/throttle.js';
export { rejectProbability } from './throttle/probability.js';
export type * from './throttle/types.js';
export { ChaosPolicy, chaos } from './chaos/chaos.js';
export type * from './chaos/types.js';
export { Pipeline, pipeline } from './pipeline.js';
export {
  resilient,
  withFallback,
  type ResilientOptions,
  type ResilientFunction,
  type ResilientWrapper,
  type FallbackWrapper,
  type FallbackFunction,
  type WrapperFallback,
} from './resilient.js';
