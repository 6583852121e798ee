/**
 * Every error a policy raises for its own decision. Errors thrown by the
 * function being protected pass through unchanged and are never wrapped.
 */

/**
 * Base class of all res errors, so `error instanceof ResilienceError` tells a
 * policy's decision apart from a failure of the protected call.
 *
 * @example if (error instanceof ResilienceError) console.log('res said no:', error.message);
 */
export class ResilienceError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ResilienceError';
  }
}

/**
 * The circuit is open (or half-open with every trial slot taken): the call was
 * rejected without running.
 *
 * @example catch (e) { if (e instanceof BrokenCircuitError) retryIn(e.retryAfter); }
 */
export class BrokenCircuitError extends ResilienceError {
  /** Name of the breaker that rejected the call. */
  readonly breakerName: string;
  /** Milliseconds until the breaker admits a trial call: 0 when half-open is full, `Infinity` when isolated. */
  readonly retryAfter: number;

  constructor(breakerName: string, retryAfter: number, message?: string) {
    super(message ?? `Circuit "${breakerName}" is open; next trial in ${formatMs(retryAfter)}`);
    this.name = 'BrokenCircuitError';
    this.breakerName = breakerName;
    this.retryAfter = retryAfter;
  }
}

/**
 * The circuit was isolated by hand with `breaker.isolate()` and stays open until `reset()`.
 *
 * @example breaker.isolate(); // every call now rejects with IsolatedCircuitError
 */
export class IsolatedCircuitError extends BrokenCircuitError {
  constructor(breakerName: string) {
    super(breakerName, Infinity, `Circuit "${breakerName}" is isolated until reset()`);
    this.name = 'IsolatedCircuitError';
  }
}

/**
 * An attempt ran past its deadline.
 *
 * @example catch (e) { if (e instanceof TimeoutError) console.log(`gave up after ${e.timeout} ms`); }
 */
export class TimeoutError extends ResilienceError {
  /** The deadline that passed, in ms. */
  readonly timeout: number;

  constructor(timeout: number) {
    super(`Timed out after ${formatMs(timeout)}`);
    this.name = 'TimeoutError';
    this.timeout = timeout;
  }
}

/**
 * The bulkhead was full and its queue too.
 *
 * @example catch (e) { if (e instanceof BulkheadRejectedError) shed(e.limit); }
 */
export class BulkheadRejectedError extends ResilienceError {
  /** Calls allowed in flight. */
  readonly limit: number;
  /** Calls allowed to wait. */
  readonly queue: number;

  constructor(limit: number, queue: number) {
    super(`Bulkhead full: ${limit} in flight and ${queue} queued`);
    this.name = 'BulkheadRejectedError';
    this.limit = limit;
    this.queue = queue;
  }
}

/**
 * The rate limit has no token now and the wait would exceed `maxWait`.
 *
 * @example catch (e) { if (e instanceof RateLimitError) setTimeout(again, e.retryAfter); }
 */
export class RateLimitError extends ResilienceError {
  /** Milliseconds until a token frees. */
  readonly retryAfter: number;

  constructor(retryAfter: number, message?: string) {
    super(message ?? `Rate limit exceeded; a token frees in ${formatMs(retryAfter)}`);
    this.name = 'RateLimitError';
    this.retryAfter = retryAfter;
  }
}

/**
 * Client-side throttling (`throttle`) rejected the call locally, without sending it,
 * because the dependency has been refusing or timing out most recent calls.
 *
 * @example catch (e) { if (e instanceof ThrottledError) console.log(`shed with p = ${e.probability}`); }
 */
export class ThrottledError extends ResilienceError {
  /** The rejection probability in force when the call was rejected, in [0, 1]. */
  readonly probability: number;

  constructor(probability: number) {
    super(`Throttled locally: the dependency accepts too few calls (reject probability ${probability.toFixed(3)})`);
    this.name = 'ThrottledError';
    this.probability = probability;
  }
}

function formatMs(ms: number): string {
  if (ms === Infinity) return 'never';
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.ceil(ms)} ms`;
}
