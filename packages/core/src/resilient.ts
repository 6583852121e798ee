import { circuitBreaker, type CircuitBreaker } from './breaker/circuit-breaker.js';
import { BREAKER_KEYS, breakerSettings } from './breaker/options.js';
import type { CircuitBreakerOptions } from './breaker/types.js';
import * as check from './common/validate.js';
import { pipeline, type Pipeline } from './pipeline.js';
import type { PolicyLike } from './policy.js';
import { RETRY_KEYS, retrySettings } from './retry/options.js';
import { retry } from './retry/retry.js';
import type { RetryOptions } from './retry/types.js';
import { timeout, type TimeoutOptions } from './timeout/timeout.js';

/** A fallback for a wrapped function: a value, or a function of the error and the call's arguments. */
export type WrapperFallback = unknown;

/** Options of {@link resilient}: a breaker's, a retry's, and optionally a timeout and a fallback. */
export interface ResilientOptions extends CircuitBreakerOptions, RetryOptions {
  /** Deadline per attempt: ms, or `{ ms, strategy }`. [none] */
  timeout?: number | TimeoutOptions;
  /**
   * Returned when the call still fails after the breaker, retries and timeout:
   * a value, or a (sync or async) function called with the error and the call's arguments. [none]
   */
  fallback?: WrapperFallback;
  /** Which errors the fallback handles. [every error] */
  fallbackOn?: (error: unknown) => boolean;
}

/** A function wrapped by `resilient`, with its breaker and pipeline at hand. */
export type ResilientFunction<A extends unknown[], R> = ((...args: A) => Promise<Awaited<R>>) & {
  /** The breaker of this function (one per wrapped function or decorated method). */
  readonly breaker: CircuitBreaker;
  /** `pipeline(breaker, retry, timeout?)`, e.g. to call `execute` with a signal. */
  readonly policy: Pipeline;
};

/** A function wrapped by `withFallback`. */
export type FallbackFunction<A extends unknown[], R> = (...args: A) => Promise<Awaited<R>>;

/**
 * A class method, as a standard (TS 5) method decorator receives it.
 *
 * @inline
 */
type Method<This, A extends unknown[], R> = (this: This, ...args: A) => R;

/** What `resilient(...)` returns: a wrapper that is also a standard method decorator. */
export interface ResilientWrapper {
  <A extends unknown[], R>(fn: (...args: A) => R): ResilientFunction<A, R>;
  <This, A extends unknown[], R>(method: Method<This, A, R>, context: ClassMethodDecoratorContext<This, Method<This, A, R>>): ResilientFunction<A, R>;
}

/** What `withFallback(...)` returns: a wrapper that is also a standard method decorator. */
export interface FallbackWrapper {
  <A extends unknown[], R>(fn: (...args: A) => R): FallbackFunction<A, R>;
  <This, A extends unknown[], R>(method: Method<This, A, R>, context: ClassMethodDecoratorContext<This, Method<This, A, R>>): FallbackFunction<A, R>;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Builds `pipeline(breaker, retry, timeout?)` (with the fallback outermost) around
 * a function, or around a class method as a standard (TS 5) decorator: one
 * breaker per decorated method, shared by all instances, at
 * `Class.prototype.method.breaker`; `this` is kept.
 *
 * @example
 * const getUser = resilient({ failureThreshold: 5, maxAttempts: 3 })(fetchUser);
 * class Api { @resilient({ timeout: 2_000 }) async load() { return fetchAll(); } }
 */
export function resilient(options: ResilientOptions = {}): ResilientWrapper {
  check.options('resilient options', options);
  check.knownKeys('resilient options', options, [...BREAKER_KEYS, ...RETRY_KEYS, 'timeout', 'fallback', 'fallbackOn']);
  const { timeout: deadline, fallback: substitute, fallbackOn, ...rest } = options;
  const handle = 'fallback' in options ? fallbackHandler(substitute, fallbackOn) : undefined;
  // Validate every option now, when the wrapper is made, not on the first call.
  breakerSettings(pick(rest, BREAKER_KEYS));
  retrySettings(pick(rest, RETRY_KEYS));
  if (deadline !== undefined) timeout(deadline);
  return ((target: AnyFunction, context?: DecoratorContext) => {
    const name = nameOf(target, context);
    const { policy, breaker } = build(rest, deadline, options.name ?? name);
    const wrapped = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const result = policy.execute(() => target.apply(this, args));
      return handle === undefined ? result : result.catch((error: unknown) => handle(this, error, args));
    };
    return describe(wrapped, name, { policy, breaker });
  }) as ResilientWrapper;
}

/**
 * A fallback alone, as a wrapper or a method decorator. A function value is
 * called with the error, then the call's own arguments.
 *
 * @example const price = withFallback((error, sku) => cachedPrice(sku))(fetchPrice);
 */
export function withFallback(value: WrapperFallback, options: { on?: (error: unknown) => boolean } = {}): FallbackWrapper {
  check.options('withFallback options', options);
  const handle = fallbackHandler(value, options.on);
  return ((target: AnyFunction, context?: DecoratorContext) => {
    const name = nameOf(target, context);
    const wrapped = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      try {
        return await target.apply(this, args);
      } catch (error: unknown) {
        return handle(this, error, args);
      }
    };
    return describe(wrapped, name, {});
  }) as FallbackWrapper;
}

function build(
  options: CircuitBreakerOptions & RetryOptions,
  deadline: number | TimeoutOptions | undefined,
  name: string,
): { policy: Pipeline; breaker: CircuitBreaker } {
  const breaker = circuitBreaker({ ...pick(options, BREAKER_KEYS), name });
  const policies: PolicyLike[] = [breaker, retry(pick(options, RETRY_KEYS))];
  if (deadline !== undefined) policies.push(timeout(deadline));
  return { policy: pipeline(...policies), breaker };
}

function fallbackHandler(
  value: WrapperFallback,
  on: ((error: unknown) => boolean) | undefined,
): (self: unknown, error: unknown, args: unknown[]) => unknown {
  if (on !== undefined) check.fn('fallbackOn', on);
  return (self, error, args) => {
    if (on !== undefined && !on(error)) throw error;
    return typeof value === 'function' ? (value as AnyFunction).call(self, error, ...args) : value;
  };
}

function nameOf(target: unknown, context: DecoratorContext | undefined): string {
  if (typeof target !== 'function') throw new TypeError(`expected a function to wrap, got ${typeof target}`);
  if (context === undefined) return target.name || 'default';
  if (context.kind !== 'method') throw new TypeError(`can decorate methods only, not a ${context.kind}`);
  return String(context.name);
}

function describe<F extends object>(wrapped: F, name: string, fields: Record<string, unknown>): F {
  Object.defineProperty(wrapped, 'name', { value: name });
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(wrapped, key, { value, enumerable: true });
  return wrapped;
}

/** The options one policy takes, out of the union `resilient` accepts. */
function pick<T extends object>(options: T, keys: readonly string[]): T {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(options, key)) picked[key] = (options as Record<string, unknown>)[key];
  return picked as T;
}
