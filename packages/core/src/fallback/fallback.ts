import { Emitter, type Unsubscribe } from '../common/events.js';
import { neverAbortedSignal } from '../common/signal.js';
import * as check from '../common/validate.js';
import type { Operation } from '../policy.js';

/** Options of {@link fallback}. */
export interface FallbackOptions {
  /** Which errors the fallback handles. [every error] */
  on?: (error: unknown) => boolean;
}

/** A fallback value, or a (sync or async) function of the error that makes one. */
export type FallbackValue<R> = R | ((error: unknown) => R | PromiseLike<R>);

/** Events of a fallback policy. `context` is the call's (`execute`'s fourth argument), untouched. */
export interface FallbackEvents<C = unknown> {
  fallback: { error: unknown; context?: C | undefined };
}

/**
 * Returns a substitute when the protected call fails with an error `on` accepts.
 * Never called on success. A function value is called with the error; to return a
 * function itself as the fallback, wrap it: `fallback(() => myFunction)`.
 *
 * @example const cached = fallback(() => lastKnownPrices, { on: (e) => e instanceof BrokenCircuitError });
 */
export class FallbackPolicy<R = unknown, C = unknown> {
  readonly #value: FallbackValue<R>;
  readonly #on: ((error: unknown) => boolean) | undefined;
  readonly #events = new Emitter<FallbackEvents<C>>();

  constructor(value: FallbackValue<R>, options: FallbackOptions = {}) {
    check.options('fallback options', options);
    check.knownKeys('fallback options', options, ['on']);
    this.#value = value;
    this.#on = options.on === undefined ? undefined : check.fn('on', options.on);
  }

  /** Runs `fn`; on an accepted error, resolves with the fallback instead. */
  async execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1, context?: C): Promise<T | R> {
    try {
      return await fn({ signal, attempt });
    } catch (error: unknown) {
      if (this.#on !== undefined && !this.#on(error)) throw error;
      this.#events.emit('fallback', { error, context });
      const value = this.#value;
      return typeof value === 'function' ? await (value as (error: unknown) => R | PromiseLike<R>)(error) : value;
    }
  }

  /** Subscribes to `'fallback'` (the substitute was used); returns the unsubscribe. */
  on<K extends keyof FallbackEvents<C>>(event: K, listener: (payload: FallbackEvents<C>[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }
}

/**
 * Creates a {@link FallbackPolicy}.
 *
 * @example const safe = pipeline(fallback([]), breaker, retry());
 */
export function fallback<R, C = unknown>(value: FallbackValue<R>, options?: FallbackOptions): FallbackPolicy<R, C> {
  return new FallbackPolicy<R, C>(value, options);
}
