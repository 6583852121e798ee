import { neverAbortedSignal } from './common/signal.js';
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

  constructor(policies: readonly PolicyLike[]) {
    policies.forEach((policy, index) => {
      if (typeof (policy as Partial<PolicyLike> | undefined)?.execute !== 'function') {
        throw new TypeError(`pipeline argument ${index + 1} is not a policy (it has no execute method)`);
      }
    });
    this.policies = [...policies];
    this.#last = policies.length - 1;
  }

  /** Runs `fn` through every policy, outermost first. */
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    return this.#run(0, fn, signal, attempt);
  }

  // One closure per layer per call; the innermost policy gets `fn` itself.
  #run<T>(index: number, fn: Operation<T>, signal: AbortSignal, attempt: number): Promise<T> {
    const policy = this.policies[index];
    if (policy === undefined) return Promise.resolve().then(() => fn({ signal, attempt }));
    if (index === this.#last) return policy.execute(fn, signal, attempt) as Promise<T>;
    return policy.execute((context) => this.#run(index + 1, fn, context.signal, context.attempt), signal, attempt) as Promise<T>;
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
