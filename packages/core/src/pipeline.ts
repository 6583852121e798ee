import { CircuitBreaker } from './breaker/circuit-breaker.js';
import type { BreakerPermit } from './breaker/permit.js';
import { rejectSoon } from './common/reject-soon.js';
import { abortReason, neverAbortedSignal } from './common/signal.js';
import { RetryPolicy, retryAfterFirst, retryStart } from './retry/retry.js';
import type { Operation, Policy, PolicyLike } from './policy.js';

/**
 * Policies composed into one, the first outermost. The recommended order is
 * `pipeline(fallback, breaker, retry, timeout)`: the fallback sees the final
 * outcome, the breaker counts one outcome per logical call, retry repeats inside
 * it, and the timeout bounds each attempt. A call's `context` reaches every policy.
 *
 * @example const policy = pipeline(circuitBreaker(), retry({ maxAttempts: 3 }), timeout(2_000));
 */
export class Pipeline<C = unknown> implements Policy<C> {
  /** The policies, outermost first. */
  readonly policies: readonly PolicyLike<C>[];
  readonly #last: number;
  /** Where a breaker is directly followed by a retry: those two run as one layer. */
  readonly #fused: readonly boolean[];

  constructor(policies: readonly PolicyLike<C>[]) {
    policies.forEach((policy, index) => {
      if (typeof (policy as Partial<PolicyLike<C>> | undefined)?.execute !== 'function') {
        throw new TypeError(`pipeline argument ${index + 1} is not a policy (it has no execute method)`);
      }
    });
    this.policies = [...policies];
    this.#last = policies.length - 1;
    this.#fused = policies.map((policy, index) => policy instanceof CircuitBreaker && policies[index + 1] instanceof RetryPolicy);
  }

  /** Runs `fn` through every policy, outermost first; each gets `context` untouched. */
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1, context?: C): Promise<T> {
    return this.#run(0, fn, signal, attempt, context);
  }

  // One closure per layer per call; the innermost policy gets `fn` itself.
  #run<T>(index: number, fn: Operation<T>, signal: AbortSignal, attempt: number, context: C | undefined): Promise<T> {
    const policy = this.policies[index];
    if (policy === undefined) return Promise.resolve().then(() => fn({ signal, attempt }));
    if (this.#fused[index] === true) return this.#breakerAndRetry(index, fn, signal, attempt, context);
    if (index === this.#last) return policy.execute(fn, signal, attempt, context) as Promise<T>;
    const inner: Operation<T> = (each) => this.#run(index + 1, fn, each.signal, each.attempt, context);
    return policy.execute(inner, signal, attempt, context) as Promise<T>;
  }

  /**
   * `breaker.execute(() => retry.execute(inner))` in one layer: the breaker's permit
   * is settled in the same `.then` that hands a failed first attempt to the retry,
   * so the success path awaits the call once instead of through two async policies
   * (half the cost of an empty pipeline). Same admissions, counts, events and errors
   * as the nested form, which the property tests hold it to.
   */
  #breakerAndRetry<T>(index: number, fn: Operation<T>, signal: AbortSignal, attempt: number, context: C | undefined): Promise<T> {
    const breaker = this.policies[index] as CircuitBreaker<C>;
    const retry = this.policies[index + 1] as RetryPolicy<C>;
    const inner: Operation<T> =
      index + 1 === this.#last ? fn : (each) => this.#run(index + 2, fn, each.signal, each.attempt, context);
    let permit: BreakerPermit;
    try {
      permit = breaker.tryAcquire(context);
    } catch (error: unknown) {
      return rejectSoon(error);
    }
    const ready = permit.ready;
    if (ready === undefined) return attempts(permit, retry, inner, signal, context);
    return ready.then(() => attempts(permit, retry, inner, signal, context));
  }
}

/** Attempt 1 runs here; a failure goes on to the retry; the permit gets the final outcome. */
function attempts<T, C>(permit: BreakerPermit, retry: RetryPolicy<C>, inner: Operation<T>, signal: AbortSignal, context: C | undefined): Promise<T> {
  if (signal.aborted) {
    permit.ignore();
    return Promise.reject(abortReason(signal));
  }
  const started = retryStart(retry);
  let first: Promise<T>;
  try {
    first = Promise.resolve(inner({ signal, attempt: 1 }));
  } catch (error: unknown) {
    first = Promise.reject(error);
  }
  const succeeded = (value: T): T => {
    permit.success();
    return value;
  };
  return first.then(succeeded, (error: unknown) =>
    retryAfterFirst(retry, error, inner, signal, started, context).then(succeeded, (last: unknown) => {
      if (signal.aborted) permit.ignore();
      else permit.failure(last);
      throw last;
    }),
  );
}

/**
 * Composes policies, the first outermost.
 *
 * @example await pipeline(fallback(null), circuitBreaker(), retry()).execute(() => load());
 */
export function pipeline<C = unknown>(...policies: PolicyLike<C>[]): Pipeline<C> {
  return new Pipeline<C>(policies);
}
