/**
 * Hooks between policies that `pipeline` uses to run a breaker and a retry in one
 * layer on the success path. Symbol-keyed so they stay out of the public API;
 * not exported from the package's index.
 */

/** CircuitBreaker: admit a call synchronously -> an admission ticket, a rejection error, or `undefined` (must take the async path). */
export const admitCall: unique symbol = Symbol('res.admitCall');
/** CircuitBreaker: record the outcome of an admitted call (`error` undefined = success). */
export const settleCall: unique symbol = Symbol('res.settleCall');
/** RetryPolicy: the start time of a call's budget (0 when there is none). */
export const startClock: unique symbol = Symbol('res.startClock');
/** RetryPolicy: carry on after attempt 1 failed with `error`. */
export const retryAfterFirst: unique symbol = Symbol('res.retryAfterFirst');
