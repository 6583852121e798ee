import { CircuitBreaker } from './breaker/circuit-breaker.js';
import { rejectSoon } from './common/reject-soon.js';
import { abortReason, neverAbortedSignal } from './common/signal.js';
import { admitCall, retryAfterFirst, settleCall, startClock } from './internal.js';
import { RetryPolicy } from './retry/retry.js';
import type { Operation, Policy, PolicyLike } from './policy.js';

/**
 * Policies composed into one, the first outermost. The recommended order is
 * `pipeline(fallback, breaker, retry, timeout)`: the fallback sees the final
 * outcome, the breaker counts one outcome per logical call, retry repeats inside
 * it, and the timeout bounds each attempt.
 *
 * @example const policy = pipeline(circuitBreaker(), retry({ maxAttempts: 3 }), timeout(2_000));
 */
export class Pipeline implements Policy {
  /** The policies, outermost first. */
  readonly policies: readonly PolicyLike[];
  readonly #last: number;
  /** Where a breaker is directly followed by a retry: those two run as one layer. */
  readonly #fused: readonly boolean[];

  constructor(policies: readonly PolicyLike[]) {
    policies.forEach((policy, index) => {
      if (typeof (policy as Partial<PolicyLike> | undefined)?.execute !== 'function') {
        throw new TypeError(`pipeline argument ${index + 1} is not a policy (it has no execute method)`);
      }
    });
    this.policies = [...policies];
    this.#last = policies.length - 1;
    this.#fused = policies.map((policy, index) => policy instanceof CircuitBreaker && policies[index + 1] instanceof RetryPolicy);
  }

  /** Runs `fn` through every policy, outermost first. */
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    return this.#run(0, fn, signal, attempt);
  }

  // One closure per layer per call; the innermost policy gets `fn` itself.
  #run<T>(index: number, fn: Operation<T>, signal: AbortSignal, attempt: number): Promise<T> {
    const policy = this.policies[index];
    if (policy === undefined) return Promise.resolve().then(() => fn({ signal, attempt }));
    if (this.#fused[index] === true) return this.#breakerAndRetry(index, fn, signal, attempt);
    if (index === this.#last) return policy.execute(fn, signal, attempt) as Promise<T>;
    return policy.execute((context) => this.#run(index + 1, fn, context.signal, context.attempt), signal, attempt) as Promise<T>;
  }

  /**
   * `breaker.execute(() => retry.execute(inner))` in one layer: the success path
   * awaits the call once instead of through two async policies (half the cost of
   * an empty pipeline). Same admissions, counts, events and errors as the nested
   * form, which still runs for a half-open trial that must ask a store.
   */
  #breakerAndRetry<T>(index: number, fn: Operation<T>, signal: AbortSignal, attempt: number): Promise<T> {
    const breaker = this.policies[index] as CircuitBreaker;
    const retry = this.policies[index + 1] as RetryPolicy;
    const inner: Operation<T> =
      index + 1 === this.#last ? fn : (context) => this.#run(index + 2, fn, context.signal, context.attempt);
    const ticket = breaker[admitCall]();
    if (ticket === undefined) return breaker.execute((context) => retry.execute(inner, context.signal), signal, attempt);
    if (ticket instanceof Error) return rejectSoon(ticket);
    if (signal.aborted) {
      breaker[settleCall](ticket, signal, undefined, true);
      return Promise.reject(abortReason(signal));
    }
    const started = retry[startClock]();
    let first: Promise<T>;
    try {
      first = Promise.resolve(inner({ signal, attempt: 1 }));
    } catch (error: unknown) {
      first = Promise.reject(error);
    }
    const succeeded = (value: T): T => {
      breaker[settleCall](ticket, signal, undefined, false);
      return value;
    };
    return first.then(succeeded, (error: unknown) =>
      retry[retryAfterFirst](error, inner, signal, started).then(succeeded, (last: unknown) => {
        breaker[settleCall](ticket, signal, last, true);
        throw last;
      }),
    );
  }
}

/**
 * Composes policies, the first outermost.
 *
 * @example await pipeline(fallback(null), circuitBreaker(), retry()).execute(() => load());
 */
export function pipeline(...policies: PolicyLike[]): Pipeline {
  return new Pipeline(policies);
}
